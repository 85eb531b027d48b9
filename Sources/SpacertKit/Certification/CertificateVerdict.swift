import Foundation

/// What checking a certificate found, with a sentence saying exactly why.
public struct CertificateVerdict: Sendable, Hashable {
    /// The outcomes of a check of a readable certificate.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Signed by the spa's key, unchanged, and not expired.
        case valid
        /// The signature does not match the content: nothing in it can be trusted.
        case altered
        /// Signed by some other key than the spa's.
        case wrongKey = "wrong-key"
        /// Genuine and unchanged, but past its expiry.
        case expired
        /// Genuine and unchanged, but issued after the time it is checked at.
        case notYetValid = "not-yet-valid"
    }

    public var kind: Kind
    /// The sentence that says why, naming the certificate, key or date concerned.
    public var reason: String
    /// The certificate as its file states it. Trust it only when ``isGenuine`` is true.
    public var certificate: Certificate
    /// The `certificate` object as the file has it.
    let content: JSONValue

    /// Valid: the exit status is 0 only for this.
    public var isValid: Bool { kind == .valid }

    /// Signed by the spa and unchanged (valid, expired or not yet valid): its content can be believed.
    public var isGenuine: Bool { kind == .valid || kind == .expired || kind == .notYetValid }

    /// `valid: certificate SPC-… for …`, one line for people.
    public var text: String { "\(kind.rawValue): \(reason)" }

    /// `{"version":1,"valid":…,"verdict":…,"reason":…,"certificate":{…}|null}` on one line, keys
    /// in that order;
    /// `certificate` is null when it cannot be trusted (altered or wrong key).
    public var json: String {
        JSONValue.object([
            ("version", .number("1")),
            ("valid", .bool(isValid)),
            ("verdict", .string(kind.rawValue)),
            ("reason", .string(reason)),
            ("certificate", isGenuine ? content : .null),
        ]).compactText
    }
}
