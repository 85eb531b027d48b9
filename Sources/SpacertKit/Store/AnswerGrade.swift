import SpacertFSRS

/// How a trainee judged a right answer: the default `good`, or `hard` or `easy` if they say so.
public enum AnswerGrade: String, Sendable, Hashable, Codable, CaseIterable {
    case hard, good, easy
}

extension Rating {
    /// The FSRS rating of a quiz answer: wrong is Again; right is Good unless the trainee
    /// marked it Hard or Easy (a grade on a wrong answer is ignored).
    public static func from(correct: Bool, grade: AnswerGrade? = nil) -> Rating {
        guard correct else { return .again }
        switch grade ?? .good {
        case .hard: return .hard
        case .good: return .good
        case .easy: return .easy
        }
    }
}
