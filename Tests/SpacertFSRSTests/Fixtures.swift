import Foundation
import SpacertCore

@testable import SpacertFSRS
@testable import SpacertReplay

/// The golden vectors py-fsrs 6.3.2 wrote (Scripts/fsrs-golden/generate.py).
enum Fixtures {
    /// A `replay` input document.
    struct Input: Decodable {
        struct Review: Decodable {
            let rating: Int
            let time: String
        }
        struct Card: Decodable {
            let id: String
            let reviews: [Review]
        }
        let retention: Double
        let learning_steps_minutes: [Double]
        let relearning_steps_minutes: [Double]
        let maximum_interval: Int
        let parameters: [Double]?
        let cards: [Card]
    }

    /// One card's state after a review, as py-fsrs computed it.
    struct ExpectedReview: Decodable {
        let state: String
        let step: Int?
        let stability: Double
        let difficulty: Double
        let retrievability: Double
        let due: String
    }

    /// A `replay` output document, plus a description.
    struct Expected: Decodable {
        struct Card: Decodable {
            let id: String
            let reviews: [ExpectedReview]
        }
        let description: String?
        let version: Int
        let cards: [Card]
    }

    /// One single-review case of transitions.json.
    struct Transition: Decodable {
        struct Settings: Decodable {
            let retention: Double
            let learning_steps_minutes: [Double]
            let relearning_steps_minutes: [Double]
            let maximum_interval: Int
        }
        struct StartCard: Decodable {
            let state: String
            let step: Int?
            let stability: Double?
            let difficulty: Double?
            let due: String
            let last_review: String?
        }
        let description: String
        let settings: Settings
        let card: StartCard
        let rating: Int
        let time: String
        let expected: ExpectedReview
    }

    struct Transitions: Decodable {
        let cases: [Transition]
    }

    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    /// The names of the history fixtures (NAME.input.json with NAME.expected.json).
    static let historyNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".input.json") }.map { String($0.dropLast(".input.json".count)) }
            .sorted()
    }()

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    static func input(_ name: String) throws -> Input {
        try JSONDecoder().decode(Input.self, from: data(name + ".input.json"))
    }

    static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: data(name + ".expected.json"))
    }

    static func transitions() throws -> [Transition] {
        try JSONDecoder().decode(Transitions.self, from: data("transitions.json")).cases
    }

    /// The scheduler an input asks for.
    static func parameters(
        retention: Double, learning: [Double], relearning: [Double], maximumInterval: Int,
        weights: [Double]?
    ) throws -> SchedulerParameters {
        try SchedulerParameters(
            weights: weights ?? SchedulerParameters.defaultWeights, desiredRetention: retention,
            learningSteps: learning.map { $0 * 60 }, relearningSteps: relearning.map { $0 * 60 },
            maximumInterval: maximumInterval)
    }
}

/// Parses an ISO 8601 time with offset to a Date (microsecond-exact through `Timestamp`).
func parseTime(_ text: String) throws -> Date {
    MicrosecondTime.date(try parseMicros(text))
}

/// Parses an ISO 8601 time with offset to microseconds since 1970.
func parseMicros(_ text: String) throws -> Int64 {
    try Array(text.utf8).withUnsafeBufferPointer { try Timestamp.parse($0) }
}

/// A Date as whole microseconds since 1970.
func micros(_ date: Date) -> Int64 {
    MicrosecondTime.micros(date)
}

/// Whether a Date is the instant `expected` (microseconds since 1970) to the microsecond, or,
/// past 2273 where a Date no longer resolves a microsecond, to the Date's own resolution.
func sameInstant(_ date: Date, _ expected: Int64) -> Bool {
    let found = micros(date)
    if found == expected { return true }
    let resolution = Int64((date.timeIntervalSinceReferenceDate.ulp * 1e6).rounded(.up))
    return resolution > 1 && abs(found - expected) <= resolution
}

/// Whether two numbers agree to `tolerance` relative.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
}

/// Differences between a computed review and py-fsrs's, as text (empty if they agree).
func differences(
    state: CardState, step: Int?, stability: Double?, difficulty: Double?, retrievability: Double,
    due: Date, expected: Fixtures.ExpectedReview
) throws -> [String] {
    var problems: [String] = []
    if state.description != expected.state { problems.append("state \(state) != \(expected.state)") }
    if step != expected.step {
        problems.append("step \(String(describing: step)) != \(String(describing: expected.step))")
    }
    if !close(stability ?? .nan, expected.stability) {
        problems.append("stability \(String(describing: stability)) != \(expected.stability)")
    }
    if !close(difficulty ?? .nan, expected.difficulty) {
        problems.append("difficulty \(String(describing: difficulty)) != \(expected.difficulty)")
    }
    if !close(retrievability, expected.retrievability) {
        problems.append("retrievability \(retrievability) != \(expected.retrievability)")
    }
    if !sameInstant(due, try parseMicros(expected.due)) {
        problems.append("due \(Timestamp.string(micros(due))) != \(expected.due)")
    }
    return problems
}
