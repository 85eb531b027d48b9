/// Where a card stands in the FSRS state machine. A new card is `learning` at step 0.
public enum CardState: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// New or being learnt: scheduled by the learning steps.
    case learning = 1
    /// Graduated: scheduled in whole days from its stability.
    case review = 2
    /// Lapsed from review: scheduled by the relearning steps.
    case relearning = 3

    /// The state's name as py-fsrs and `spacert replay` spell it.
    public var description: String {
        switch self {
        case .learning: "Learning"
        case .review: "Review"
        case .relearning: "Relearning"
        }
    }
}
