import Foundation

/// One card's FSRS memory and schedule, as py-fsrs's `Card` holds it (without the id).
///
/// A new card is `learning` at step 0 with no stability, difficulty or last review.
public struct Card: Sendable, Hashable, Codable {
    /// The card's place in the state machine.
    public var state: CardState
    /// The learning or relearning step; `nil` in `review`.
    public var step: Int?
    /// Days until recall probability falls to 90%; `nil` before the first review.
    public var stability: Double?
    /// How hard the card is, from 1 to 10; `nil` before the first review.
    public var difficulty: Double?
    /// When the card should next be shown.
    public var due: Date
    /// When the card was last reviewed; `nil` before the first review.
    public var lastReview: Date?

    /// Creates a card in any state (for restoring a stored card).
    public init(
        state: CardState, step: Int?, stability: Double?, difficulty: Double?, due: Date,
        lastReview: Date?
    ) {
        self.state = state
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }

    /// Creates a new card, due at `due`: learning, step 0, never reviewed.
    public init(due: Date) {
        self.init(state: .learning, step: 0, stability: nil, difficulty: nil, due: due, lastReview: nil)
    }
}
