import Foundation
import Testing

@testable import SpacertFSRS

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
}
