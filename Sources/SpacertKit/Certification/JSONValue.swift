/// A JSON value exactly as written: numbers keep their text and objects their key order, so a
/// signed certificate can be put back into one canonical form byte for byte.
///
/// The canonical form (``canonicalText``) is what a certificate's signature covers: no
/// whitespace, object keys sorted by their UTF-8 bytes, numbers as written, strings with only
/// the escapes JSON requires. Two values have the same canonical text only when every key,
/// string and number text is the same, so a change to any of them (an added key, `0.9` written
/// as `0.90`) changes what a signature must cover.
enum JSONValue: Sendable, Hashable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's text as written, already checked against JSON's number grammar.
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.canonicalText == rhs.canonicalText
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalText)
    }

    /// The value of `key` in an object (keys compared byte for byte); nil otherwise.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let bytes = Array(key.utf8)
        return members.first { Array($0.key.utf8) == bytes }?.value
    }

    /// The canonical text: compact, keys sorted by UTF-8 bytes, numbers as written.
    var canonicalText: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    /// Compact text with keys in their given order, for one-line output.
    var compactText: String {
        var output = ""
        writeCompact(to: &output)
        return output
    }

    /// Indented text for people, keys in their given order, ending without a newline.
    func prettyText(indent: String = "  ") -> String {
        var output = ""
        writePretty(to: &output, depth: 0, indent: indent)
        return output
    }

    private func writeCanonical(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                member.value.writeCanonical(to: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCanonical(to: &output)
            }
            output += "]"
        default:
            writeScalar(to: &output)
        }
    }

    private func writeCompact(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                member.value.writeCompact(to: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCompact(to: &output)
            }
            output += "]"
        default:
            writeScalar(to: &output)
        }
    }

    private func writePretty(to output: inout String, depth: Int, indent: String) {
        let inner = String(repeating: indent, count: depth + 1)
        let outer = String(repeating: indent, count: depth)
        switch self {
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, member) in members.enumerated() {
                output += inner
                Self.writeString(member.key, to: &output)
                output += ": "
                member.value.writePretty(to: &output, depth: depth + 1, indent: indent)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += outer + "}"
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                element.writePretty(to: &output, depth: depth + 1, indent: indent)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += outer + "]"
        default:
            writeScalar(to: &output)
        }
    }

    private func writeScalar(to output: inout String) {
        switch self {
        case .string(let text): Self.writeString(text, to: &output)
        case .number(let text): output += text
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .object, .array: preconditionFailure("containers are written by their callers")
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes,
    /// everything else (slashes, non-ASCII) as it is.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension JSONValue {
    /// A number value for `value`, in Swift's shortest text that reads back as the same
    /// `Double` (`0.9`, `1.0`, `1e-05`); nil for infinities and NaN, which JSON cannot hold.
    static func number(_ value: Double) -> JSONValue? {
        guard value.isFinite else { return nil }
        return .number("\(value)")
    }

    /// The number's value, if this is a number.
    var doubleValue: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    /// The text, if this is a string.
    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
