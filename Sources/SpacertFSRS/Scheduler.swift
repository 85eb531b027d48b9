import Foundation

/// The FSRS-6 scheduler, computing exactly what py-fsrs 6.3.2 computes.
///
/// Pure: the review time and any random source are parameters; nothing reads a clock.
public struct Scheduler: Sendable {
    /// The settings this scheduler was built from.
    public let parameters: SchedulerParameters

    // Values py-fsrs recomputes on every call; computing them once gives the same bits.
    let w: [Double]
    let decay: Double
    let factor: Double
    let intervalFactor: Double
    let recallScale: Double
    let forgetShortTermDivisor: Double
    let easyDifficultyTarget: Double
    let shortTermScale: [Double]
    let initialStability: [Double]
    let initialDifficulty: [Double]
    let learningStepsMicros: [Int64]
    let relearningStepsMicros: [Int64]

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
        learningStepsMicros = parameters.learningSteps.map(microseconds(ofSeconds:))
        relearningStepsMicros = parameters.relearningSteps.map(microseconds(ofSeconds:))
    }

    /// Reviews a card at `time` and returns it updated, without fuzz whatever the settings say.
    public func review(_ card: Card, rating: Rating, at time: Date) -> Card {
        var unused = SeededRandom(seed: 0)
        return CardCore(card).reviewed(
            by: self, rating: rating, at: microseconds(of: time),
            fuzzing: false, using: &unused
        ).card
    }

    /// Reviews a card at `time` and returns it updated; a review interval is fuzzed with
    /// `generator` when the settings enable fuzzing.
    public func review(
        _ card: Card, rating: Rating, at time: Date, using generator: inout some RandomNumberGenerator
    ) -> Card {
        CardCore(card).reviewed(
            by: self, rating: rating, at: microseconds(of: time),
            fuzzing: parameters.enableFuzzing, using: &generator
        ).card
    }

    /// The probability of recalling the card at `time` (0 if it was never reviewed).
    ///
    /// Time counts in whole 24-hour periods since the last review, as py-fsrs counts it.
    public func retrievability(of card: Card, at time: Date) -> Double {
        CardCore(card).retrievability(scheduler: self, at: microseconds(of: time))
    }

    /// The review interval in whole days for a stability, before fuzz: from 1 to `maximumInterval`.
    public func nextInterval(stability: Double) -> Int {
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
let eulersNumber = 2.718281828459045
/// py-fsrs `STABILITY_MIN`.
let minimumStability = 0.001
/// Microseconds in one day.
let microsPerDay: Int64 = 86_400_000_000

/// Clamps a difficulty to [1, 10].
func clampDifficulty(_ difficulty: Double) -> Double {
    min(max(difficulty, 1.0), 10.0)
}

/// A Date as whole microseconds since 1970 (py-fsrs's datetime resolution).
///
/// Splits whole and fractional seconds so that a Date made by ``date(ofMicroseconds:)``
/// comes back exactly for years 1729 to 2273 (where a Date still resolves a microsecond).
func microseconds(of date: Date) -> Int64 {
    let seconds = date.timeIntervalSinceReferenceDate
    let whole = seconds.rounded(.down)
    let fraction = Int64(((seconds - whole) * 1e6).rounded())
    return (Int64(whole) + referenceDateSeconds) * 1_000_000 + fraction
}

/// A duration in seconds as whole microseconds, rounded half to even as `timedelta` does.
func microseconds(ofSeconds seconds: TimeInterval) -> Int64 {
    Int64((seconds * 1e6).rounded(.toNearestOrEven))
}

/// Microseconds since 1970 as a Date (the nearest Date to that instant).
func date(ofMicroseconds micros: Int64) -> Date {
    var (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
    if fraction < 0 {
        seconds -= 1
        fraction += 1_000_000
    }
    return Date(
        timeIntervalSinceReferenceDate: Double(seconds - referenceDateSeconds) + Double(fraction) / 1e6)
}

/// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
private let referenceDateSeconds: Int64 = 978_307_200
