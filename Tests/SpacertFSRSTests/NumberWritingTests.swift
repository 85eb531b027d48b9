import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// `replay` writes numbers exactly as `Double.description` (and Python's `repr`) does, its
/// whole-number shortcut included.
@Suite struct NumberWritingTests {
    func written(_ value: Double) -> String {
        var writer = ByteWriter(capacity: 64)
        defer { writer.discard() }
        writer.appendDouble(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("chosen values match description")
    func chosen() {
        let values: [Double] = [
            0, 1, 10, 0.1, 0.2, 0.3, 2.3065, 2.118103970459016, 0.9, 0.0001, 0.00010000000000000009,
            .leastNonzeroMagnitude,
            9.999999999999999e-5, 1e-5, 0.001, 1e14, 1e15, 999_999_999_999_999, 999_999_999_999_999.9,
            1e16, 123_456.789, .greatestFiniteMagnitude, 0.5, 0.25, 1.5, 4503599627370495.5,
            2251799813685247.75, 1.0000000000000002, 0.9999999999999999, 36500, 0.9803464944134797,
            -0.0, -2.5, 3.4028236692093846e+38, 6.103515625e-05, 1.52587890625e-05,
        ]
        for value in values {
            #expect(written(value) == value.description, "\(value)")
        }
        #expect(written(.infinity) == "null" && written(.nan) == "null")
    }

    @Test("powers of two and their neighbours match description")
    func powersOfTwo() {
        for exponent in -20...55 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            for value in [power, power.nextUp, power.nextDown, power * 1.5] {
                #expect(written(value) == value.description, "\(value)")
            }
        }
    }

    @Test("random values across the fast range match description")
    func random() {
        var generator = SeededRandom(seed: "numbers")
        var mismatches: [String] = []
        for index in 0..<50_000 {
            let value: Double
            switch index % 4 {
            case 0:  // any bit pattern in [1e-5, 1e16)
                let exponent = Double(generator.next() % 10_000) / 10_000 * 21 - 5
                value = Double(bitPattern: pow(10, exponent).bitPattern ^ (generator.next() & 0xF_FFFF_FFFF))
            case 1:  // short decimals like 2.3065
                value = Double(generator.next() % 10_000_000) / pow(10, Double(generator.next() % 12))
            case 2:  // FSRS-like stabilities and difficulties
                value = Double(generator.next() % 1_000_000_000_000) / 1e9 + 0.001
            default:  // retrievabilities
                value = Double(generator.next() >> 11) * 0x1p-53
            }
            let text = written(value)
            if text != value.description { mismatches.append("\(value.description) written as \(text)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")
    }

    /// What the shortest-digits writer alone writes for `value`, or nil if it leaves it to others.
    func shortest(_ value: Double) -> String? {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ShortestDouble.maximumLength)
        defer { buffer.deallocate() }
        guard let end = ShortestDouble.write(value, to: buffer) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: end - buffer), as: UTF8.self)
    }

    @Test("the powers of ten of the shortest-digits writer are exact")
    func powersOfTen() {
        // Every power of ten to 10^22 is a Double exactly; its significand, top bit at 63.
        let exact: [Double] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
            1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ]
        #expect(ShortestDouble.powersOfTen.count == exact.count)
        for (n, power) in exact.enumerated() {
            #expect(ShortestDouble.powersOfTen[n] == (1 << 52 | power.significandBitPattern) << 11, "10^\(n)")
        }
    }

    @Test("the shortest-digits writer covers non-whole values from 1e-4 to 1e15, as description")
    func shortestRange() {
        #expect(shortest(0.0001) == "0.0001")
        #expect(shortest(-2.5) == "-2.5")
        #expect(shortest(0.1) == "0.1")
        #expect(shortest(999_999_999_999_999.9) == "999999999999999.9")
        for value in [0.0, 1, 36500, -7, 1e15, 1e-5, 0.0001.nextDown, .infinity, .nan, 1e300] {
            #expect(shortest(value) == nil, "\(value)")
        }
        var generator = SeededRandom(seed: "shortest")
        let low = 0.0001.bitPattern
        let high = 1e15.bitPattern
        var mismatches: [String] = []
        for index in 0..<100_000 {
            var value = Double(bitPattern: low + generator.next() % (high - low))
            if index % 2 == 1 {
                // A short decimal, or one of its neighbours (whose digits run long).
                let short = Double(generator.next() % 100_000_000) / pow(10, Double(generator.next() % 12))
                value = [short, short.nextUp, short.nextDown][Int(generator.next() % 3)]
            }
            guard value >= 0.0001 && value < 1e15 && value != value.rounded(.towardZero) else { continue }
            let text = shortest(value)
            if text != value.description {
                mismatches.append("\(value.description) written as \(text ?? "nil")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")
    }

    @Test("eight digits at once are the number's digits, zero-padded")
    func eightDigits() {
        var generator = SeededRandom(seed: "eight digits")
        let edges: [UInt32] = [0, 1, 9, 10, 99, 100, 9999, 10000, 10001, 1_000_000, 12_345_678, 99_999_999]
        for value in edges + (0..<20_000).map({ _ in UInt32(generator.next() % 100_000_000) }) {
            let word = (ShortestDouble.eightDigits(value) | 0x3030_3030_3030_3030).littleEndian
            let text = withUnsafeBytes(of: word) { String(decoding: $0, as: UTF8.self) }
            let expected = String(repeating: "0", count: 8 - String(value).count) + String(value)
            #expect(text == expected)
        }
    }

    @Test("digits are written for every length up to 17")
    func digitLengths() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        defer { buffer.deallocate() }
        #expect(ShortestDouble.digitCount(0) == 1)
        var value: UInt64 = 7
        for length in 1...17 {
            #expect(ShortestDouble.digitCount(value) == length)
            ShortestDouble.writeDigits(value, endingAt: buffer + length)
            #expect(
                String(decoding: UnsafeBufferPointer(start: buffer, count: length), as: UTF8.self)
                    == "\(value)")
            value = value * 10 + UInt64(length % 10)
        }
        for pair in 0..<100 {
            ShortestDouble.writeTwoDigits(pair, to: buffer)
            #expect(
                String(decoding: UnsafeBufferPointer(start: buffer, count: 2), as: UTF8.self)
                    == (pair < 10 ? "0\(pair)" : "\(pair)"))
        }
    }
}
