import SpacertCore
import SpacertFSRS

/// The shortest decimal that reads back as a Double, written as `Double.description` writes it,
/// for the values a replay prints most: not whole, from 0.0001 to 10^15 in magnitude.
///
/// The digits come from R. Giulietti's Schubfach algorithm ("The Schubfach way to render
/// doubles", 2020): of the decimals that round to the value, the shortest, and of those the
/// closest, ties to even digits, which is what the standard library and Python's `repr` print.
/// In this range the powers of ten it multiplies by are exact in 64 bits, so one 64 × 64-bit
/// product gives the value and, with two shifts, both bounds. Other values (whole numbers,
/// exponent forms, infinities, NaN) are left to the caller.
enum ShortestDouble {
    /// The room ``write(_:to:)`` needs: it writes at most 24 bytes (sign, "0.000" and 17
    /// digits) but moves digits in blocks of 16 bytes past the end.
    static let maximumLength = 40

    /// Writes `value` at `start` as `description` would and returns the end, or returns nil
    /// if `value` is not a non-whole number with 1e-4 ≤ |value| < 1e15. `start` needs
    /// ``maximumLength`` bytes of room, which it may scribble on past the end.
    @inline(__always)
    static func write(_ value: Double, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>?
    {
        let magnitude = value.magnitude
        // NaN fails both comparisons.
        guard magnitude >= 1e-4 && magnitude < 1e15 else { return nil }
        let bits = magnitude.bitPattern
        let fraction = bits & (1 << 52 - 1)
        let c = fraction | 1 << 52
        let q = Int(truncatingIfNeeded: bits >> 52) - 1075
        // A whole number has no set bits below the binary point.
        if q >= -52 && c & ((1 &<< -q) - 1) == 0 { return nil }
        guard let (digits, exponent) = decimal(c: c, q: q, lowerBoundaryIsCloser: fraction == 0) else {
            return nil
        }
        var p = start
        if value.sign == .minus {
            p.pointee = UInt8(ascii: "-")
            p += 1
        }
        return writeFixed(digits: digits, exponent: exponent, to: p)
    }

    /// The shortest, closest decimal `digits × 10^exponent` in the rounding interval of
    /// `c × 2^q` (c with its hidden bit, 2^52 ≤ c < 2^53, -66 ≤ q ≤ -3).
    @inline(__always)
    static func decimal(c: UInt64, q: Int, lowerBoundaryIsCloser: Bool) -> (UInt64, Int)? {
        // The rounding interval, in quarters of the unit in the last place (cb = 4c): the
        // bounds are halfway to the neighbours, cb ∓ 2 (cb - 1 below when c is a power of two).
        let cb = c << 2
        // k = floor(log10(2^q)), or floor(log10(3/4 · 2^q)) for the narrower interval.
        let k = (q &* 1_262_611 &- (lowerBoundaryIsCloser ? 524_031 : 0)) >> 22
        let n = -k
        guard n >= 0 && n < powersOfTen.count else { return nil }
        // h = q + floor(log2(10^n)) + 1, from 1 to 4.
        let h = q &+ (n &* 1_741_647) >> 19 &+ 1
        let g = powersOfTen[n]
        // vb = g · cb · 2^h, and the bounds vb ∓ g · 2^(h+1) (g · 2^h below for the narrower
        // interval), all exact in 128 bits (g is exact here), each rounded to odd in 64 bits:
        // one multiplication and two shifts.
        let (high, low) = g.multipliedFullWidth(by: cb &<< h)
        let upperShift = h &+ 1
        let lowerShift = lowerBoundaryIsCloser ? h : upperShift
        let (lowerLow, borrow) = low.subtractingReportingOverflow(g &<< lowerShift)
        let lowerHigh = high &- g &>> (64 &- lowerShift) &- (borrow ? 1 : 0)
        let (upperLow, carry) = low.addingReportingOverflow(g &<< upperShift)
        let upperHigh = high &+ g &>> (64 &- upperShift) &+ (carry ? 1 : 0)
        let vb = high | (low != 0 ? 1 : 0)
        let vbl = lowerHigh | (lowerLow != 0 ? 1 : 0)
        let vbr = upperHigh | (upperLow != 0 ? 1 : 0)
        // Even significands round to themselves at the bounds, so the bounds are inside.
        let odd: UInt64 = c & 1
        let lower = vbl &+ odd
        let upper = vbr &- odd
        let s = vb >> 2
        if s >= 10 {
            // One digit fewer, if exactly one of the two candidates is inside.
            let sp = s / 10
            let upInside = lower <= 40 &* sp
            let wpInside = 40 &* sp &+ 40 <= upper
            if upInside != wpInside { return (wpInside ? sp + 1 : sp, k + 1) }
        }
        let uInside = lower <= 4 &* s
        let wInside = 4 &* s &+ 4 <= upper
        if uInside != wInside { return (wInside ? s + 1 : s, k) }
        // Both inside: the closer; a tie goes to the even one.
        let middle = 4 &* s &+ 2
        let roundUp = vb > middle || (vb == middle && s & 1 != 0)
        return (roundUp ? s + 1 : s, k)
    }

    /// 10^n for n = 0…22, shifted left until its top bit is bit 63: exact, since 5^n < 2^53.
    /// (Schubfach's table holds 128-bit overestimates of 10^n for every exponent; in this
    /// range the low halves are all zero.)
    static let powersOfTen: [UInt64] = [
        0x8000_0000_0000_0000, 0xA000_0000_0000_0000, 0xC800_0000_0000_0000, 0xFA00_0000_0000_0000,
        0x9C40_0000_0000_0000, 0xC350_0000_0000_0000, 0xF424_0000_0000_0000, 0x9896_8000_0000_0000,
        0xBEBC_2000_0000_0000, 0xEE6B_2800_0000_0000, 0x9502_F900_0000_0000, 0xBA43_B740_0000_0000,
        0xE8D4_A510_0000_0000, 0x9184_E72A_0000_0000, 0xB5E6_20F4_8000_0000, 0xE35F_A931_A000_0000,
        0x8E1B_C9BF_0400_0000, 0xB1A2_BC2E_C500_0000, 0xDE0B_6B3A_7640_0000, 0x8AC7_2304_89E8_0000,
        0xAD78_EBC5_AC62_0000, 0xD8D7_26B7_177A_8000, 0x8786_7832_6EAC_9000,
    ]

    /// Writes `digits × 10^exponent` in fixed notation (`0.00123`, `12.5`) and returns the end,
    /// or nil if it would have no fraction digits or more than 3 zeros after the point (or
    /// `digits` has more than 17 digits).
    ///
    /// The digits are made eight at a time in a 64-bit word (``eightDigits(_:)``), trailing
    /// zeros dropped by counting zero bytes, and copied around the point in fixed 16-byte moves
    /// (at most 15 digits before the point and 17 after): no loop over digits.
    @inline(__always)
    static func writeFixed(digits: UInt64, exponent: Int, to start: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>?
    {
        guard digits != 0 && digits < 100_000_000_000_000_000 else { return nil }
        // The digits zero-padded to 24 (three words, eight each), the first word holding at most
        // one; the pad is not copied.
        let high = digits / 100_000_000
        let first = high / 100_000_000
        let words = (
            // A lone first digit (of 17) in the word's last byte.
            first << 56,
            eightDigits(UInt32(truncatingIfNeeded: high &- first &* 100_000_000)),
            eightDigits(UInt32(truncatingIfNeeded: digits &- high &* 100_000_000))
        )
        // Trailing zeros: zero digits at the top of the last words.
        let trailingZeros =
            words.2 != 0
            ? words.2.leadingZeroBitCount >> 3
            : words.1 != 0 ? 8 &+ words.1.leadingZeroBitCount >> 3 : 16 &+ words.0.leadingZeroBitCount >> 3
        let allDigits = digitCount(digits)
        let count = allDigits &- trailingZeros
        // Where the point goes, counted from the first digit.
        let point = allDigits &+ exponent
        guard point < count && point >= -3 else { return nil }
        let ascii: UInt64 = 0x3030_3030_3030_3030
        let text = (words.0 | ascii, words.1 | ascii, words.2 | ascii)
        let raw = UnsafeMutableRawPointer(start)
        let firstDigit = 24 &- allDigits
        // The text from its first digit, in registers: stores only, no store-then-load of
        // unaligned bytes (which stalls on the store buffer).
        let digitWords = bytes(of: text, from: firstDigit)
        if point <= 0 {
            // 0.[000]digits: "0.000" written whole, the digits over the zeros not needed.
            raw.storeBytes(of: UInt64(0x3030_3030_2E30).littleEndian, as: UInt64.self)  // "0.0000"
            let digitsStart = raw + (2 &- point)
            digitsStart.storeBytes(of: digitWords.0.littleEndian, as: UInt64.self)
            digitsStart.storeBytes(of: digitWords.1.littleEndian, toByteOffset: 8, as: UInt64.self)
            digitsStart.storeBytes(of: digitWords.2.littleEndian, toByteOffset: 16, as: UInt64.self)
            return start + (2 &- point &+ count)
        }
        // dig.its: all digits, then the point over the first fraction digit and the fraction
        // from there (at most 15 digits before the point, 17 after).
        raw.storeBytes(of: digitWords.0.littleEndian, as: UInt64.self)
        raw.storeBytes(of: digitWords.1.littleEndian, toByteOffset: 8, as: UInt64.self)
        start[point] = UInt8(ascii: ".")
        let fractionWords = bytes(of: text, from: firstDigit &+ point)
        let fraction = raw + (point &+ 1)
        fraction.storeBytes(of: fractionWords.0.littleEndian, as: UInt64.self)
        fraction.storeBytes(of: fractionWords.1.littleEndian, toByteOffset: 8, as: UInt64.self)
        fraction.storeBytes(of: fractionWords.2.littleEndian, toByteOffset: 16, as: UInt64.self)
        return start + (count &+ 1)
    }

    /// The 24 bytes of `text` (three words, first byte lowest) from byte `offset` (0 to 23) on,
    /// zeros after the end, as three words: a funnel shift with no memory.
    @inline(__always)
    static func bytes(of text: (UInt64, UInt64, UInt64), from offset: Int) -> (UInt64, UInt64, UInt64) {
        let word = offset >> 3
        let shift = UInt64(truncatingIfNeeded: (offset & 7) << 3)
        let a = word == 0 ? text.0 : word == 1 ? text.1 : text.2
        let b = word == 0 ? text.1 : word == 1 ? text.2 : 0
        let c = word == 0 ? text.2 : 0
        // (x << 1) << (63 - shift) is x << (64 - shift), and 0 for a shift of 0.
        return (
            a &>> shift | (b &<< 1) &<< (63 &- shift),
            b &>> shift | (c &<< 1) &<< (63 &- shift),
            c &>> shift
        )
    }

    /// The eight decimal digits of `value` (below 10^8), zero-padded, as byte values 0…9 in a
    /// word whose lowest byte is the first digit (so that, stored little-endian and each byte
    /// ORed with 0x30, it reads as the digits). Splits the number in halves, quarters and single
    /// digits in all lanes at once, with multiplications instead of divisions.
    @inline(__always)
    static func eightDigits(_ value: UInt32) -> UInt64 {
        // abcdefgh → abcd, efgh in two 32-bit lanes.
        let high = value / 10_000
        var word = UInt64(high) | UInt64(value &- high &* 10_000) << 32
        // Each lane v (< 10,000) → v / 100, v % 100 in its 16-bit halves (10486 / 2^20 ≈ 1/100).
        let hundreds = ((word &* 10486) >> 20) & 0x0000_007F_0000_007F
        word = hundreds | (word &- hundreds &* 100) << 16
        // Each 16-bit w (< 100) → w / 10, w % 10 in its bytes (103 / 2^10 ≈ 1/10).
        let tens = ((word &* 103) >> 10) & 0x000F_000F_000F_000F
        return tens | (word &- tens &* 10) << 8
    }

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        // Setting the lowest bit changes no count (no power of ten is odd) but that of 0.
        let value = value | 1
        // log10(2) ≈ 1233 / 4096: a guess from the bit length, then one correction.
        let bits = 64 - value.leadingZeroBitCount
        let guess = (bits &* 1233) >> 12
        return guess + (value >= wholePowersOfTen[guess] ? 1 : 0)
    }

    /// 10^0 … 10^19.
    private static let wholePowersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// Writes the decimal digits of `value` (at most 17 of them) so that the last one is just
    /// before `end`: eight at a time, then in pairs, so that few steps wait on each other.
    @inline(__always)
    static func writeDigits(_ value: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) {
        var value = value
        var p = end
        while value >= 100_000_000 {
            let high = value / 100_000_000
            writeEightDigits(UInt32(truncatingIfNeeded: value &- high &* 100_000_000), to: p - 8)
            p -= 8
            value = high
        }
        var low = UInt32(truncatingIfNeeded: value)
        while low >= 100 {
            let quotient = low / 100
            p -= 2
            writeTwoDigits(low &- quotient &* 100, to: p)
            low = quotient
        }
        if low >= 10 {
            writeTwoDigits(low, to: p - 2)
        } else {
            (p - 1).pointee = UInt8(truncatingIfNeeded: low) &+ 48
        }
    }

    /// Writes a number below 10^8 as exactly eight digits.
    @inline(__always)
    static func writeEightDigits(_ value: UInt32, to p: UnsafeMutablePointer<UInt8>) {
        let high = value / 10_000
        let low = value &- high &* 10_000
        let a = high / 100
        let b = low / 100
        writeTwoDigits(a, to: p)
        writeTwoDigits(high &- a &* 100, to: p + 2)
        writeTwoDigits(b, to: p + 4)
        writeTwoDigits(low &- b &* 100, to: p + 6)
    }

    /// Writes a number from 0 to 99 as two digits.
    @inline(__always)
    static func writeTwoDigits(_ value: UInt32, to p: UnsafeMutablePointer<UInt8>) {
        let pair = UnsafeRawPointer(digitPairs.utf8Start).loadUnaligned(
            fromByteOffset: Int(value) &* 2, as: UInt16.self)
        UnsafeMutableRawPointer(p).storeBytes(of: pair, as: UInt16.self)
    }

    /// Writes a number from 0 to 99 as two digits.
    @inline(__always)
    static func writeTwoDigits(_ value: Int, to p: UnsafeMutablePointer<UInt8>) {
        writeTwoDigits(UInt32(truncatingIfNeeded: value), to: p)
    }

    /// "00" to "99", two bytes each.
    private static let digitPairs: StaticString = """
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}
