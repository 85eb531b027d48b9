import Foundation
import SpacertCore

/// How reports write numbers and dates: percentages to one decimal, "n/a" for what is not
/// defined, days and times in UTC.
public enum ReportNumber {
    /// What a statistic that is not defined reads as.
    public static let notAvailable = "n/a"

    /// `37.4%` from a percentage (37.36…); "n/a" for nil. Minus is a plain hyphen.
    public static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return notAvailable }
        return decimal(value) + "%"
    }

    /// `87.5%` from a fraction from 0 to 1; "n/a" for nil.
    public static func percent(fraction value: Double?) -> String {
        percent(value.map { $0 * 100 })
    }

    /// One decimal, without a trailing `.0` and never `-0`: `37.4`, `60`, `-8.9`.
    public static func decimal(_ value: Double, places: Int = 1) -> String {
        let scale = pow(10, Double(places))
        var rounded = (value * scale).rounded() / scale
        if rounded == 0 { rounded = 0 }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.\(places)f", rounded)
    }

    /// A plain number to `places` decimals, or "n/a": for skewness and kurtosis.
    public static func number(_ value: Double?, places: Int = 2) -> String {
        guard let value, value.isFinite else { return notAvailable }
        return decimal(value, places: places)
    }

    /// `2026-03-02`, the UTC day.
    public static func day(_ date: Date) -> String { String(iso(date).prefix(10)) }

    /// `2026-03-02 09:00 UTC`.
    public static func time(_ date: Date) -> String {
        let text = iso(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }

    /// `2026-03-02T09:00:00Z`: ``ISO8601/format(_:)``, by its report name.
    public static func iso(_ date: Date) -> String { ISO8601.format(date) }
}
