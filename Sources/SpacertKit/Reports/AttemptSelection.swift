/// Which of a trainee's attempts the item analysis counts (Moodle's "calculate statistics
/// from"). The default is `highest`, as in Moodle, whose default is the quiz's grading method,
/// itself "highest grade" by default; a certificate, too, rests on a trainee's best attempt.
public enum AttemptSelection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each trainee's first attempt.
    case first
    /// Each trainee's latest attempt.
    case last
    /// Each trainee's best-scoring attempt (the earliest of equal scores, as Moodle picks).
    case highest
    /// Every attempt.
    case all

    /// The default, as Moodle's: the highest-graded attempt.
    public static let `default` = AttemptSelection.highest

    /// The attempts to count from `results` (any order): voided attempts never count; the
    /// rest are picked per trainee. The answer keeps the order of `results`.
    public func select(_ results: [ExamResult]) -> [ExamResult] {
        let counted = results.filter { $0.ending != .voided }
        guard self != .all else { return counted }
        var chosen: [Int64: Int] = [:]
        for (index, result) in counted.enumerated() {
            guard let current = chosen[result.traineeID] else {
                chosen[result.traineeID] = index
                continue
            }
            let held = counted[current]
            let replace: Bool
            switch self {
            case .first: replace = Self.earlier(result, than: held)
            case .last: replace = Self.earlier(held, than: result)
            case .highest:
                replace =
                    result.score > held.score
                    || (result.score == held.score && Self.earlier(result, than: held))
            case .all: replace = false
            }
            if replace { chosen[result.traineeID] = index }
        }
        let keep = Set(chosen.values)
        return counted.indices.filter(keep.contains).map { counted[$0] }
    }

    /// Whether `a` finished before `b` (by attempt id when they finished at the same moment).
    private static func earlier(_ a: ExamResult, than b: ExamResult) -> Bool {
        a.finished != b.finished ? a.finished < b.finished : a.attemptID < b.attemptID
    }
}
