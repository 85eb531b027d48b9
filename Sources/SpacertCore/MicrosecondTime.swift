import Foundation

/// Instants as whole microseconds since 1970-01-01 UTC: the resolution FSRS schedules at
/// (py-fsrs's `datetime`) and the unit the store keeps times in.
///
/// One conversion for the whole package, so that a time the store writes and the scheduler
/// reads is the same number everywhere.
@usableFromInline package enum MicrosecondTime {
    /// Microseconds in one second.
    @usableFromInline package static let perSecond: Int64 = 1_000_000
    /// Microseconds in one day.
    @usableFromInline package static let perDay: Int64 = 86_400_000_000

    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    @usableFromInline static let referenceDateSeconds: Int64 = 978_307_200
    /// The largest whole second whose microseconds still fit an `Int64` (about year 294,000).
    @usableFromInline static let limitSeconds = Double(Int64.max / 1_000_000 - 978_307_201)

    /// A date as whole microseconds since 1970.
    ///
    /// Splits whole and fractional seconds so that a Date made by ``date(_:)`` comes back
    /// exactly for years 1729 to 2273 (where a Date still resolves a microsecond). Instants
    /// beyond about ±294,000 years (and NaN) are clamped to the nearest representable one
    /// instead of overflowing; callers that take times from outside check their range first.
    @inlinable package static func micros(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSinceReferenceDate
        guard seconds.isFinite, abs(seconds) <= limitSeconds else {
            return seconds > 0 ? .max : (seconds < 0 ? .min : 0)
        }
        let whole = seconds.rounded(.down)
        let fraction = Int64(((seconds - whole) * 1e6).rounded())
        return (Int64(whole) + referenceDateSeconds) * perSecond + fraction
    }

    /// A duration in seconds as whole microseconds, rounded half to even as `timedelta` does.
    @inlinable package static func micros(seconds: TimeInterval) -> Int64 {
        Int64((seconds * 1e6).rounded(.toNearestOrEven))
    }

    /// Microseconds since 1970 as a Date (the nearest Date to that instant).
    @inlinable package static func date(_ micros: Int64) -> Date {
        var (seconds, fraction) = micros.quotientAndRemainder(dividingBy: perSecond)
        if fraction < 0 {
            seconds -= 1
            fraction += perSecond
        }
        return Date(
            timeIntervalSinceReferenceDate: Double(seconds - referenceDateSeconds) + Double(fraction) / 1e6)
    }

    /// The date rounded to a whole microsecond.
    @inlinable package static func normalized(_ date: Date) -> Date {
        self.date(micros(date))
    }
}
