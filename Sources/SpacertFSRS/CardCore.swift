import Foundation
import SpacertCore

/// A card with times as whole microseconds since 1970: the state machine's working form,
/// exact at py-fsrs's resolution and cheap for replaying long histories.
@usableFromInline package struct CardCore: Sendable, Hashable {
    @usableFromInline package var state: CardState
    @usableFromInline package var step: Int?
    @usableFromInline package var stability: Double?
    @usableFromInline package var difficulty: Double?
    @usableFromInline package var due: Int64
    @usableFromInline package var lastReview: Int64?

    /// A new card: learning, step 0, never reviewed.
    @inlinable package init(due: Int64) {
        state = .learning
        step = 0
        self.due = due
    }

    /// The working form of a public card.
    @inlinable package init(_ card: Card) {
        state = card.state
        step = card.step
        stability = card.stability
        difficulty = card.difficulty
        due = MicrosecondTime.micros(card.due)
        lastReview = card.lastReview.map(MicrosecondTime.micros)
    }

    /// The public form.
    @inlinable package var card: Card {
        Card(
            state: state, step: step, stability: stability, difficulty: difficulty,
            due: MicrosecondTime.date(due), lastReview: lastReview.map(MicrosecondTime.date))
    }

    /// Whole 24-hour periods from the last review to `now` (floored, as `timedelta.days`).
    @inlinable package func elapsedDays(at now: Int64) -> Int64? {
        guard let lastReview else { return nil }
        let difference = now &- lastReview
        let days = difference / MicrosecondTime.perDay
        return difference % MicrosecondTime.perDay < 0 ? days - 1 : days
    }

    /// py-fsrs `get_card_retrievability`: 0 if never reviewed.
    @inlinable package func retrievability(scheduler: Scheduler, at now: Int64) -> Double {
        guard let stability, let elapsed = elapsedDays(at: now) else { return 0 }
        return scheduler.retrievability(stability: stability, elapsedDays: max(0, elapsed))
    }

    /// py-fsrs `review_card`: the card after `rating` at `now`.
    ///
    /// A card with no stability or difficulty, in any state, is treated as never reviewed;
    /// a learning or relearning card with no step as step 0.
    @inlinable package func reviewed(
        by scheduler: Scheduler, rating: Rating, at now: Int64, fuzzing: Bool,
        using generator: inout some RandomNumberGenerator
    ) -> CardCore {
        reviewed(
            by: scheduler, rating: rating, at: now,
            retrievability: retrievability(scheduler: scheduler, at: now),
            fuzzing: fuzzing, using: &generator)
    }

    /// ``reviewed(by:rating:at:fuzzing:using:)`` given `retrievability(scheduler:at:)` for
    /// `now`, which a replay has computed already.
    @inline(__always)
    @inlinable package func reviewed(
        by scheduler: Scheduler, rating: Rating, at now: Int64, retrievability: Double, fuzzing: Bool,
        using generator: inout some RandomNumberGenerator
    ) -> CardCore {
        var card = self
        if let stability, let difficulty {
            if let elapsed = elapsedDays(at: now), elapsed < 1 {
                card.stability = scheduler.shortTermStability(stability, rating: rating)
            } else {
                card.stability = scheduler.longTermStability(
                    difficulty: difficulty, stability: stability, retrievability: retrievability,
                    rating: rating)
            }
            card.difficulty = scheduler.nextDifficulty(difficulty, rating: rating)
        } else {
            card.stability = scheduler.initialStability[rating.rawValue - 1]
            card.difficulty = scheduler.initialDifficulty[rating.rawValue - 1]
        }
        let newStability = card.stability!

        var wait: Int64
        switch state {
        case .learning, .relearning:
            let steps = state == .learning ? scheduler.learningStepsMicros : scheduler.relearningStepsMicros
            let step = max(step ?? 0, 0)
            if steps.isEmpty || (step >= steps.count && rating != .again) {
                card.state = .review
                card.step = nil
                wait = Int64(scheduler.nextInterval(stability: newStability)) * MicrosecondTime.perDay
            } else {
                switch rating {
                case .again:
                    card.step = 0
                    wait = steps[0]
                case .hard:
                    card.step = step
                    if step == 0 && steps.count == 1 {
                        wait = halfEvenQuotient(steps[0] * 3, 2)
                    } else if step == 0 {
                        wait = halfEvenQuotient(steps[0] + steps[1], 2)
                    } else {
                        wait = steps[step]
                    }
                case .good:
                    if step + 1 == steps.count {
                        card.state = .review
                        card.step = nil
                        wait = Int64(scheduler.nextInterval(stability: newStability)) * MicrosecondTime.perDay
                    } else {
                        card.step = step + 1
                        wait = steps[step + 1]
                    }
                case .easy:
                    card.state = .review
                    card.step = nil
                    wait = Int64(scheduler.nextInterval(stability: newStability)) * MicrosecondTime.perDay
                }
            }
        case .review:
            if rating == .again && !scheduler.relearningStepsMicros.isEmpty {
                card.state = .relearning
                card.step = 0
                wait = scheduler.relearningStepsMicros[0]
            } else {
                card.step = nil
                wait = Int64(scheduler.nextInterval(stability: newStability)) * MicrosecondTime.perDay
            }
        }

        if fuzzing && card.state == .review {
            let days = Int(wait / MicrosecondTime.perDay)
            wait = Int64(scheduler.fuzzedInterval(days, using: &generator)) * MicrosecondTime.perDay
        }
        card.due = now &+ wait
        card.lastReview = now
        return card
    }
}

/// `n / d` rounded half to even, as `timedelta` rounds products and quotients (n ≥ 0, d > 0).
@inlinable package func halfEvenQuotient(_ n: Int64, _ d: Int64) -> Int64 {
    let (q, r) = n.quotientAndRemainder(dividingBy: d)
    if 2 * r > d || (2 * r == d && q % 2 == 1) { return q + 1 }
    return q
}
