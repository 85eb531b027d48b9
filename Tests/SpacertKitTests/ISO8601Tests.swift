import Foundation
import Testing

@testable import SpacertKit

@Suite struct ISO8601Tests {
    @Test("parse takes an offset, with or without a fraction; nil without an offset")
    func parsing() {
        #expect(ISO8601.parse("2026-01-05T09:00:00Z") == Date(timeIntervalSince1970: 1_767_603_600))
        #expect(
            ISO8601.parse("2026-01-05T09:00:00.250+05:30") == Date(timeIntervalSince1970: 1_767_583_800.25))
        #expect(ISO8601.parse("2026-01-05T09:00:00") == nil)
        #expect(ISO8601.parse("yesterday") == nil)
    }

    @Test("strict parsing refuses impossible days, trailing text, far offsets and years outside 1970-9999")
    func strict() {
        #expect(ISO8601.parseStrict("2028-02-29T00:00:00Z") != nil)
        for text in [
            "2026-02-30T09:00:00Z", "2026-02-29T09:00:00Z", "2026-01-05T09:00:00Zjunk",
            "2026-01-05T09:00:00+25:00",
            "0000-01-05T09:00:00Z", "300000-01-01T00:00:00Z", "2026-01-05T24:00:00Z",
        ] {
            #expect(ISO8601.parseStrict(text) == nil, "\(text)")
        }
    }

    @Test("formatting is UTC and truncates to the unit shown, as the reports' fast writer does")
    func formatting() {
        let date = Date(timeIntervalSince1970: 1_767_604_800.9996)
        #expect(ISO8601.format(date) == "2026-01-05T09:20:00Z")
        #expect(ISO8601.formatMilliseconds(date) == "2026-01-05T09:20:00.999Z")
        #expect(ISO8601.formatMilliseconds(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    @Test("whole-second times agree with Foundation's ISO 8601 format style, before 1970 too")
    func againstFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(ISO8601.format(date) == date.formatted(Date.ISO8601FormatStyle()))
            #expect(ISO8601.parse(ISO8601.format(date)) == date)
        }
    }

    @Test("calendar days are the calendar's own, in its time zone")
    func days() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Kolkata"))
        // 20:00 UTC on Sunday 4 January is already Monday 5 January in India.
        let date = Date(timeIntervalSince1970: 1_767_556_800)
        #expect(ISO8601.day(date, in: calendar) == "2026-01-05")
        #expect(ISO8601.weekdayAndDay(date, in: calendar) == "Mon 2026-01-05")
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        #expect(ISO8601.weekdayAndDay(date, in: calendar) == "Sun 2026-01-04")
    }
}
