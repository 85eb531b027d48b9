/// The order new questions are introduced in: critical questions first, and within each
/// group the four areas taken in turn, each area's questions in bank order.
public enum IntroductionOrder {
    /// `questions` reordered for introduction.
    public static func ordered(_ questions: [Question]) -> [Question] {
        interleaved(questions.filter(\.critical)) + interleaved(questions.filter { !$0.critical })
    }

    /// One question from each area in turn (techniques, body mechanics, communication,
    /// contraindications), until all are used.
    static func interleaved(_ questions: [Question]) -> [Question] {
        var queues = Category.allCases.map { category in questions.filter { $0.category == category }[...] }
        var result: [Question] = []
        result.reserveCapacity(questions.count)
        while result.count < questions.count {
            for index in queues.indices {
                if let next = queues[index].popFirst() { result.append(next) }
            }
        }
        return result
    }
}
