import Foundation
import SpacertFSRS

/// One trainee's memory of one question at one `rev`, as the store keeps it.
///
/// A card exists once the question was first answered in practice at that `rev`; before
/// that (or after the `rev` rose) the question is new for the trainee.
public struct StoredCard: Sendable, Hashable {
    public var questionID: String
    /// The question's `rev` this memory belongs to.
    public var questionRev: Int
    /// The FSRS state, stability, difficulty and due time.
    public var card: Card
    /// Practice answers at this `rev`.
    public var reps: Int
    /// Times the card was forgotten (Again) while in review.
    public var lapses: Int
    /// When the question was first answered at this `rev`.
    public var introduced: Date

    public init(
        questionID: String, questionRev: Int, card: Card, reps: Int, lapses: Int, introduced: Date
    ) {
        self.questionID = questionID
        self.questionRev = questionRev
        self.card = card
        self.reps = reps
        self.lapses = lapses
        self.introduced = introduced
    }

    /// A card never answered, about to be answered for the first time at `time`.
    static func fresh(questionID: String, rev: Int, at time: Date) -> StoredCard {
        StoredCard(
            questionID: questionID, questionRev: rev, card: Card(due: time), reps: 0, lapses: 0,
            introduced: time)
    }

    /// The card after a practice answer rated `rating` at `time` (a whole microsecond).
    ///
    /// Fuzz is drawn from `SeededRandom(seed: "trainee|question|reviewCount")`, so replaying the
    /// log gives the same intervals.
    func reviewed(rating: Rating, at time: Date, traineeID: Int64, scheduler: Scheduler) -> StoredCard {
        var random = SeededRandom(seed: "\(traineeID)|\(questionID)|\(reps)")
        var next = self
        next.card = scheduler.review(card, rating: rating, at: time, using: &random)
        next.reps += 1
        if rating == .again && card.state == .review { next.lapses += 1 }
        return next
    }
}
