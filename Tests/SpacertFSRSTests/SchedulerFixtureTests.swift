import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// The scheduler's public API against py-fsrs 6.3.2's golden vectors.
@Suite struct SchedulerFixtureTests {
    @Test("every review of a history fixture matches py-fsrs", arguments: Fixtures.historyNames)
    func history(name: String) throws {
        let input = try Fixtures.input(name)
        let expected = try Fixtures.expected(name)
        let scheduler = Scheduler(
            parameters: try Fixtures.parameters(
                retention: input.retention, learning: input.learning_steps_minutes,
                relearning: input.relearning_steps_minutes, maximumInterval: input.maximum_interval,
                weights: input.parameters))
        #expect(input.cards.count == expected.cards.count)
        var problems: [String] = []
        var checked = 0
        for (card, expectedCard) in zip(input.cards, expected.cards) {
            #expect(card.id == expectedCard.id)
            #expect(card.reviews.count == expectedCard.reviews.count)
            guard let first = card.reviews.first else { continue }
            var state = Card(due: try parseTime(first.time))
            for (index, (review, want)) in zip(card.reviews, expectedCard.reviews).enumerated() {
                let time = try parseTime(review.time)
                let retrievability = scheduler.retrievability(of: state, at: time)
                state = scheduler.review(state, rating: Rating(rawValue: review.rating)!, at: time)
                #expect(state.lastReview == time)
                let found = try differences(
                    state: state.state, step: state.step, stability: state.stability,
                    difficulty: state.difficulty, retrievability: retrievability, due: state.due,
                    expected: want)
                if !found.isEmpty {
                    problems.append("\(card.id) review \(index): " + found.joined(separator: ", "))
                }
                checked += 1
            }
        }
        #expect(checked > 0)
        #expect(problems.isEmpty, "\(problems.count) of \(checked) reviews differ: \(problems.prefix(5))")
    }

    @Test("single reviews of hand-made cards match py-fsrs")
    func transitions() throws {
        let cases = try Fixtures.transitions()
        #expect(cases.count > 50)
        for item in cases {
            let settings = item.settings
            let scheduler = Scheduler(
                parameters: try Fixtures.parameters(
                    retention: settings.retention, learning: settings.learning_steps_minutes,
                    relearning: settings.relearning_steps_minutes, maximumInterval: settings.maximum_interval,
                    weights: nil))
            let start = Card(
                state: CardState.allCases.first { $0.description == item.card.state }!, step: item.card.step,
                stability: item.card.stability, difficulty: item.card.difficulty,
                due: try parseTime(item.card.due),
                lastReview: try item.card.last_review.map(parseTime))
            let time = try parseTime(item.time)
            let rating = Rating(rawValue: item.rating)!
            let after = scheduler.review(start, rating: rating, at: time)
            let found = try differences(
                state: after.state, step: after.step, stability: after.stability,
                difficulty: after.difficulty,
                retrievability: scheduler.retrievability(of: start, at: time), due: after.due,
                expected: item.expected)
            #expect(found.isEmpty, "\(item.description), \(rating): \(found)")
            #expect(scheduler.nextStates(of: start, at: time)[rating] == after)
        }
    }
}
