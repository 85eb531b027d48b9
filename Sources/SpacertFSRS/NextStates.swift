/// A card's four possible futures, one per rating, for previews such as "Good: 3 days".
public struct NextStates: Sendable, Hashable {
    /// The card after `Again`.
    public let again: Card
    /// The card after `Hard`.
    public let hard: Card
    /// The card after `Good`.
    public let good: Card
    /// The card after `Easy`.
    public let easy: Card

    /// Builds the four states from a function of the rating.
    @inlinable package init(_ next: (Rating) -> Card) {
        again = next(.again)
        hard = next(.hard)
        good = next(.good)
        easy = next(.easy)
    }

    /// The card after `rating`.
    public subscript(rating: Rating) -> Card {
        switch rating {
        case .again: again
        case .hard: hard
        case .good: good
        case .easy: easy
        }
    }
}
