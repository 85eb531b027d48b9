import Foundation

/// Times in the store: whole microseconds since 1970 UTC, the resolution FSRS schedules at.
///
/// A review time is rounded to a whole microsecond before it is scheduled, so a card
/// replayed from the log is bit for bit the card that was stored.
enum StoreTime {
    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    private static let referenceDateSeconds: Int64 = 978_307_200

    /// The seconds since 2001 whose microseconds still fit an `Int64` (about ±292,000 years).
    private static let limitSeconds = 9.2e12

    /// A date as whole microseconds since 1970 (as `SpacertFSRS` converts it). A date beyond
    /// what an `Int64` of microseconds holds (far past the year 9999 every input is checked
    /// against) is held at the nearest end rather than overflowing.
    static func micros(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSinceReferenceDate
        guard seconds.isFinite, abs(seconds) < limitSeconds else {
            return seconds > 0 ? Int64.max : Int64.min
        }
        let whole = seconds.rounded(.down)
        let fraction = Int64(((seconds - whole) * 1e6).rounded())
        return (Int64(whole) + referenceDateSeconds) * 1_000_000 + fraction
    }

    /// Microseconds since 1970 as a date.
    static func date(_ micros: Int64) -> Date {
        var (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        return Date(
            timeIntervalSinceReferenceDate: Double(seconds - referenceDateSeconds) + Double(fraction) / 1e6)
    }

    /// The date rounded to a whole microsecond.
    static func normalized(_ date: Date) -> Date {
        self.date(micros(date))
    }
}
