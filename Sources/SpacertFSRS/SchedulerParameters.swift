import Foundation

/// The settings of an FSRS-6 scheduler, checked against py-fsrs 6.3.2's bounds.
///
/// Build one with the throwing initializer; a value that exists is valid.
public struct SchedulerParameters: Sendable, Hashable {
    /// The 21 FSRS-6 model weights w0…w20.
    public let weights: [Double]
    /// The recall probability reviews are scheduled for, in (0, 1].
    public let desiredRetention: Double
    /// Waits between learning steps, in seconds.
    public let learningSteps: [TimeInterval]
    /// Waits between relearning steps, in seconds.
    public let relearningSteps: [TimeInterval]
    /// The longest review interval, in days.
    public let maximumInterval: Int
    /// Whether review intervals get a little random fuzz.
    public let enableFuzzing: Bool

    /// FSRS-6's default weights (py-fsrs `DEFAULT_PARAMETERS`).
    public static let defaultWeights: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    /// The lowest value py-fsrs accepts for each weight.
    public static let lowerBounds: [Double] = [
        0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
        0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
    ]
    /// The highest value py-fsrs accepts for each weight.
    public static let upperBounds: [Double] = [
        100, 100, 100, 100, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
        5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
    ]
    /// The longest `maximumInterval` accepted, in days (about 2,700 years).
    public static let maximumIntervalLimit = 1_000_000

    /// py-fsrs's defaults: retention 0.9, learning steps 1 and 10 minutes, relearning 10
    /// minutes, at most 36,500 days, no fuzz (py-fsrs fuzzes by default; spacert asks for it).
    public static let `default` = try! SchedulerParameters()

    /// Checks and stores the settings; throws ``ParameterError`` listing every problem.
    public init(
        weights: [Double] = SchedulerParameters.defaultWeights,
        desiredRetention: Double = 0.9,
        learningSteps: [TimeInterval] = [60, 600],
        relearningSteps: [TimeInterval] = [600],
        maximumInterval: Int = 36500,
        enableFuzzing: Bool = false
    ) throws(ParameterError) {
        var problems: [String] = []
        if weights.count != Self.lowerBounds.count {
            problems.append("expected \(Self.lowerBounds.count) parameters, got \(weights.count)")
        } else {
            for (index, weight) in weights.enumerated()
            where !(Self.lowerBounds[index] <= weight && weight <= Self.upperBounds[index]) {
                problems.append(
                    "parameters[\(index)] = \(weight) is out of bounds "
                        + "[\(Self.lowerBounds[index]), \(Self.upperBounds[index])]")
            }
        }
        if !(desiredRetention > 0 && desiredRetention <= 1) {
            problems.append("desired retention \(desiredRetention) is not in (0, 1]")
        }
        for (name, steps) in [("learning", learningSteps), ("relearning", relearningSteps)] {
            for (index, step) in steps.enumerated() where !(step.isFinite && step >= 0 && step < 3.15e9) {
                problems.append(
                    "\(name) step \(index) = \(step) seconds is not a duration from 0 to 100 years")
            }
        }
        if !(1...Self.maximumIntervalLimit).contains(maximumInterval) {
            problems.append(
                "maximum interval \(maximumInterval) is not from 1 to \(Self.maximumIntervalLimit) days")
        }
        guard problems.isEmpty else { throw ParameterError(problems: problems) }
        self.weights = weights
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.enableFuzzing = enableFuzzing
    }
}

/// Why scheduler settings were refused: every problem found, in order.
public struct ParameterError: LocalizedError, Sendable, Hashable, CustomStringConvertible {
    /// One line per problem, e.g. `parameters[4] = 11.0 is out of bounds [1.0, 10.0]`.
    public let problems: [String]

    /// All problems joined with "; ".
    public var description: String { "invalid scheduler parameters: " + problems.joined(separator: "; ") }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
