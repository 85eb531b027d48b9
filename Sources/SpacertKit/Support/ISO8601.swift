import Foundation
import SpacertCore

/// ISO 8601 instants with an offset required, with or without fractional seconds: the one way
/// spacert reads and writes times (but for `spacert replay`'s own codec in SpacertReplay).
///
/// Reading goes through Foundation's `Date.ISO8601FormatStyle` (`Sendable`, no lock) and gives
/// the instant as the store keeps times: a whole microsecond made into a `Date` by
/// ``MicrosecondTime``, so a time read from text equals the same time read from the store or by
/// the ledger's fast reader, to the bit. Writing is worked out directly from that microsecond
/// (a report writes thousands of times), truncated to the unit shown.
public enum ISO8601 {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Parses `2026-01-05T09:00:00Z`, `2026-01-05T09:00:00.250+05:30`; nil without an offset.
    ///
    /// The instant comes back as the store keeps times, a whole microsecond made into a `Date` by
    /// ``MicrosecondTime``, so a time read from text equals the same time read from the store or
    /// by a fast reader, to the bit.
    public static func parse(_ text: String) -> Date? {
        guard let date = (try? Date(text, strategy: plain)) ?? (try? Date(text, strategy: fractional)) else {
            return nil
        }
        return MicrosecondTime.normalized(date)
    }

    /// Parses only a real calendar instant: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z`
    /// or `±HH:MM`; the year 1970 to 9999, the day one the month has (29 February in leap years
    /// only), hours 0–23, minutes and seconds 0–59, the offset within ±14:00, nothing after.
    public static func parseStrict(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard let year = number(0..<4), byte(4, is: "-"), let month = number(5..<7), byte(7, is: "-"),
            let day = number(8..<10), byte(10, is: "T"), let hour = number(11..<13), byte(13, is: ":"),
            let minute = number(14..<16), byte(16, is: ":"), let second = number(17..<19),
            (1970...9999).contains(year), (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        guard (1...CivilDate.daysInMonth(year, month)).contains(day) else { return nil }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let digits = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > digits, index - digits <= 9 else { return nil }
        }
        if byte(index, is: "Z") {
            index += 1
        } else if byte(index, is: "+") || byte(index, is: "-") {
            guard let hours = number((index + 1)..<(index + 3)), byte(index + 3, is: ":"),
                let minutes = number((index + 4)..<(index + 6)), minutes < 60, hours * 60 + minutes <= 14 * 60
            else { return nil }
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        return parse(text)
    }

    /// `2026-01-05T09:00:00Z`, in UTC.
    public static func format(_ date: Date) -> String {
        write(date, milliseconds: false)
    }

    /// `2026-01-05T09:00:00.250Z`, in UTC, to the millisecond.
    public static func formatMilliseconds(_ date: Date) -> String {
        write(date, milliseconds: true)
    }

    private static func write(_ date: Date, milliseconds: Bool) -> String {
        let micros = MicrosecondTime.micros(date)
        var (days, microOfDay) = micros.quotientAndRemainder(dividingBy: MicrosecondTime.perDay)
        if microOfDay < 0 {
            days -= 1
            microOfDay += MicrosecondTime.perDay
        }
        let second = Int(microOfDay / MicrosecondTime.perSecond)
        let (year, month, dayOfMonth) = CivilDate.date(days: Int(days))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        var text =
            "\(yearText)-\(two(month))-\(two(dayOfMonth))T\(two(second / 3600)):\(two(second / 60 % 60)):"
        text += two(second % 60)
        if milliseconds {
            let milli = Int(microOfDay % MicrosecondTime.perSecond / 1000)
            text += milli < 10 ? ".00\(milli)" : milli < 100 ? ".0\(milli)" : ".\(milli)"
        }
        return text + "Z"
    }

    /// The calendar day of `date` in `calendar`'s time zone, as ISO 8601 writes it: `2026-01-05`.
    public static func day(_ date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = String(parts.year ?? 0)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-\(two(parts.month))-\(two(parts.day))"
    }

    /// The English weekday and the day, for people: `Mon 2026-01-05`.
    public static func weekdayAndDay(_ date: Date, in calendar: Calendar) -> String {
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let weekday = calendar.component(.weekday, from: date)
        return "\(names[(weekday - 1 + 7) % 7]) \(day(date, in: calendar))"
    }
}
