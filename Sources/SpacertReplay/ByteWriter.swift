import Foundation
import SpacertCore
import SpacertFSRS

/// A growable byte buffer for writing JSON fast, handed over to `Data` without a copy.
///
/// It owns malloc'd memory: call ``data()`` once to hand it over, or ``discard()`` to free it.
struct ByteWriter: TextOutputStream {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    /// Whether the memory came from `mmap` (large buffers) rather than `malloc`.
    private var mapped: Bool

    /// Buffers at least this large are mapped directly, asking for huge pages on Linux: a
    /// replay's output is tens of megabytes, and faulting it in 4 KiB pages costs more than
    /// writing it.
    private static let mappingThreshold = 4 << 20

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        (base, mapped) = Self.allocate(self.capacity)
    }

    /// A buffer whose pages are all mapped at once, in one call (`MAP_POPULATE` on Linux),
    /// rather than faulted in one by one as they are first written: for buffers that will be
    /// filled, and reused.
    init(populatedCapacity capacity: Int) {
        self.capacity = max(capacity, 64)
        #if os(Linux)
            let memory = mmap(
                nil, self.capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
            if let memory, memory != MAP_FAILED {
                (base, mapped) = (memory.assumingMemoryBound(to: UInt8.self), true)
                return
            }
        #endif
        (base, mapped) = Self.allocate(self.capacity)
    }

    private static func allocate(_ capacity: Int) -> (UnsafeMutablePointer<UInt8>, Bool) {
        if capacity >= mappingThreshold {
            let memory = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let memory, memory != MAP_FAILED {
                #if os(Linux)
                    _ = madvise(memory, capacity, MADV_HUGEPAGE)
                #endif
                return (memory.assumingMemoryBound(to: UInt8.self), true)
            }
        }
        return (malloc(capacity)!.assumingMemoryBound(to: UInt8.self), false)
    }

    /// Makes room for `extra` more bytes.
    @inline(__always) mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        if !mapped && newCapacity < Self.mappingThreshold {
            base = realloc(base, newCapacity)!.assumingMemoryBound(to: UInt8.self)
        } else {
            let (newBase, newMapped) = Self.allocate(newCapacity)
            newBase.update(from: base, count: count)
            discard()
            (base, mapped) = (newBase, newMapped)
        }
        capacity = newCapacity
    }

    /// Where the next byte goes; write there (after ``reserve(_:)``), then ``advance(to:)``.
    var end: UnsafeMutablePointer<UInt8> { base + count }

    /// Counts the bytes written straight into the buffer up to `end`.
    @inline(__always) mutating func advance(to end: UnsafeMutablePointer<UInt8>) {
        count = end - base
    }

    /// Forgets the bytes written, keeping the memory.
    mutating func removeAll() {
        count = 0
    }

    /// Appends one byte.
    @inline(__always) mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends one byte where room was already reserved.
    @inline(__always) mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Appends a number from 0 to 99 as two digits where room was already reserved.
    @inline(__always) mutating func appendTwoDigits(_ value: Int) {
        base[count] = UInt8(truncatingIfNeeded: 48 + value / 10)
        base[count + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        count += 2
    }

    /// Appends bytes.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }

    /// Appends a literal.
    @inline(__always) mutating func append(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount)
        appendUnchecked(text)
    }

    /// Appends a literal where room was already reserved. Inlined, the copy of a literal is a
    /// few moves rather than a call to `memmove`.
    @inline(__always) mutating func appendUnchecked(_ text: StaticString) {
        (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// Appends a string's UTF-8 bytes (`TextOutputStream`).
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    /// Appends ASCII text; the standard library calls this when a number writes itself to the
    /// stream, which spares a String allocation per number.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        append(buffer)
    }

    /// Appends a non-negative integer in decimal, zero-padded to `width` digits.
    @inline(__always) mutating func appendDigits(_ value: Int, width: Int) {
        reserve(width)
        var value = value
        var index = count + width - 1
        while index > count {
            let pair = value % 100
            value /= 100
            base[index] = UInt8(truncatingIfNeeded: 48 + pair % 10)
            base[index - 1] = UInt8(truncatingIfNeeded: 48 + pair / 10)
            index -= 2
        }
        if index == count { base[index] = UInt8(truncatingIfNeeded: 48 + value % 10) }
        count += width
    }

    /// Appends an integer in decimal.
    mutating func appendInteger(_ value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            if value == .min {
                append("9223372036854775808")
                return
            }
        }
        let magnitude = abs(value)
        var width = 1
        var limit = 10
        while width < 19 && magnitude >= limit {
            width += 1
            limit &*= 10
        }
        appendDigits(magnitude, width: width)
    }

    /// Appends the shortest decimal that reads back as `value` (as Python's `repr` and Swift's
    /// `description` print it); `null` for infinities and NaN, which JSON cannot carry.
    mutating func appendDouble(_ value: Double) {
        reserve(ShortestDouble.maximumLength)
        if let end = ShortestDouble.write(value, to: end) {
            // Not whole, from 0.0001 to 10^15 in magnitude: most values.
            advance(to: end)
        } else if value.magnitude < 1e15 && value == value.rounded(.towardZero)
            && !(value == 0 && value.sign == .minus)
        {
            // Whole numbers (1.0 and 0.0 are common) print as "N.0", as description would.
            var p = end
            if value < 0 {
                p.pointee = UInt8(ascii: "-")
                p += 1
            }
            let digits = UInt64(value.magnitude)
            p += ShortestDouble.digitCount(digits)
            ShortestDouble.writeDigits(digits, endingAt: p)
            p[0] = UInt8(ascii: ".")
            p[1] = UInt8(ascii: "0")
            advance(to: p + 2)
        } else if value.isFinite {
            value.write(to: &self)
        } else {
            append("null")
        }
    }

    /// Appends a JSON string: quotes, with `"`, `\` and control characters escaped.
    mutating func appendJSONString(_ text: some Sequence<UInt8>) {
        append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): append(#"\""#)
            case UInt8(ascii: "\\"): append(#"\\"#)
            case 0x0A: append(#"\n"#)
            case 0x0D: append(#"\r"#)
            case 0x09: append(#"\t"#)
            case 0..<0x20:
                append(#"\u00"#)
                append(hexDigit(byte >> 4))
                append(hexDigit(byte & 0xF))
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// The bytes written, as an Array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Hands the memory to a Data (no copy). Use the writer no more.
    func data() -> Data {
        guard mapped else { return Data(bytesNoCopy: base, count: count, deallocator: .free) }
        let capacity = capacity
        return Data(
            bytesNoCopy: base, count: count,
            deallocator: .custom { memory, _ in _ = munmap(memory, capacity) })
    }

    /// Frees the memory. Use the writer no more.
    func discard() {
        if mapped {
            _ = munmap(base, capacity)
        } else {
            free(base)
        }
    }
}

private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 48 + value : 87 + value
}

/// A string in double quotes with quotes, backslashes and control characters escaped.
func quoted(_ text: String) -> String {
    var writer = ByteWriter(capacity: text.utf8.count + 8)
    defer { writer.discard() }
    writer.appendJSONString(text.utf8)
    return String(decoding: UnsafeBufferPointer(start: writer.base, count: writer.count), as: UTF8.self)
}
