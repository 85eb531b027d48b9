import Foundation
import SpacertCore
import SpacertFSRS

/// A minimal, strict JSON reader over UTF-8 bytes, for `replay`'s large inputs.
///
/// It reads tokens in place (no intermediate tree), checks the grammar of RFC 8259 for what it
/// reads, and skips unknown values of any depth.
struct JSONScanner {
    /// A syntax error at a byte offset.
    struct SyntaxError: Error {
        let offset: Int
        let message: String
    }

    /// A string token: the bytes between the quotes, still escaped if `hasEscapes`.
    struct StringToken {
        let range: Range<Int>
        let hasEscapes: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    private static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? position, message: message)
    }

    /// Moves past spaces, tabs, line feeds and carriage returns.
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next significant byte, or nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` (after whitespace) or fails.
    mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'" + foundDescription())
        }
        position += 1
    }

    /// Describes what is at the current position, for messages.
    func foundDescription() -> String {
        guard position < bytes.count else { return " but the input ended" }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return " but found '\(Character(Unicode.Scalar(byte)))'" }
        return " but found byte 0x" + String(byte, radix: 16)
    }

    /// Consumes `,` and returns true, or consumes `close` and returns false.
    mutating func nextElement(close: UInt8) throws(SyntaxError) -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            position += 1
            return true
        case close:
            position += 1
            return false
        default:
            throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'" + foundDescription())
        }
    }

    /// Opens an object; returns false if it is empty (and consumes its `}`).
    mutating func beginObject() throws(SyntaxError) -> Bool {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            position += 1
            return false
        }
        return true
    }

    /// Opens an array; returns false if it is empty (and consumes its `]`).
    mutating func beginArray() throws(SyntaxError) -> Bool {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            position += 1
            return false
        }
        return true
    }

    /// Reads an object key and its colon.
    mutating func readKey() throws(SyntaxError) -> StringToken {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key" + foundDescription()) }
        let key = try readString()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Reads the key `"name":` if it comes next written plainly (a fast path); nil otherwise.
    @inline(__always) mutating func readKnownKey(_ name: StaticString) throws(SyntaxError) -> StringToken? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        let length = name.utf8CodeUnitCount
        let start = position + 1
        guard start + length < bytes.count, bytes[start + length] == UInt8(ascii: "\""),
            memcmp(bytes.baseAddress! + start, name.utf8Start, length) == 0
        else { return nil }
        position = start + length + 1
        try expect(UInt8(ascii: ":"))
        return StringToken(range: start..<(start + length), hasEscapes: false)
    }

    /// Whether a key equals an ASCII name.
    func key(_ token: StringToken, is name: StaticString) -> Bool {
        let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if token.hasEscapes { return decodedBytes(token).elementsEqual(nameBytes) }
        guard token.range.count == nameBytes.count else { return false }
        return bytes[token.range].elementsEqual(nameBytes)
    }

    /// Reads a string token, checking escapes and rejecting raw control characters.
    mutating func readString() throws(SyntaxError) -> StringToken {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string" + foundDescription()) }
        position += 1
        let start = position
        var hasEscapes = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return StringToken(range: start..<(position - 1), hasEscapes: hasEscapes)
            }
            if byte < 0x20 { throw error("control character in a string (escape it)") }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                position += 1
                guard position < bytes.count else { break }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count,
                        (1...4).allSatisfy({ hexValue(bytes[position + $0]) != nil })
                    else { throw error("invalid \\u escape") }
                    position += 5
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(bytes[position])))'")
                }
                continue
            }
            position += 1
        }
        throw error("unterminated string", at: start - 1)
    }

    /// The UTF-8 bytes a string token stands for (escapes resolved; lone surrogates become U+FFFD).
    func decodedBytes(_ token: StringToken) -> [UInt8] {
        guard token.hasEscapes else { return Array(bytes[token.range]) }
        var out: [UInt8] = []
        out.reserveCapacity(token.range.count)
        var i = token.range.lowerBound
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | UInt32(hexValue(bytes[at + $1])!) }
        }
        while i < token.range.upperBound {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let kind = bytes[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= token.range.upperBound,
                    bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(value)!)
            default: out.append(kind)
            }
        }
        return out
    }

    /// A string token as a Swift string (invalid UTF-8 repaired with U+FFFD).
    func string(_ token: StringToken) -> String {
        if token.hasEscapes { return String(decoding: decodedBytes(token), as: UTF8.self) }
        return String(decoding: bytes[token.range], as: UTF8.self)
    }

    /// Reads a number token and returns its value and its bytes.
    mutating func readNumber() throws(SyntaxError) -> (value: Double, range: Range<Int>) {
        _ = peek()
        let start = position
        var integer = 0
        var digitCount = 0
        var simple = true
        if position < bytes.count && bytes[position] == UInt8(ascii: "-") {
            position += 1
            simple = false
        }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw error("expected a number" + foundDescription(), at: start)
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            digitCount = 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                integer = integer &* 10 &+ Int(bytes[position] - 48)
                digitCount += 1
                position += 1
            }
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            simple = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("expected a digit after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            simple = false
            position += 1
            if position < bytes.count
                && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
            {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("expected an exponent digit")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let range = start..<position
        if simple && digitCount <= 15 { return (Double(integer), range) }
        guard let value = Double(String(decoding: bytes[range], as: UTF8.self)) else {
            throw error("number out of range", at: start)
        }
        return (value, range)
    }

    /// Reads `null` if it is next and returns true; otherwise consumes nothing.
    mutating func readNull() throws(SyntaxError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads `true` or `false`.
    mutating func readBool() throws(SyntaxError) -> Bool? {
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            return nil
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let wordBytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard position + wordBytes.count <= bytes.count,
            bytes[position..<(position + wordBytes.count)].elementsEqual(wordBytes)
        else { throw error("invalid literal" + foundDescription()) }
        position += wordBytes.count
    }

    /// Skips one value of any kind and depth.
    mutating func skipValue(depth: Int = 0) throws(SyntaxError) {
        guard depth < Self.maximumDepth else { throw error("nested too deeply") }
        switch peek() {
        case UInt8(ascii: "{"):
            if try beginObject() {
                repeat {
                    _ = try readKey()
                    try skipValue(depth: depth + 1)
                } while try nextElement(close: UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            if try beginArray() {
                repeat { try skipValue(depth: depth + 1) } while try nextElement(close: UInt8(ascii: "]"))
            }
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            _ = try readNull()
        case .some(let byte) where byte == UInt8(ascii: "-") || isDigit(byte):
            _ = try readNumber()
        default:
            throw error("expected a value" + foundDescription())
        }
    }

    /// The 1-based line and column (in bytes) of an offset, for messages.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
    byte >= 48 && byte <= 57
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 48...57: byte - 48
    case 65...70: byte - 55
    case 97...102: byte - 87
    default: nil
    }
}
