import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// `replay`'s JSON reader: defaults, unknown keys, escapes, number forms.
@Suite struct ReplayDecodingTests {
    func output(_ json: String) throws -> String {
        String(decoding: try replay(Data(json.utf8)), as: UTF8.self)
    }

    @Test("every key but cards is optional, null means default, unknown keys are skipped")
    func defaultsAndUnknownKeys() throws {
        let plain = try output(
            #"{"cards":[{"id":"a","reviews":[{"rating":3,"time":"2025-01-06T09:00:00Z"}]}]}"#)
        let noisy = try output(
            #"""
            { "future": {"nested": [1, {"deep": [null, true, false, "]}\"", -2.5e-3]}], "s": "{"},
              "retention": null, "parameters": null, "maximum_interval": 3.65e4, "learning_steps_minutes": [1, 1e1],
              "cards": [ {"extra": [[[]]], "id": "a", "reviews": [
                 {"note": {"x": "y"}, "rating": 3.0, "time": "2025-01-06T10:00:00+01:00", "ms": 1200} ] } ],
              "trailing": {} }
            """#)
        #expect(plain == noisy)
        #expect(plain.hasPrefix(#"{"version":1,"cards":[{"id":"a","reviews":[{"state":"Learning","step":1,"#))
    }

    @Test("settings are read: retention, steps, maximum interval, parameters")
    func settings() throws {
        var weights = SchedulerParameters.defaultWeights
        weights[2] = 3.5
        let json =
            #"{"retention":0.8,"learning_steps_minutes":[],"relearning_steps_minutes":[5],"maximum_interval":2,"#
            + #""parameters":["# + weights.map { "\($0)" }.joined(separator: ",") + #"],"#
            + #""cards":[{"id":"a","reviews":[{"rating":3,"time":"2025-01-06T09:00:00Z"}]}]}"#
        // No learning steps: Good graduates at once; S0(Good) = 3.5; interval 3.5·3.316 → capped at 2 days.
        #expect(try output(json).contains(#"{"state":"Review","step":null,"stability":3.5,"#))
        #expect(try output(json).contains(#""due":"2025-01-08T09:00:00Z""#))
    }

    @Test("ids with escapes and non-ASCII text come back as the same string")
    func escapedIDs() throws {
        let json =
            #"{"cards":[{"id":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n\t\u0001 ü","reviews":[]},{"id":42,"reviews":[]}]}"#
        let text = try output(json)
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let cards = decoded["cards"] as! [[String: Any]]
        #expect(cards[0]["id"] as? String == "café 😀 \"q\" \\ / \n\t\u{1} ü")
        #expect(text.contains(#""id":42,"#))
        #expect(cards[0]["reviews"] as? [Any] != nil)
    }

    @Test("an empty card list and a card with no reviews are fine")
    func empty() throws {
        #expect(try output(#"{"cards":[]}"#) == #"{"version":1,"cards":[]}"#)
        #expect(
            try output(#" { "cards" : [ { "id" : "a" } ] } "#)
                == #"{"version":1,"cards":[{"id":"a","reviews":[]}]}"#)
    }

    @Test("times with offsets and fractions are read exactly")
    func times() throws {
        let cases: [(String, String)] = [
            ("2025-01-06T09:00:00Z", "2025-01-06T09:00:00Z"),
            ("2025-01-06t09:00:00z", "2025-01-06T09:00:00Z"),
            ("2025-01-06 14:30:00+05:30", "2025-01-06T09:00:00Z"),
            ("2025-01-06T01:00:00-0800", "2025-01-06T09:00:00Z"),
            ("2025-01-06T10:00:00+01", "2025-01-06T09:00:00Z"),
            ("2024-02-29T23:59:59.123456789-00:30", "2024-03-01T00:29:59.123456Z"),
            ("2025-01-01T00:00:00.5+14:00", "2024-12-31T10:00:00.5Z"),
            ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ]
        for (text, utc) in cases {
            let micros = try Array(text.utf8).withUnsafeBufferPointer { try Timestamp.parse($0) }
            #expect(Timestamp.string(micros) == utc, "\(text)")
        }
    }

    @Test("civil dates convert both ways over ±3,000 years")
    func civil() {
        for day in stride(from: -1_100_000, through: 1_100_000, by: 997) {
            let (y, m, d) = CivilDate.date(days: day)
            #expect(CivilDate.days(year: y, month: m, day: d) == day)
        }
        for day in stride(from: 0, through: 3_652_424, by: 7) + [1, 58, 59, 60, 3_652_424] {
            let fast = Timestamp.civilFromDaysSinceYearZero(day)
            let general = CivilDate.date(days: day - 719_528)
            #expect(fast == general, "day \(day)")
        }
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11017)
    }

    @Test("the fast time writer writes what the general one does, and leaves other times to it")
    func timeWriter() {
        func general(_ micros: Int64) -> String {
            var out = ByteWriter(capacity: 64)
            defer { out.discard() }
            Timestamp.appendInGeneral(micros, to: &out)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        func fast(_ micros: Int64) -> String? {
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Timestamp.maximumLength)
            defer { buffer.deallocate() }
            guard let end = Timestamp.write(micros, to: buffer) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: buffer, count: end - buffer), as: UTF8.self)
        }
        let first: Int64 = -62_167_219_200  // 0000-01-01T00:00:00Z
        let last: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
        #expect(fast(first * 1_000_000) == "0000-01-01T00:00:00Z")
        #expect(fast(last * 1_000_000) == "9999-12-31T23:59:59Z")
        #expect(fast(0) == "1970-01-01T00:00:00Z")
        for micros in [(first - 1) * 1_000_000, (last + 1) * 1_000_000, 1, -1, 1_500_000] {
            #expect(fast(micros) == nil, "\(micros)")
            #expect(!general(micros).isEmpty)
        }
        var generator = SeededRandom(seed: "times")
        for _ in 0..<20_000 {
            let seconds = first + Int64(generator.next() % UInt64(last - first + 1))
            #expect(fast(seconds * 1_000_000) == general(seconds * 1_000_000), "\(seconds)")
        }
    }

    @Test("the compact time reader agrees with the full parser, valid or not")
    func compactTimes() {
        func compact(_ text: [UInt8]) -> Int64? {
            var month = -1
            var start = 0
            return text.withUnsafeBufferPointer {
                Timestamp.parseCompactUTC($0.baseAddress!, cachedMonth: &month, cachedMonthStart: &start)
            }
        }
        func full(_ text: [UInt8]) -> Int64? {
            text.withUnsafeBufferPointer { try? Timestamp.parse($0) }
        }
        var generator = SeededRandom(seed: "compact times")
        let alphabet = Array("0123456789-T:Z tz+/".utf8)
        for index in 0..<50_000 {
            let seconds = Int64(generator.next() % 253_402_300_800)
            var text = Array(Timestamp.string(seconds * 1_000_000).utf8)
            if index % 2 == 1 {
                // One or two bytes changed: out-of-range values, wrong separators, non-digits.
                for _ in 0...(generator.next() % 2) {
                    text[Int(generator.next() % 20)] =
                        alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
            }
            let expected = full(text)
            let got = compact(text)
            // The compact reader may refuse what the full one accepts ("t", "z", a space), but
            // never accepts anything else or reads it differently.
            #expect(got == nil || got == expected, "\(String(decoding: text, as: UTF8.self))")
            if index % 2 == 0 { #expect(got == expected) }
        }
        // The cache of the month gives the same days as converting each time.
        var month = -1
        var start = 0
        for text in [
            "2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "2023-03-31T23:59:59Z",
        ] {
            let bytes = Array(text.utf8)
            let cached = bytes.withUnsafeBufferPointer {
                Timestamp.parseCompactUTC($0.baseAddress!, cachedMonth: &month, cachedMonthStart: &start)
            }
            #expect(cached == full(bytes), "\(text)")
        }
    }
}
