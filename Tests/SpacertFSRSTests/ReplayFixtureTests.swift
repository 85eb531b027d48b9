import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// `replay(_:)` (decode, compute, encode) against py-fsrs 6.3.2's golden vectors.
@Suite struct ReplayFixtureTests {
    @Test("replay of a fixture input gives py-fsrs's states", arguments: Fixtures.historyNames)
    func replayMatches(name: String) throws {
        let output = try replay(try Fixtures.data(name + ".input.json"))
        let found = try JSONDecoder().decode(Fixtures.Expected.self, from: output)
        let expected = try Fixtures.expected(name)
        #expect(found.version == 1)
        #expect(found.cards.count == expected.cards.count)
        var problems: [String] = []
        var checked = 0
        for (card, want) in zip(found.cards, expected.cards) {
            #expect(card.id == want.id)
            #expect(card.reviews.count == want.reviews.count)
            for (index, (review, wanted)) in zip(card.reviews, want.reviews).enumerated() {
                var differences: [String] = []
                if review.state != wanted.state {
                    differences.append("state \(review.state) != \(wanted.state)")
                }
                if review.step != wanted.step { differences.append("step") }
                if !close(review.stability, wanted.stability) {
                    differences.append("stability \(review.stability) != \(wanted.stability)")
                }
                if !close(review.difficulty, wanted.difficulty) { differences.append("difficulty") }
                if !close(review.retrievability, wanted.retrievability) {
                    differences.append("retrievability")
                }
                if review.due != wanted.due { differences.append("due \(review.due) != \(wanted.due)") }
                if !differences.isEmpty { problems.append("\(card.id) review \(index): \(differences)") }
                checked += 1
            }
        }
        #expect(checked > 0)
        #expect(problems.isEmpty, "\(problems.count) of \(checked) reviews differ: \(problems.prefix(5))")
    }

    @Test("replay output has the protocol's shape")
    func outputShape() throws {
        let input = #"""
            {"cards":[{"id":"c1","reviews":[{"rating":3,"time":"2025-01-06T09:00:00Z"},
            {"rating":4,"time":"2025-01-06T10:10:00.250+01:00"}]}]}
            """#
        let output = String(decoding: try replay(Data(input.utf8)), as: UTF8.self)
        #expect(
            output == #"{"version":1,"cards":[{"id":"c1","reviews":["#
                + #"{"state":"Learning","step":1,"stability":2.3065,"difficulty":2.118103970459016,"#
                + #""retrievability":0.0,"due":"2025-01-06T09:10:00Z"},"#
                + #"{"state":"Review","step":null,"stability":3.946054067969477,"difficulty":1.0,"#
                + #""retrievability":1.0,"due":"2025-01-10T09:10:00.25Z"}]}]}"#)
    }
}
