import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// The streaming `replay(_:into:)`, the batched parallel writer and the compact-review fast path
/// all give exactly the output of the plain path.
@Suite struct ReplayStreamingTests {
    /// A large input (30,000 reviews: several batches on several cores), compact JSON.
    static let largeInput: Data = {
        var generator = SeededRandom(seed: "large")
        var text = #"{"cards":["#
        for card in 0..<300 {
            if card > 0 { text += "," }
            text += #"{"id":"c\#(card)","reviews":["#
            var time = Int64(1_736_154_000) + Int64(card) * 3600
            for review in 0..<100 {
                if review > 0 { text += "," }
                time += Int64(generator.next() % 5_000_000)
                let rating = Int(generator.next() % 4) + 1
                text += #"{"rating":\#(rating),"time":"\#(Timestamp.string(time * 1_000_000))"}"#
            }
            text += "]}"
        }
        return Data((text + "]}").utf8)
    }()

    @Test("streamed pieces join to the same bytes as replay(_:)")
    func streamingMatches() throws {
        for input in [Self.largeInput, try Fixtures.data("random_default.input.json")] {
            var joined = Data()
            var pieces = 0
            try replay(input) { chunk in
                joined.append(contentsOf: chunk)
                pieces += 1
            }
            #expect(joined == (try replay(input)))
            #expect(pieces >= 3)
        }
    }

    @Test("batch size and the number of workers do not change the output")
    func batchingIsInvisible() throws {
        let history = try Self.largeInput.withUnsafeBytes {
            try ReplayHistory(decoding: $0.bindMemory(to: UInt8.self))
        }
        let scheduler = Scheduler(parameters: try history.schedulerParameters())
        func output(batch: Int, workers: Int? = nil) -> [UInt8] {
            var bytes: [UInt8] = []
            history.write(by: scheduler, batchReviews: batch, workers: workers) {
                bytes.append(contentsOf: $0)
            }
            return bytes
        }
        let single = output(batch: 1_000_000)
        #expect(output(batch: 1) == single)
        #expect(output(batch: 777) == single)
        for workers in [1, 2, 3, 8] {
            #expect(output(batch: 1, workers: workers) == single, "\(workers) workers")
            #expect(output(batch: 2000, workers: workers) == single, "\(workers) workers")
        }
        #expect(try JSONSerialization.jsonObject(with: Data(single)) is [String: Any])
    }

    @Test("the compact fast path and the general reader agree")
    func fastPathMatchesGeneralPath() throws {
        let compact = String(decoding: try Fixtures.data("same_day.input.json"), as: UTF8.self)
        let spaced = compact.replacingOccurrences(of: #"":"#, with: #"": "#)
            .replacingOccurrences(of: #",""#, with: #", ""#).replacingOccurrences(of: #"{""#, with: #"{ ""#)
        #expect(spaced != compact)
        #expect(try replay(Data(spaced.utf8)) == (try replay(Data(compact.utf8))))
        let large = String(decoding: Self.largeInput, as: UTF8.self)
        let largeSpaced = large.replacingOccurrences(of: #"":"#, with: #"" : "#)
        #expect(try replay(Data(largeSpaced.utf8)) == (try replay(Self.largeInput)))
    }

    @Test("the fast path leaves out-of-order and invalid compact reviews to the checks")
    func fastPathChecks() throws {
        let outOfOrder =
            #"{"cards":[{"id":"k","reviews":[{"rating":3,"time":"2025-01-06T09:00:00Z"},"#
            + #"{"rating":3,"time":"2025-01-06T08:59:59Z"}]}]}"#
        #expect(
            throws: ReplayError(
                "time \"2025-01-06T08:59:59Z\" is earlier than the review before it "
                    + "(\"2025-01-06T09:00:00Z\"); reviews must be in time order", cardIndex: 0, cardID: "k",
                reviewIndex: 1)
        ) {
            try replay(Data(outOfOrder.utf8))
        }
        let badDate = #"{"cards":[{"id":"k","reviews":[{"rating":3,"time":"2025-13-06T09:00:00Z"}]}]}"#
        #expect(throws: ReplayError.self) { try replay(Data(badDate.utf8)) }
        let badDigit = #"{"cards":[{"id":"k","reviews":[{"rating":0,"time":"2025-01-06T09:00:00Z"}]}]}"#
        #expect(throws: ReplayError.self) { try replay(Data(badDigit.utf8)) }
    }

    @Test("an error from the sink stops the replay, however many threads compute")
    func sinkErrorStops() throws {
        struct Full: Error {}
        let history = try Self.largeInput.withUnsafeBytes {
            try ReplayHistory(decoding: $0.bindMemory(to: UInt8.self))
        }
        let scheduler = Scheduler(parameters: try history.schedulerParameters())
        for workers in [1, 2, 4] {
            for failAt in [0, 1, 5, 40] {
                var calls = 0
                #expect(throws: Full.self) {
                    try history.write(by: scheduler, batchReviews: 300, workers: workers) { _ in
                        calls += 1
                        if calls > failAt { throw Full() }
                    }
                }
                #expect(calls == failAt + 1)
            }
        }
    }

    @Test("a large cards array read in two halves at once gives the same history and errors")
    func twoHalves() throws {
        func decode(_ input: Data, pool: BatchPool?) -> Result<ReplayHistory, ReplayError> {
            input.withUnsafeBytes { raw in
                Result { () throws(ReplayError) in
                    try ReplayHistory(decoding: raw.bindMemory(to: UInt8.self), pool: pool)
                }
            }
        }
        let text = Self.largeInput
        let lastRating = text.lastIndex(of: UInt8(ascii: "g"))! + 3
        let middleRating = text[(text.count / 2)...].firstIndex(of: UInt8(ascii: "g"))! + 3
        var inputs = [text]
        for (index, byte) in [
            (lastRating, "7"), (middleRating, "0"), (text.count * 3 / 4, "@"), (text.count - 3, "["),
        ] {
            var bad = text
            bad[index] = UInt8(ascii: Unicode.Scalar(byte)!)
            inputs.append(bad)
        }
        var both = text
        both[lastRating] = UInt8(ascii: "9")
        both[text[(text.count / 4)...].firstIndex(of: UInt8(ascii: "g"))! + 3] = UInt8(ascii: "5")
        inputs.append(both)
        inputs.append(text.prefix(text.count / 2 + 7))
        for input in inputs {
            let pool = BatchPool(workers: 2)
            let alone = decode(input, pool: nil)
            let halves = decode(input, pool: pool)
            pool.finish()
            switch (alone, halves) {
            case (.success(let a), .success(let b)):
                #expect(a.ratings == b.ratings && a.times == b.times)
                #expect(
                    a.cards.map(\.id) == b.cards.map(\.id) && a.cards.map(\.reviews) == b.cards.map(\.reviews)
                )
            case (.failure(let a), .failure(let b)):
                #expect(a == b)
            default:
                Issue.record("one way failed, the other did not: \(alone), \(halves)")
            }
        }
    }

    @Test("a large input that turns out bad stops the threads started for it, with no output")
    func badLargeInput() throws {
        #expect(Self.largeInput.count >= ReplayHistory.poolThreshold)
        let truncated = Self.largeInput.prefix(Self.largeInput.count - 100)
        var lateBadRating = Self.largeInput
        let last = lateBadRating.lastIndex(of: UInt8(ascii: "g"))! + 3  // the last "rating":N
        lateBadRating[last] = UInt8(ascii: "7")
        for input in [truncated, lateBadRating] {
            var pieces = 0
            #expect(throws: ReplayError.self) {
                try replay(input) { _ in pieces += 1 }
            }
            #expect(pieces == 0)
        }
    }

    @Test("large replays in many tasks at once all finish, each with the same output")
    func concurrentReplays() async throws {
        let expected = try replay(Self.largeInput)
        try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var joined = Data()
                    try replay(Self.largeInput) { joined.append(contentsOf: $0) }
                    return joined
                }
            }
            for try await output in group { #expect(output == expected) }
        }
    }

    @Test("the timed replay writes the same bytes and counts the input")
    func timedReplay() throws {
        var joined = Data()
        let phases = try Self.largeInput.withUnsafeBytes { input in
            try ReplayPhases.measure(input) { joined.append(contentsOf: $0) }
        }
        #expect(joined == (try replay(Self.largeInput)))
        #expect(phases.reviews == 30_000 && phases.cards == 300 && phases.outputBytes == joined.count)
        #expect(phases.engine > .zero && phases.decode > .zero && phases.schedule > .zero)
        #expect(phases.replay > .zero && phases.write <= phases.engine)
    }

    @Test("the scheduler alone gives the states the replay writes")
    func scheduleOnly() throws {
        let input = try Fixtures.data("random_default.input.json")
        let history = try input.withUnsafeBytes { try ReplayHistory(decoding: $0.bindMemory(to: UInt8.self)) }
        let scheduler = Scheduler(parameters: try history.schedulerParameters())
        let states = history.scheduleOnly(by: scheduler)
        #expect(states.count == history.ratings.count)
        let output = try JSONDecoder().decode(Fixtures.Expected.self, from: try replay(input))
        let written = output.cards.flatMap(\.reviews)
        #expect(written.count == states.count)
        for (state, review) in zip(states, written) {
            #expect(state.0.stability == review.stability && state.1 == review.retrievability)
        }
    }
}
