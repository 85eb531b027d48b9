import Foundation

/// Date arithmetic that cannot overflow or wrap: a sum past what spacert keeps (the year 9999)
/// is an error in words, never a crash, a date already past, or a silent default.
public enum CalendarMath {
    /// The latest instant spacert works with: 9999-12-31T23:59:59Z.
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// `date` plus `minutes`.
    public static func adding(minutes: Int, to date: Date) throws -> Date {
        try adding(seconds: minutes, times: 60, to: date, what: "\(minutes) minutes")
    }

    /// `date` plus `hours`.
    public static func adding(hours: Int, to date: Date) throws -> Date {
        try adding(seconds: hours, times: 3600, to: date, what: "\(hours) hours")
    }

    /// `date` minus `days`.
    public static func subtracting(days: Int, from date: Date) throws -> Date {
        let (product, overflow) = days.multipliedReportingOverflow(by: 86_400)
        let result = date.addingTimeInterval(-Double(product))
        guard !overflow, result.timeIntervalSince1970 >= -86_400 * 366 else {
            throw SpacertError.invalidInput("\(days) days before \(ISO8601.format(date)) is out of range")
        }
        return result
    }

    /// `months` calendar months after `date`, in UTC.
    public static func adding(months: Int, to date: Date) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (0...120_000).contains(months),
            let result = calendar.date(byAdding: .month, value: months, to: date),
            result <= latest, result >= date
        else { throw outOfRange("\(months) months", date) }
        return result
    }

    private static func adding(seconds count: Int, times unit: Int, to date: Date, what: String) throws
        -> Date
    {
        let (product, overflow) = count.multipliedReportingOverflow(by: unit)
        guard !overflow, product >= 0 else { throw outOfRange(what, date) }
        let result = date.addingTimeInterval(Double(product))
        guard result <= latest else { throw outOfRange(what, date) }
        return result
    }

    private static func outOfRange(_ what: String, _ date: Date) -> SpacertError {
        .invalidInput(
            "\(what) after \(ISO8601.format(date)) is past the year 9999, beyond what spacert keeps")
    }
}
