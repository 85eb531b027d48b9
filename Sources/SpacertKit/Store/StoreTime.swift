import SpacertCore

/// Times in the store: whole microseconds since 1970 UTC, the resolution FSRS schedules at.
///
/// A review time is rounded to a whole microsecond before it is scheduled, so a card
/// replayed from the log is bit for bit the card that was stored. The conversion is the
/// scheduler's own (``MicrosecondTime``).
typealias StoreTime = MicrosecondTime
