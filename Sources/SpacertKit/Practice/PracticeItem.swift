/// One question a session should ask next, with the trainee's card for it.
public struct PracticeItem: Sendable, Hashable {
    /// Where the question stands for the trainee.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Never answered at its current `rev`.
        case new
        /// In learning or relearning steps: it comes back within the day.
        case learning
        /// Graduated: scheduled in days.
        case review
    }

    public var question: Question
    public var kind: Kind
    /// The trainee's card at the question's current `rev`; nil when new.
    public var card: StoredCard?

    public init(question: Question, card: StoredCard?) {
        self.question = question
        self.card = card
        switch card?.card.state {
        case nil: kind = .new
        case .learning?, .relearning?: kind = .learning
        case .review?: kind = .review
        }
    }
}
