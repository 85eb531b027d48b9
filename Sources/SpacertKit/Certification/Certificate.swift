import Crypto
import Foundation

/// What a certificate says: who passed which exam, under which policy and bank content, when,
/// until when, and with what scores. This is the part the signature covers.
public struct Certificate: Sendable, Hashable {
    /// The policy the exam was drawn and graded under.
    public struct Policy: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Lower-case hex SHA-256 of the policy file.
        public var sha256: String

        /// The policy named by `id` and `title` whose file hashes to `sha256`.
        public init(id: String, title: String, sha256: String) {
            self.id = id
            self.title = title
            self.sha256 = sha256
        }
    }

    /// The bank content the exam was drawn from.
    public struct Banks: Sendable, Hashable {
        /// ``ContentHash/combined(_:)`` of `files`.
        public var sha256: String
        /// Each bank file's hash, in file-name order.
        public var files: [ContentHash]

        /// The bank files `files`, with `sha256` their combined hash.
        public init(sha256: String, files: [ContentHash]) {
            self.sha256 = sha256
            self.files = files
        }
    }

    /// `SPC-` and 12 upper-case hex digits (see ``makeID(attemptID:issued:)``).
    public var id: String
    public var trainee: String
    /// The exam attempt that earned it.
    public var attemptID: String
    public var policy: Policy
    public var banks: Banks
    /// When it was issued, in whole seconds.
    public var issued: Date
    /// The first moment it is no longer valid: `issued` plus the policy's validity in calendar
    /// months (UTC). A certificate checked exactly at `expires` has expired.
    public var expires: Date
    /// Overall score, 0 to 1.
    public var score: Double
    /// Score per area (category raw value), 0 to 1.
    public var categories: [String: Double]

    /// A certificate with every field given. ``CertificateIssuer`` makes one from an exam
    /// result.
    public init(
        id: String, trainee: String, attemptID: String, policy: Policy, banks: Banks, issued: Date,
        expires: Date, score: Double, categories: [String: Double]
    ) {
        self.id = id
        self.trainee = trainee
        self.attemptID = attemptID
        self.policy = policy
        self.banks = banks
        self.issued = issued
        self.expires = expires
        self.score = score
        self.categories = categories
    }

    /// `SPC-` and the first 12 upper-case hex digits of SHA-256 over the attempt id, a line
    /// feed and the issue time as written in the certificate.
    public static func makeID(attemptID: String, issued: Date) -> String {
        let digest = ContentHash.hex(Data("\(attemptID)\n\(ISO8601.format(issued))".utf8))
        return "SPC-" + digest.prefix(12).uppercased()
    }

    /// `issued` plus `months` calendar months in UTC (31 January plus one month is the last
    /// day of February).
    public static func expiry(issued: Date, validityMonths months: Int) throws -> Date {
        try CalendarMath.adding(months: months, to: issued)
    }
}

extension Certificate {
    /// Why a `certificate` object cannot be read, naming the field (`certificate.policy.id`).
    struct FormatError: Error, Equatable {
        var message: String
    }

    /// The certificate as the JSON object that is signed, keys in the order people read them.
    /// Nil when a score is not finite, which JSON cannot hold.
    var jsonValue: JSONValue? {
        var areas: [(key: String, value: JSONValue)] = []
        for (category, value) in categories.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        {
            guard let number = JSONValue.number(value) else { return nil }
            areas.append((category, number))
        }
        guard let overall = JSONValue.number(score) else { return nil }
        return .object([
            ("id", .string(id)),
            ("trainee", .string(trainee)),
            ("attempt", .string(attemptID)),
            ("issued", .string(ISO8601.format(issued))),
            ("expires", .string(ISO8601.format(expires))),
            ("score", overall),
            ("categories", .object(areas)),
            (
                "policy",
                .object([
                    ("id", .string(policy.id)), ("title", .string(policy.title)),
                    ("sha256", .string(policy.sha256)),
                ])
            ),
            (
                "banks",
                .object([
                    ("sha256", .string(banks.sha256)),
                    (
                        "files",
                        .array(
                            banks.files.map {
                                .object([("file", .string($0.file)), ("sha256", .string($0.sha256))])
                            })
                    ),
                ])
            ),
        ])
    }

    /// Reads a `certificate` object; every field named above must be there with its type.
    /// Other keys are allowed here: the signature covers them, so one added later fails there.
    init(json: JSONValue) throws(FormatError) {
        guard case .object = json else { throw FormatError(message: "'certificate' is not an object") }
        func field(_ value: JSONValue, _ path: [String]) throws(FormatError) -> JSONValue {
            var current = value
            for (index, key) in path.enumerated() {
                guard let next = current[key] else {
                    throw FormatError(
                        message: "'certificate.\(path[...index].joined(separator: "."))' is missing")
                }
                current = next
            }
            return current
        }
        func text(_ path: String...) throws(FormatError) -> String {
            guard let text = try field(json, path).stringValue else {
                throw FormatError(message: "'certificate.\(path.joined(separator: "."))' is not a string")
            }
            return text
        }
        func date(_ key: String) throws(FormatError) -> Date {
            let value = try text(key)
            guard let date = ISO8601.parse(value) else {
                throw FormatError(
                    message: "'certificate.\(key)' is '\(value)'; expected a time like 2026-01-05T09:00:00Z")
            }
            return date
        }
        func number(_ value: JSONValue, _ name: String) throws(FormatError) -> Double {
            guard let number = value.doubleValue, number.isFinite else {
                throw FormatError(message: "'\(name)' is not a number")
            }
            return number
        }
        id = try text("id")
        trainee = try text("trainee")
        attemptID = try text("attempt")
        issued = try date("issued")
        expires = try date("expires")
        score = try number(try field(json, ["score"]), "certificate.score")
        guard case .object(let areas) = try field(json, ["categories"]) else {
            throw FormatError(message: "'certificate.categories' is not an object")
        }
        var categories: [String: Double] = [:]
        for area in areas {
            categories[area.key] = try number(area.value, "certificate.categories.\(area.key)")
        }
        self.categories = categories
        policy = Policy(
            id: try text("policy", "id"), title: try text("policy", "title"),
            sha256: try text("policy", "sha256"))
        guard case .array(let files) = try field(json, ["banks", "files"]) else {
            throw FormatError(message: "'certificate.banks.files' is not a list")
        }
        var hashes: [ContentHash] = []
        for (index, file) in files.enumerated() {
            guard let name = file["file"]?.stringValue, let sha256 = file["sha256"]?.stringValue else {
                throw FormatError(
                    message: "'certificate.banks.files[\(index)]' needs 'file' and 'sha256' strings")
            }
            hashes.append(ContentHash(file: name, sha256: sha256))
        }
        banks = Banks(sha256: try text("banks", "sha256"), files: hashes)
    }
}
