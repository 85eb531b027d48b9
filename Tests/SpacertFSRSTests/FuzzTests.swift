import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// Fuzz: always inside py-fsrs's attainable range, and reproducible from a seed.
@Suite struct FuzzTests {
    /// py-fsrs's attainable fuzzed intervals, computed here independently of the scheduler:
    /// [min_ivl, min(max_ivl + 1, maximum_interval)] (the +1 is py-fsrs's round() quirk).
    static func attainable(_ days: Int, maximumInterval: Int) -> ClosedRange<Int> {
        if days < 3 { return days...days }
        let d = Double(days)
        let delta =
            1.0 + 0.15 * max(min(d, 7) - 2.5, 0) + 0.1 * max(min(d, 20) - 7, 0) + 0.05 * max(d - 20, 0)
        let upper = min(Int((d + delta).rounded(.toNearestOrEven)), maximumInterval)
        let lower = min(max(2, Int((d - delta).rounded(.toNearestOrEven))), upper)
        return lower...min(upper + 1, maximumInterval)
    }

    @Test("fuzzed intervals stay in the attainable range", arguments: [36500, 30, 7])
    func range(maximumInterval: Int) throws {
        let scheduler = Scheduler(
            parameters: try SchedulerParameters(maximumInterval: maximumInterval, enableFuzzing: true))
        var outside: [String] = []
        let intervals = Array(1...400) + [999, 1000, 5000, 36499, 36500].filter { $0 <= maximumInterval }
        for days in intervals where days <= maximumInterval {
            let range = Self.attainable(days, maximumInterval: maximumInterval)
            for seed in 0..<300 {
                var generator = SeededRandom(seed: "trainee|q\(days)|\(seed)")
                let fuzzed = scheduler.fuzzedInterval(days, using: &generator)
                if !range.contains(fuzzed) { outside.append("\(days) → \(fuzzed), not in \(range)") }
            }
        }
        #expect(outside.isEmpty, "\(outside.prefix(5))")
    }

    @Test("the bounds match py-fsrs's (min_ivl, max_ivl)")
    func bounds() throws {
        let scheduler = Scheduler(parameters: try SchedulerParameters(maximumInterval: 100))
        // py-fsrs 6.3.2 with random() pinned at 0 and at 0.9999999999 gave 2/2, 2/5, 8/13, 93/100.
        #expect(scheduler.fuzzBounds(forInterval: 2) == 2...2)
        #expect(scheduler.fuzzBounds(forInterval: 3) == 2...4)  // delta 1.075
        #expect(scheduler.fuzzBounds(forInterval: 10) == 8...12)  // delta 1.975
        #expect(scheduler.fuzzBounds(forInterval: 100) == 93...100)  // delta 6.975, capped at 100
        var low = ConstantRandom(value: 0)
        var high = ConstantRandom(value: UInt64.max)
        #expect(scheduler.fuzzedInterval(3, using: &low) == 2)
        #expect(scheduler.fuzzedInterval(3, using: &high) == 5)
        #expect(scheduler.fuzzedInterval(10, using: &high) == 13)
        #expect(scheduler.fuzzedInterval(100, using: &high) == 100)
        for days in 3...100 {
            let attainable = Self.attainable(days, maximumInterval: 100)
            let bounds = scheduler.fuzzBounds(forInterval: days)
            #expect(bounds.lowerBound == attainable.lowerBound)
            #expect(min(bounds.upperBound + 1, 100) == attainable.upperBound)
        }
    }

    @Test("both ends of the range, the +1 quirk included, are reached")
    func quirk() throws {
        let scheduler = Scheduler(parameters: try SchedulerParameters(enableFuzzing: true))
        var seen = Set<Int>()
        for seed in 0..<2000 {
            var generator = SeededRandom(seed: UInt64(seed))
            seen.insert(scheduler.fuzzedInterval(10, using: &generator))
        }
        #expect(seen == Set(8...13))
    }

    @Test("the same seed gives the same interval")
    func reproducible() throws {
        let scheduler = Scheduler(parameters: try SchedulerParameters(enableFuzzing: true))
        for days in [3, 17, 250, 4000] {
            var first = SeededRandom(seed: "ana|contraindications-004|7")
            var second = SeededRandom(seed: "ana|contraindications-004|7")
            #expect(
                scheduler.fuzzedInterval(days, using: &first)
                    == scheduler.fuzzedInterval(days, using: &second))
        }
        let card = Card(
            state: .review, step: nil, stability: 40, difficulty: 5,
            due: Date(timeIntervalSince1970: 1_700_000_000),
            lastReview: Date(timeIntervalSince1970: 1_696_000_000))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var a = SeededRandom(seed: "x|y|1")
        var b = SeededRandom(seed: "x|y|1")
        let reviewed = scheduler.review(card, rating: .good, at: now, using: &a)
        #expect(reviewed == scheduler.review(card, rating: .good, at: now, using: &b))
        #expect(
            scheduler.nextStates(of: card, at: now, generator: SeededRandom(seed: "x|y|1")).good == reviewed)
        let plain = scheduler.review(card, rating: .good, at: now)
        let days = Int((plain.due.timeIntervalSince(now) / 86400).rounded())
        let fuzzedDays = Int((reviewed.due.timeIntervalSince(now) / 86400).rounded())
        #expect(Self.attainable(days, maximumInterval: 36500).contains(fuzzedDays))
        #expect(plain.stability == reviewed.stability && plain.difficulty == reviewed.difficulty)
    }

    @Test("fuzz is off unless enabled, and never touches learning steps")
    func onlyWhenEnabled() throws {
        let off = Scheduler()
        let on = Scheduler(parameters: try SchedulerParameters(enableFuzzing: true))
        let card = Card(
            state: .review, step: nil, stability: 40, difficulty: 5,
            due: Date(timeIntervalSince1970: 1_700_000_000),
            lastReview: Date(timeIntervalSince1970: 1_696_000_000))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var generator = SeededRandom(seed: 42)
        #expect(
            off.review(card, rating: .good, at: now, using: &generator)
                == off.review(card, rating: .good, at: now))
        var again = SeededRandom(seed: 42)
        #expect(on.review(card, rating: .again, at: now, using: &again).due == now.addingTimeInterval(600))
    }

    @Test("SeededRandom matches the published FNV-1a and SplitMix64 values")
    func knownValues() {
        #expect(SeededRandom.fnv1a64("".utf8) == 0xCBF2_9CE4_8422_2325)
        #expect(SeededRandom.fnv1a64("a".utf8) == 0xAF63_DC4C_8601_EC8C)
        #expect(SeededRandom.fnv1a64("foobar".utf8) == 0x8594_4171_F739_67E8)
        var generator = SeededRandom(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(SeededRandom(seed: "a") == SeededRandom(seed: 0xAF63_DC4C_8601_EC8C))
    }

    @Test("replay with fuzzing changes only review due dates, within range, reproducibly")
    func replayFuzz() throws {
        let plainInput = try Fixtures.data("random_default.input.json")
        let text = String(decoding: plainInput, as: UTF8.self)
            .replacingOccurrences(of: #""enable_fuzzing":false"#, with: #""enable_fuzzing":true"#)
        let fuzzedOutput = try replay(Data(text.utf8))
        #expect(try replay(Data(text.utf8)) == fuzzedOutput)
        let plain = try JSONDecoder().decode(Fixtures.Expected.self, from: try replay(plainInput))
        let fuzzed = try JSONDecoder().decode(Fixtures.Expected.self, from: fuzzedOutput)
        let input = try Fixtures.input("random_default")
        var moved = 0
        for (cardIndex, (p, f)) in zip(plain.cards, fuzzed.cards).enumerated() {
            for (index, (a, b)) in zip(p.reviews, f.reviews).enumerated() {
                #expect(a.state == b.state && a.step == b.step && a.stability == b.stability)
                #expect(a.difficulty == b.difficulty && a.retrievability == b.retrievability)
                let time = try parseMicros(input.cards[cardIndex].reviews[index].time)
                let plainDays = Int((try parseMicros(a.due) - time) / 86_400_000_000)
                let fuzzedDays = Int((try parseMicros(b.due) - time) / 86_400_000_000)
                if a.state == "Review" {
                    #expect(Self.attainable(plainDays, maximumInterval: 36500).contains(fuzzedDays))
                    if plainDays != fuzzedDays { moved += 1 }
                } else {
                    #expect(a.due == b.due)
                }
            }
        }
        #expect(moved > 100)
    }
}

/// A generator that always returns the same bits, to pin the fuzz draw.
struct ConstantRandom: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}
