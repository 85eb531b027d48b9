import SpacertCore
import SpacertFSRS

/// ISO 8601 timestamps with a required UTC offset, read and written as microseconds since 1970.
enum Timestamp {
    /// Why a timestamp was refused.
    enum Problem: Error, Equatable {
        case malformed
        case noOffset
        case outOfRange
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM|±HH)`; `T` may be `t` or a space.
    /// Fraction digits past the sixth are dropped, as Python's `fromisoformat` does.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(Problem) -> Int64 {
        if let micros = parseCommonUTC(text) { return micros }
        let count = text.count
        var i = 0
        func digits(_ n: Int) throws(Problem) -> Int {
            guard i + n <= count else { throw .malformed }
            var value = 0
            for _ in 0..<n {
                let digit = Int(text[i]) &- 48
                guard digit >= 0 && digit <= 9 else { throw .malformed }
                value = value * 10 + digit
                i += 1
            }
            return value
        }
        func expect(_ byte: UInt8) throws(Problem) {
            guard i < count && text[i] == byte else { throw .malformed }
            i += 1
        }
        let year = try digits(4)
        try expect(UInt8(ascii: "-"))
        let month = try digits(2)
        try expect(UInt8(ascii: "-"))
        let day = try digits(2)
        guard i < count else { throw .noOffset }  // a date alone has no time and no offset
        guard text[i] == UInt8(ascii: "T") || text[i] == UInt8(ascii: "t") || text[i] == UInt8(ascii: " ")
        else { throw .malformed }
        i += 1
        let hour = try digits(2)
        try expect(UInt8(ascii: ":"))
        let minute = try digits(2)
        try expect(UInt8(ascii: ":"))
        let second = try digits(2)
        var micros = 0
        if i < count && (text[i] == UInt8(ascii: ".") || text[i] == UInt8(ascii: ",")) {
            i += 1
            var n = 0
            while i < count, text[i] >= 48 && text[i] <= 57 {
                if n < 6 { micros = micros * 10 + Int(text[i] - 48) }
                n += 1
                i += 1
            }
            guard n > 0 else { throw .malformed }
            for _ in n..<max(n, 6) { micros *= 10 }
        }
        guard i < count else { throw .noOffset }
        var offsetMinutes = 0
        switch text[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let offsetHours = try digits(2)
            var offsetMins = 0
            if i < count {
                if text[i] == UInt8(ascii: ":") { i += 1 }
                offsetMins = try digits(2)
            }
            guard offsetHours <= 23 && offsetMins <= 59 else { throw .outOfRange }
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
        default:
            throw .malformed
        }
        guard i == count else { throw .malformed }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year, month), hour <= 23,
            minute <= 59,
            second <= 59
        else { throw .outOfRange }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60
        return Int64(seconds) * 1_000_000 + Int64(micros)
    }

    /// The fast path for the most common form, `YYYY-MM-DDTHH:MM:SSZ`; nil for anything else
    /// (including invalid values, which the full parser then reports).
    @inline(__always) private static func parseCommonUTC(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
            text[19] == UInt8(ascii: "Z")
        else { return nil }
        let p = text.baseAddress!
        // Each digit minus "0"; a non-digit wraps to 10 or more, caught by the OR below.
        let y0 = p[0] &- 48, y1 = p[1] &- 48, y2 = p[2] &- 48, y3 = p[3] &- 48
        let mo0 = p[5] &- 48, mo1 = p[6] &- 48, d0 = p[8] &- 48, d1 = p[9] &- 48
        let h0 = p[11] &- 48, h1 = p[12] &- 48, mi0 = p[14] &- 48, mi1 = p[15] &- 48
        let s0 = p[17] &- 48, s1 = p[18] &- 48
        guard max(y0, y1, y2, y3, mo0, mo1, d0, d1) < 10, max(h0, h1, mi0, mi1, s0, s1) < 10 else {
            return nil
        }
        let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
        let month = Int(mo0) * 10 + Int(mo1), day = Int(d0) * 10 + Int(d1)
        let hour = Int(h0) * 10 + Int(h1), minute = Int(mi0) * 10 + Int(mi1), second = Int(s0) * 10 + Int(s1)
        guard month >= 1, month <= 12, day >= 1, day <= 28 || day <= CivilDate.daysInMonth(year, month),
            hour <= 23,
            minute <= 59, second <= 59
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Int64(((days * 24 + hour) * 60 + minute) * 60 + second) * 1_000_000
    }

    /// The most bytes ``write(_:to:)`` writes.
    static let maximumLength = 20

    /// ``parse(_:)`` for exactly `YYYY-MM-DDTHH:MM:SSZ` (20 bytes at `p`), the form compact
    /// inputs use, checking all 14 digits at once; nil for anything else, including invalid
    /// values (which the full parser then reports).
    ///
    /// `cachedMonth` and `cachedMonthStart` remember the last year and month converted
    /// (`year * 16 + month`, -1 at first) and the day number of its first day: consecutive
    /// reviews fall in the same month more often than not.
    @inline(__always)
    static func parseCompactUTC(
        _ p: UnsafePointer<UInt8>, cachedMonth: inout Int, cachedMonthStart: inout Int
    ) -> Int64? {
        let raw = UnsafeRawPointer(p)
        // The text XOR a template with the separators and "0" for each digit: digits become
        // 0…9, separators 0, and anything else 10 or more.
        // YYYY-MM-
        let date = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) ^ 0x2D30_302D_3030_3030
        // DDTHH:MM
        let middle =
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            ^ 0x3030_3A30_3054_3030
        // :SSZ
        let end = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)) ^ 0x5A30_303A
        // The separators exactly (bytes 4 and 7, 2 and 5, 0 and 3), every digit below 10 (a
        // byte of 0x80 or more is caught by the first terms).
        let wide = UInt64(end)
        guard date & 0xFF00_00FF_0000_0000 == 0, middle & 0xFF00_00FF_0000 == 0, wide & 0xFF00_00FF == 0,
            (date | middle | wide | (date &+ 0x7676_7676_7676_7676) | (middle &+ 0x7676_7676_7676_7676)
                | (wide &+ 0x7676_7676)) & 0x8080_8080_8080_8080 == 0
        else { return nil }
        @inline(__always) func digit(_ word: UInt64, _ index: Int) -> Int {
            Int(truncatingIfNeeded: (word >> (index &* 8)) & 0xFF)
        }
        let year = digit(date, 0) &* 1000 &+ digit(date, 1) &* 100 &+ digit(date, 2) &* 10 &+ digit(date, 3)
        let month = digit(date, 5) &* 10 &+ digit(date, 6)
        let day = digit(middle, 0) &* 10 &+ digit(middle, 1)
        let hour = digit(middle, 3) &* 10 &+ digit(middle, 4)
        let minute = digit(middle, 6) &* 10 &+ digit(middle, 7)
        let second = digit(wide, 1) &* 10 &+ digit(wide, 2)
        guard month >= 1, month <= 12, day >= 1, day <= 28 || day <= CivilDate.daysInMonth(year, month),
            hour <= 23,
            minute <= 59, second <= 59
        else { return nil }
        let yearMonth = year &* 16 &+ month
        if yearMonth != cachedMonth {
            cachedMonth = yearMonth
            cachedMonthStart = CivilDate.days(year: year, month: month, day: 1)
        }
        let days = cachedMonthStart &+ day &- 1
        return Int64(((days &* 24 &+ hour) &* 60 &+ minute) &* 60 &+ second) &* 1_000_000
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (the fraction only if non-zero, trailing
    /// zeros trimmed).
    @inline(__always)
    static func append(_ micros: Int64, to out: inout ByteWriter) {
        out.reserve(maximumLength)
        if let end = write(micros, to: out.end) {
            out.advance(to: end)
        } else {
            appendInGeneral(micros, to: &out)
        }
    }

    /// Writes `YYYY-MM-DDTHH:MM:SSZ` (20 bytes) for a whole second from year 0 to 9999 and
    /// returns the end; nil, writing nothing, for any other time.
    @inline(__always)
    static func write(_ micros: Int64, to p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        // From 0000-01-01 to 9999-12-31, in whole seconds.
        guard micros >= -62_167_219_200_000_000 && micros < 253_402_300_800_000_000,
            micros % 1_000_000 == 0
        else { return nil }
        let seconds = Int(micros / 1_000_000) &+ 62_167_219_200
        let days = seconds / 86_400
        let secondOfDay = seconds &- days &* 86_400
        let (year, month, day) = civilFromDaysSinceYearZero(days)
        let century = (year &* 5243) >> 19  // year / 100 for 0…9999
        ShortestDouble.writeTwoDigits(century, to: p)
        ShortestDouble.writeTwoDigits(year &- century &* 100, to: p + 2)
        p[4] = UInt8(ascii: "-")
        ShortestDouble.writeTwoDigits(month, to: p + 5)
        p[7] = UInt8(ascii: "-")
        ShortestDouble.writeTwoDigits(day, to: p + 8)
        p[10] = UInt8(ascii: "T")
        let hour = secondOfDay / 3600
        let minuteAndSecond = secondOfDay &- hour &* 3600
        let minute = minuteAndSecond / 60
        ShortestDouble.writeTwoDigits(hour, to: p + 11)
        p[13] = UInt8(ascii: ":")
        ShortestDouble.writeTwoDigits(minute, to: p + 14)
        p[16] = UInt8(ascii: ":")
        ShortestDouble.writeTwoDigits(minuteAndSecond &- minute &* 60, to: p + 17)
        p[19] = UInt8(ascii: "Z")
        return p + 20
    }

    /// ``append(_:to:)`` for any time: fractions of a second, years beyond 0…9999.
    static func appendInGeneral(_ micros: Int64, to out: inout ByteWriter) {
        var (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = CivilDate.date(days: Int(days))
        let s = Int(secondOfDay)
        if year >= 0 && year <= 9999 {
            out.appendDigits(year, width: 4)
        } else {
            out.appendInteger(year)
        }
        out.reserve(16)
        out.appendUnchecked(UInt8(ascii: "-"))
        out.appendTwoDigits(month)
        out.appendUnchecked(UInt8(ascii: "-"))
        out.appendTwoDigits(day)
        out.appendUnchecked(UInt8(ascii: "T"))
        out.appendTwoDigits(s / 3600)
        out.appendUnchecked(UInt8(ascii: ":"))
        out.appendTwoDigits(s / 60 % 60)
        out.appendUnchecked(UInt8(ascii: ":"))
        out.appendTwoDigits(s % 60)
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            var value = Int(fraction)
            var width = 6
            while value % 10 == 0 {
                value /= 10
                width -= 1
            }
            out.appendDigits(value, width: width)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// The UTC text of a time, as ``append(_:to:)`` writes it.
    static func string(_ micros: Int64) -> String {
        var out = ByteWriter(capacity: 32)
        defer { out.discard() }
        append(micros, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// ``CivilDate/date(days:)`` for a day counted from 0000-01-01, from 0 to 3,652,424
    /// (9999-12-31), in a few multiplications: C. Neri and L. Schneider's Euclidean affine
    /// functions ("Euclidean affine functions and their application to calendar algorithms",
    /// 2022), on a calendar that starts on the 1st of March, 400 years early so that January and
    /// February of year 0 count from a positive day too.
    @inline(__always)
    static func civilFromDaysSinceYearZero(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let n = UInt64(truncatingIfNeeded: days &+ 146_097 &- 60)
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let dayOfCentury = (n1 &- century &* 146_097) / 4
        let p2 = 2_939_745 &* (4 &* dayOfCentury &+ 3)
        let yearOfCentury = p2 >> 32
        let dayOfYear = (p2 & 0xFFFF_FFFF) / 2_939_745 / 4
        let n3 = 2141 &* dayOfYear &+ 197_913
        let month = Int(truncatingIfNeeded: n3 >> 16)
        let day = Int(truncatingIfNeeded: (n3 & 0xFFFF) / 2141) &+ 1
        // January and February end the computational year: they belong to the next one.
        let january = dayOfYear >= 306
        let year = Int(truncatingIfNeeded: 100 &* century &+ yearOfCentury) &+ (january ? 1 : 0) &- 400
        return (year, january ? month &- 12 : month, day)
    }
}
