import Foundation
import SpacertCore
import SpacertFSRS

/// Why `replay` refused its input: where the problem is and what it is.
public struct ReplayError: LocalizedError, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `rating 5 is not 1 (Again) to 4 (Easy)`.
    public let message: String
    /// The 0-based index of the card in `cards`, when the problem is in a card.
    public let cardIndex: Int?
    /// The card's `id`, when the problem is in a card that has one.
    public let cardID: String?
    /// The 0-based index of the review in the card's `reviews`, when the problem is in a review.
    public let reviewIndex: Int?

    /// Creates an error; the location fields are optional.
    public init(_ message: String, cardIndex: Int? = nil, cardID: String? = nil, reviewIndex: Int? = nil) {
        self.message = message
        self.cardIndex = cardIndex
        self.cardID = cardID
        self.reviewIndex = reviewIndex
    }

    /// The location then the message, e.g. `cards[0] (id "c1"), reviews[2]: rating 5 is ...`.
    public var description: String {
        var location = ""
        if let cardIndex {
            location = "cards[\(cardIndex)]"
            if let cardID { location += " (id \(quoted(cardID)))" }
        }
        if let reviewIndex { location += (location.isEmpty ? "" : ", ") + "reviews[\(reviewIndex)]" }
        return location.isEmpty ? message : location + ": " + message
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
