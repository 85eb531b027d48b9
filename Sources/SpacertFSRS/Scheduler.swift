import Foundation
import SpacertCore

/// The FSRS-6 scheduler, computing exactly what py-fsrs 6.3.2 computes.
///
/// Pure: the review time and any random source are parameters; nothing reads a clock.
public struct Scheduler: Sendable {
    /// The settings this scheduler was built from.
    public let parameters: SchedulerParameters

    // Values py-fsrs recomputes on every call; computing them once gives the same bits.
    @usableFromInline package let w: [Double]
    @usableFromInline package let decay: Double
    @usableFromInline package let factor: Double
    @usableFromInline package let intervalFactor: Double
    @usableFromInline package let recallScale: Double
    @usableFromInline package let forgetShortTermDivisor: Double
    @usableFromInline package let easyDifficultyTarget: Double
    @usableFromInline package let shortTermScale: [Double]
    @usableFromInline package let initialStability: [Double]
    @usableFromInline package let initialDifficulty: [Double]
    @usableFromInline package let learningStepsMicros: [Int64]
    @usableFromInline package let relearningStepsMicros: [Int64]

    /// Creates a scheduler from checked settings (py-fsrs's defaults, fuzz off, if none given).
    public init(parameters: SchedulerParameters = .default) {
        self.parameters = parameters
        let w = parameters.weights
        self.w = w
        decay = -w[20]
        factor = pow(0.9, 1 / decay) - 1
        intervalFactor = pow(parameters.desiredRetention, 1 / decay) - 1
        recallScale = pow(eulersNumber, w[8])
        forgetShortTermDivisor = pow(eulersNumber, w[17] * w[18])
        easyDifficultyTarget = Self.rawInitialDifficulty(w, .easy)
        shortTermScale = Rating.allCases.map { pow(eulersNumber, w[17] * (Double($0.rawValue - 3) + w[18])) }
        initialStability = Rating.allCases.map { max(w[$0.rawValue - 1], minimumStability) }
        initialDifficulty = Rating.allCases.map { clampDifficulty(Self.rawInitialDifficulty(w, $0)) }
        learningStepsMicros = parameters.learningSteps.map(MicrosecondTime.micros(seconds:))
        relearningStepsMicros = parameters.relearningSteps.map(MicrosecondTime.micros(seconds:))
    }

    /// Reviews a card at `time` and returns it updated, without fuzz whatever the settings say.
    public func review(_ card: Card, rating: Rating, at time: Date) -> Card {
        var unused = SeededRandom(seed: 0)
        return CardCore(card).reviewed(
            by: self, rating: rating, at: MicrosecondTime.micros(time),
            fuzzing: false, using: &unused
        ).card
    }

    /// Reviews a card at `time` and returns it updated; a review interval is fuzzed with
    /// `generator` when the settings enable fuzzing.
    public func review(
        _ card: Card, rating: Rating, at time: Date, using generator: inout some RandomNumberGenerator
    ) -> Card {
        CardCore(card).reviewed(
            by: self, rating: rating, at: MicrosecondTime.micros(time),
            fuzzing: parameters.enableFuzzing, using: &generator
        ).card
    }

    /// The probability of recalling the card at `time` (0 if it was never reviewed).
    ///
    /// Time counts in whole 24-hour periods since the last review, as py-fsrs counts it.
    public func retrievability(of card: Card, at time: Date) -> Double {
        CardCore(card).retrievability(scheduler: self, at: MicrosecondTime.micros(time))
    }

    /// The review interval in whole days for a stability, before fuzz: from 1 to `maximumInterval`.
    @inlinable public func nextInterval(stability: Double) -> Int {
        let days = (stability / factor) * intervalFactor
        guard days < Double(parameters.maximumInterval) else { return parameters.maximumInterval }
        return min(max(Int(days.rounded(.toNearestOrEven)), 1), parameters.maximumInterval)
    }

    /// The card after each of the four ratings at `time`, without fuzz, for a UI to preview.
    public func nextStates(of card: Card, at time: Date) -> NextStates {
        NextStates { review(card, rating: $0, at: time) }
    }

    /// The card after each of the four ratings at `time`, each fuzzed (when enabled) from a
    /// copy of `generator`: the preview for a rating is what ``review(_:rating:at:using:)``
    /// with the same generator gives.
    public func nextStates(of card: Card, at time: Date, generator: some RandomNumberGenerator) -> NextStates
    {
        NextStates { rating in
            var copy = generator
            return review(card, rating: rating, at: time, using: &copy)
        }
    }
}

/// Python's `math.e`, the base py-fsrs raises with `**`.
@usableFromInline package let eulersNumber = 2.718281828459045
/// py-fsrs `STABILITY_MIN`.
@usableFromInline package let minimumStability = 0.001
/// Clamps a difficulty to [1, 10].
@inlinable package func clampDifficulty(_ difficulty: Double) -> Double {
    min(max(difficulty, 1.0), 10.0)
}
