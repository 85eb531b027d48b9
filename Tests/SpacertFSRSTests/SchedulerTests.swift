import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// The scheduler's API beyond the golden vectors: validation, previews, retrievability, intervals.
@Suite struct SchedulerTests {
    let start = Date(timeIntervalSince1970: 1_736_154_000)  // 2025-01-06T09:00:00Z

    @Test("the defaults are py-fsrs's")
    func defaults() {
        let parameters = SchedulerParameters.default
        #expect(parameters.weights.count == 21 && parameters.weights[20] == 0.1542)
        #expect(parameters.desiredRetention == 0.9 && parameters.maximumInterval == 36500)
        #expect(parameters.learningSteps == [60, 600] && parameters.relearningSteps == [600])
        #expect(!parameters.enableFuzzing)
    }

    @Test("weights outside py-fsrs's bounds are refused, every one named")
    func weightBounds() throws {
        for index in 0..<21 {
            var weights = SchedulerParameters.defaultWeights
            weights[index] = SchedulerParameters.upperBounds[index] + 0.5
            #expect(throws: ParameterError.self) { try SchedulerParameters(weights: weights) }
            weights[index] = SchedulerParameters.lowerBounds[index] - 0.5
            #expect(throws: ParameterError.self) { try SchedulerParameters(weights: weights) }
            weights[index] = SchedulerParameters.lowerBounds[index]
            #expect(throws: Never.self) { try SchedulerParameters(weights: weights) }
            weights[index] = SchedulerParameters.upperBounds[index]
            #expect(throws: Never.self) { try SchedulerParameters(weights: weights) }
        }
        var weights = SchedulerParameters.defaultWeights
        weights[4] = 11
        weights[20] = .nan
        do {
            _ = try SchedulerParameters(weights: weights)
            Issue.record("accepted bad weights")
        } catch {
            #expect(
                error.problems == [
                    "parameters[4] = 11.0 is out of bounds [1.0, 10.0]",
                    "parameters[20] = nan is out of bounds [0.1, 0.8]",
                ])
        }
        #expect(throws: ParameterError(problems: ["expected 21 parameters, got 19"])) {
            try SchedulerParameters(weights: Array(SchedulerParameters.defaultWeights.prefix(19)))
        }
    }

    @Test("other settings are checked")
    func otherSettings() {
        #expect(throws: ParameterError.self) { try SchedulerParameters(desiredRetention: 0) }
        #expect(throws: ParameterError.self) { try SchedulerParameters(desiredRetention: 1.01) }
        #expect(throws: Never.self) { try SchedulerParameters(desiredRetention: 1) }
        #expect(throws: ParameterError.self) { try SchedulerParameters(learningSteps: [-1]) }
        #expect(throws: ParameterError.self) { try SchedulerParameters(relearningSteps: [.infinity]) }
        #expect(throws: ParameterError.self) { try SchedulerParameters(maximumInterval: 0) }
        #expect(throws: Never.self) {
            try SchedulerParameters(learningSteps: [], relearningSteps: [], maximumInterval: 1)
        }
    }

    @Test("a new card's first reviews follow the learning steps")
    func learningSteps() {
        let scheduler = Scheduler()
        let card = Card(due: start)
        #expect(scheduler.retrievability(of: card, at: start) == 0)
        let states = scheduler.nextStates(of: card, at: start)
        #expect(
            states.again.state == .learning && states.again.step == 0
                && states.again.due == start.addingTimeInterval(60))
        #expect(states.hard.step == 0 && states.hard.due == start.addingTimeInterval(330))
        #expect(states.good.step == 1 && states.good.due == start.addingTimeInterval(600))
        #expect(
            states.easy.state == .review && states.easy.step == nil
                && states.easy.due == start.addingTimeInterval(8 * 86400))
        #expect(states.good.stability == 2.3065 && states.good.difficulty == 2.118103970459016)
        #expect(states.easy.difficulty == 1)
        for rating in Rating.allCases {
            #expect(states[rating] == scheduler.review(card, rating: rating, at: start))
            #expect(states[rating].lastReview == start)
        }
    }

    @Test("retrievability counts whole 24-hour periods and is 0.9 after S days")
    func retrievability() {
        let scheduler = Scheduler()
        let card = Card(
            state: .review, step: nil, stability: 10, difficulty: 5, due: start, lastReview: start)
        #expect(scheduler.retrievability(of: card, at: start.addingTimeInterval(86399)) == 1)
        #expect(scheduler.retrievability(of: card, at: start.addingTimeInterval(-86400 * 3)) == 1)
        let oneDay = scheduler.retrievability(of: card, at: start.addingTimeInterval(86400))
        #expect(
            oneDay < 1
                && oneDay == scheduler.retrievability(of: card, at: start.addingTimeInterval(2 * 86400 - 1)))
        #expect(
            abs(scheduler.retrievability(of: card, at: start.addingTimeInterval(10 * 86400)) - 0.9) < 1e-12)
    }

    @Test("intervals round half to even and respect the bounds")
    func intervals() throws {
        let scheduler = Scheduler()
        #expect(scheduler.nextInterval(stability: 2.5) == 2)
        #expect(scheduler.nextInterval(stability: 3.5) == 4)
        #expect(scheduler.nextInterval(stability: 0.001) == 1)
        #expect(scheduler.nextInterval(stability: 1e300) == 36500)
        let short = Scheduler(parameters: try SchedulerParameters(desiredRetention: 0.8, maximumInterval: 30))
        #expect(short.nextInterval(stability: 3) == 10)
        #expect(short.nextInterval(stability: 100) == 30)
        let tiny = Scheduler(parameters: try SchedulerParameters(desiredRetention: 1e-300))
        #expect(tiny.nextInterval(stability: 1) == 36500)
    }

    @Test("difficulty stays in [1, 10] and stability above 0.001")
    func clamps() {
        let scheduler = Scheduler()
        var card = Card(due: start)
        var time = start
        for _ in 0..<50 {
            card = scheduler.review(card, rating: .again, at: time)
            time = time.addingTimeInterval(61)
        }
        // Mean reversion keeps Again-only difficulty just under 10 (about 9.98 with the defaults).
        #expect(card.difficulty! > 9.97 && card.difficulty! <= 10 && card.stability! >= 0.001)
        for _ in 0..<50 {
            card = scheduler.review(card, rating: .easy, at: time)
            time = card.due
        }
        #expect(card.difficulty == 1)
    }

    @Test("a card missing its memory is treated as new, in any state")
    func missingMemory() {
        let scheduler = Scheduler()
        let card = Card(
            state: .review, step: nil, stability: nil, difficulty: nil, due: start, lastReview: nil)
        let after = scheduler.review(card, rating: .good, at: start)
        #expect(
            after.stability == 2.3065 && after.state == .review
                && after.due == start.addingTimeInterval(2 * 86400))
    }

    @Test("cards, ratings and states are Codable values")
    func codable() throws {
        let card = Scheduler().review(Card(due: start), rating: .hard, at: start)
        let data = try JSONEncoder().encode(card)
        #expect(try JSONDecoder().decode(Card.self, from: data) == card)
        #expect(Rating(rawValue: 4) == .easy && CardState(rawValue: 3) == .relearning)
        #expect("\(Rating.hard) \(CardState.relearning)" == "Hard Relearning")
    }
}

@Suite struct MicrosecondTimeTests {
    @Test("times convert both ways exactly, and instants past Int64's range are held at its ends")
    func conversions() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.123456)
        #expect(MicrosecondTime.micros(date) == 1_767_225_600_123_456)
        #expect(MicrosecondTime.date(1_767_225_600_123_456) == MicrosecondTime.normalized(date))
        #expect(MicrosecondTime.micros(Date(timeIntervalSince1970: -1.5)) == -1_500_000)
        #expect(MicrosecondTime.date(-1_500_000) == Date(timeIntervalSince1970: -1.5))
        // The year 300000 would overflow: it is held at the largest instant instead.
        #expect(MicrosecondTime.micros(Date(timeIntervalSince1970: 9_400_000_000_000)) == .max)
        #expect(MicrosecondTime.micros(Date(timeIntervalSince1970: -9_400_000_000_000)) == .min)
        #expect(MicrosecondTime.micros(Date(timeIntervalSinceReferenceDate: .infinity)) == .max)
        #expect(MicrosecondTime.micros(Date(timeIntervalSinceReferenceDate: .nan)) == 0)
    }
}
