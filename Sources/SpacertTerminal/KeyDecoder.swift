/// Turns keyboard bytes into `Key` values; pure, so tests can feed it bytes without a terminal.
///
/// Feed bytes as they arrive with `decode(_:)`. A sequence cut between two reads (a UTF-8
/// character, an arrow's `ESC [ A`) is kept until the rest arrives. A lone ESC stays pending until
/// `flush()`, which the reader calls once no byte has followed within the escape timeout.
public struct KeyDecoder: Sendable, Hashable {
    private var pending: [UInt8] = []
    private var afterCarriageReturn = false

    /// Creates a decoder with nothing pending.
    public init() {}

    /// Whether bytes of an unfinished sequence are waiting (call `flush()` after the timeout).
    public var hasPendingBytes: Bool { !pending.isEmpty }

    /// Decodes `bytes` after any pending ones; returns the keys completed so far.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        return run(final: false)
    }

    /// Resolves whatever is pending as if no more bytes will come: a lone ESC becomes `.escape`,
    /// an unfinished escape sequence becomes `.escape` and its characters, a cut UTF-8 character
    /// is dropped.
    public mutating func flush() -> [Key] {
        run(final: true)
    }

    private mutating func run(final: Bool) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            if afterCarriageReturn, pending[index] == 0x0A {
                afterCarriageReturn = false
                index += 1
                continue
            }
            guard let step = Self.decodeOne(pending, at: index, final: final) else { break }
            afterCarriageReturn = pending[index] == 0x0D
            if let key = step.key { keys.append(key) }
            index += step.consumed
        }
        pending.removeFirst(index)
        return keys
    }

    /// Decodes the key starting at `index`: the key (nil for a sequence that is ignored) and the bytes
    /// used, or nil if more bytes are needed and `final` is false.
    private static func decodeOne(_ bytes: [UInt8], at index: Int, final: Bool) -> (key: Key?, consumed: Int)?
    {
        let byte = bytes[index]
        switch byte {
        case 0x1B:
            return decodeEscape(bytes, at: index, final: final)
        case 0x0D, 0x0A:
            return (.enter, 1)
        case 0x7F, 0x08:
            return (.backspace, 1)
        case 0x09:
            return (.tab, 1)
        case 0x00:
            return (.ctrl("@"), 1)
        case 0x01...0x1A:
            return (.ctrl(Character(Unicode.Scalar(byte + 0x60))), 1)
        case 0x1C...0x1F:
            return (.ctrl(Character(Unicode.Scalar(byte + 0x40))), 1)
        case 0x20...0x7E:
            return (.char(Character(Unicode.Scalar(byte))), 1)
        default:
            return decodeUTF8(bytes, at: index, final: final)
        }
    }

    private static func decodeEscape(_ bytes: [UInt8], at index: Int, final: Bool) -> (
        key: Key?, consumed: Int
    )? {
        let available = bytes.count - index
        guard available >= 2 else { return final ? (.escape, 1) : nil }
        switch bytes[index + 1] {
        case 0x5B:  // ESC [ : CSI
            var end = index + 2
            while end < bytes.count, (0x20...0x3F).contains(bytes[end]), end - index < 32 { end += 1 }
            guard end < bytes.count else { return final ? (.escape, 1) : nil }
            let finalByte = bytes[end]
            guard (0x40...0x7E).contains(finalByte) else {
                return (nil, end - index)  // malformed or overlong: drop what was read
            }
            let parameters = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
            return (csiKey(parameters: parameters, final: finalByte), end - index + 1)
        case 0x4F:  // ESC O : SS3
            guard available >= 3 else { return final ? (.escape, 1) : nil }
            let finalByte = bytes[index + 2]
            guard (0x40...0x7E).contains(finalByte) else { return (.escape, 1) }
            return (ss3Key(finalByte), 3)
        default:  // ESC ESC, or Alt+key: report the Escape, then decode the next byte on its own.
            return (.escape, 1)
        }
    }

    private static func csiKey(parameters: String, final: UInt8) -> Key? {
        switch final {
        case 0x41: return .up
        case 0x42: return .down
        case 0x43: return .right
        case 0x44: return .left
        case 0x48: return .home
        case 0x46: return .end
        case 0x7E:
            let first = parameters.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
            switch first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func ss3Key(_ final: UInt8) -> Key? {
        switch final {
        case 0x41: return .up
        case 0x42: return .down
        case 0x43: return .right
        case 0x44: return .left
        case 0x48: return .home
        case 0x46: return .end
        default: return nil
        }
    }

    /// Decodes one UTF-8 character; invalid bytes are skipped one at a time.
    private static func decodeUTF8(_ bytes: [UInt8], at index: Int, final: Bool) -> (
        key: Key?, consumed: Int
    )? {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return (nil, 1)
        }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let position = index + offset
            guard position < bytes.count else { return final ? (nil, offset) : nil }
            let byte = bytes[position]
            let range: ClosedRange<UInt8> = offset == 1 ? secondRange : 0x80...0xBF
            guard range.contains(byte) else { return (nil, offset) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return (nil, length) }
        return (.char(Character(scalar)), length)
    }
}
