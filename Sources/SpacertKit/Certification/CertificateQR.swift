import Foundation

/// The text a certificate's QR code carries: the whole signed certificate in a compact form,
/// so that it can be checked with no server, from what a phone's scanner shows.
///
/// ```
/// SPC1|<id>|<trainee>|<attempt>|<issued>|<expires>|<score>|<area>=<score>,…|<policy id>|
///     <policy title>|<policy sha256>|<banks sha256>|<file>=<sha256>,…|<key>|<signature>
/// ```
///
/// (one line). Texts and numbers are as the signed `certificate` object has them, with `%`,
/// `|`, `,`, `=`, controls and every non-ASCII byte written `%XX` (so the text is plain ASCII
/// whatever the scanner's idea of a character set); SHA-256 hashes and the key fingerprint are
/// their 32 bytes in unpadded base64url, the signature its 64. Reading it back gives exactly
/// the `certificate` object that was signed, which ``CertificateVerifier`` then checks as it
/// checks a file: a changed character changes the content, and the signature no longer matches.
public enum CertificateQR {
    /// The first field: the form's name and version.
    static let tag = "SPC1"
    /// The most text read back (a QR code holds under 3 KB).
    static let maximumLength = 8192

    /// The compact text of `signed`; an error when it cannot be written this way (a field
    /// spacert does not write, a hash that is not 64 hex digits), which is then a bug to report.
    public static func text(for signed: SignedCertificate) throws -> String {
        let content = signed.content
        func fail(_ what: String) -> SpacertError {
            .invalidInput("certificate \(signed.certificate.id) cannot be put in a QR code: \(what)")
        }
        func string(_ value: JSONValue?, _ name: String) throws -> String {
            guard let text = value?.stringValue else { throw fail("'\(name)' is not a string") }
            return escape(text)
        }
        func number(_ value: JSONValue?, _ name: String) throws -> String {
            guard case .number(let text) = value else { throw fail("'\(name)' is not a number") }
            return text
        }
        func hash(_ value: JSONValue?, _ name: String) throws -> String {
            guard let text = value?.stringValue, let bytes = hexBytes(text), bytes.count == 32 else {
                throw fail("'\(name)' is not 64 lower-case hex digits")
            }
            return base64URL(bytes)
        }
        var fields = [tag]
        for name in ["id", "trainee", "attempt", "issued", "expires"] {
            fields.append(try string(content[name], name))
        }
        fields.append(try number(content["score"], "score"))
        guard case .object(let areas) = content["categories"] else {
            throw fail("'categories' is not an object")
        }
        fields.append(
            try areas.map { "\(escape($0.key))=\(try number($0.value, "categories.\($0.key)"))" }
                .joined(separator: ","))
        let policy = content["policy"]
        fields.append(try string(policy?["id"], "policy.id"))
        fields.append(try string(policy?["title"], "policy.title"))
        fields.append(try hash(policy?["sha256"], "policy.sha256"))
        let banks = content["banks"]
        fields.append(try hash(banks?["sha256"], "banks.sha256"))
        guard case .array(let files) = banks?["files"] else { throw fail("'banks.files' is not a list") }
        fields.append(
            try files.map {
                "\(try string($0["file"], "banks.files.file"))=\(try hash($0["sha256"], "banks.files.sha256"))"
            }.joined(separator: ","))
        guard let key = hexBytes(signed.keyFingerprint), key.count == 32 else {
            throw fail("the key fingerprint is not 64 hex digits")
        }
        fields.append(base64URL(key))
        fields.append(base64URL(Array(signed.signature)))
        let text = fields.joined(separator: "|")
        // What is read back must be exactly what was signed, or the QR code would not verify.
        guard let back = try? parts(of: text), back.content.canonicalText == content.canonicalText else {
            throw fail("a field spacert does not write, so the compact form would not read back the same")
        }
        return text
    }

    /// The certificate document (as a file holds it) that `text` carries; an error saying
    /// what is wrong when it is not the compact text of a certificate.
    public static func document(from text: String) throws -> Data {
        let parts = try parts(of: text)
        let signature = JSONValue.object([
            ("algorithm", .string(SignedCertificate.algorithm)),
            ("key", .string(parts.key)),
            ("value", .string(parts.signature)),
        ])
        let document = JSONValue.object([
            ("version", .number("1")), ("certificate", parts.content), ("signature", signature),
        ])
        return Data(document.compactText.utf8)
    }

    /// The signed `certificate` object, the key fingerprint (hex) and the signature (base64).
    static func parts(of raw: String) throws -> (content: JSONValue, key: String, signature: String) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ why: String) -> SpacertError {
            .invalidInput("the QR text is not a spacert certificate: \(why)")
        }
        guard text.utf8.count <= maximumLength else {
            throw fail("it is \(text.utf8.count) bytes long; a certificate's is under \(maximumLength)")
        }
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.first == tag else {
            throw fail("it does not begin with '\(tag)|' (the text a spacert certificate's QR code holds)")
        }
        let names = [
            "tag", "id", "trainee", "attempt", "issued", "expires", "score", "categories", "policy id",
            "policy title", "policy sha256", "banks sha256", "bank files", "key", "signature",
        ]
        guard fields.count == names.count else {
            throw fail("it has \(fields.count) fields separated by '|'; a certificate's has \(names.count)")
        }
        func string(_ index: Int) throws -> JSONValue {
            guard let text = unescape(fields[index]) else {
                throw fail("the \(names[index]) field has a '%' that is not followed by two hex digits")
            }
            return .string(text)
        }
        func number(_ text: String, _ name: String) throws -> JSONValue {
            guard let value = try? JSONValueParser.parse(Array(text.utf8)), case .number = value else {
                throw fail("the \(name) is not a number")
            }
            return value
        }
        func hash(_ text: String, _ name: String, bytes: Int = 32) throws -> [UInt8] {
            guard let decoded = fromBase64URL(text), decoded.count == bytes else {
                throw fail("the \(name) is not \(bytes) bytes in base64url")
            }
            return decoded
        }
        func pairs(_ index: Int) throws -> [(String, String)] {
            guard !fields[index].isEmpty else { return [] }
            return try fields[index].split(separator: ",", omittingEmptySubsequences: false).map {
                let pair = $0.split(separator: "=", omittingEmptySubsequences: false)
                guard pair.count == 2, let key = unescape(String(pair[0])) else {
                    throw fail("the \(names[index]) field has an entry that is not name=value")
                }
                return (key, String(pair[1]))
            }
        }
        let areas = try pairs(7).map { (key: $0.0, value: try number($0.1, "score of \($0.0)")) }
        let files = try pairs(12).map {
            JSONValue.object([
                ("file", .string($0.0)), ("sha256", .string(hex(try hash($0.1, "hash of \($0.0)")))),
            ])
        }
        let content = JSONValue.object([
            ("id", try string(1)),
            ("trainee", try string(2)),
            ("attempt", try string(3)),
            ("issued", try string(4)),
            ("expires", try string(5)),
            ("score", try number(fields[6], "score")),
            ("categories", .object(areas)),
            (
                "policy",
                .object([
                    ("id", try string(8)), ("title", try string(9)),
                    ("sha256", .string(hex(try hash(fields[10], "policy's hash")))),
                ])
            ),
            (
                "banks",
                .object([
                    ("sha256", .string(hex(try hash(fields[11], "banks' hash")))),
                    ("files", .array(files)),
                ])
            ),
        ])
        let key = hex(try hash(fields[13], "key"))
        let signature = Data(try hash(fields[14], "signature", bytes: 64)).base64EncodedString()
        return (content, key, signature)
    }

    /// The text with `%XX` for `%`, the separators (`|`, `,`, `=`), controls and every byte
    /// outside ASCII; other ASCII, the space included, is kept as it is.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: "="), 0..<0x20,
                0x7F...:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default:
                output.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return output
    }

    /// The text with `%XX` read back; nil for a bad escape or bytes that are not UTF-8.
    static func unescape(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
            iterator = iterator.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0,
            digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Unpadded base64url in its one canonical spelling, else nil (so that no two texts give
    /// the same bytes).
    static func fromBase64URL(_ text: String) -> [UInt8]? {
        guard !text.contains("="), !text.contains("+"), !text.contains("/") else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        let bytes = Array(data)
        return base64URL(bytes) == text ? bytes : nil
    }
}

extension String {
    /// Zeros before the text up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
