import Crypto
import Foundation

/// One row of the exam ledger: an attempt's start, one answer, or its result, hash-chained to
/// the row before it.
public struct LedgerEntry: Sendable, Hashable {
    /// What a row records.
    public enum Kind: String, Sendable, Hashable, Codable {
        case start, answer, result
        /// A manager allowed further attempts after the policy's limit was reached.
        case grant
    }

    /// Place in the ledger, from 1.
    public var seq: Int64
    public var attempt: String
    public var traineeID: Int64
    public var kind: Kind
    /// When it was written (microseconds are kept).
    public var at: Date
    /// The event as canonical JSON (see ``ExamCoding``).
    public var body: String
    /// The hash of the row before (``genesis`` for the first).
    public var previousHash: String
    /// SHA-256 (hex) over this row's place, content and `previousHash` (see ``chainHash``).
    public var hash: String

    /// The previous hash of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The row after `head` (nil for the first): its place, and its hash over every column
    /// (``chainHash(previous:seq:attempt:traineeID:kind:atMicros:body:)``).
    static func next(
        after head: (seq: Int64, hash: String)?, attempt: String, trainee: Trainee.ID, kind: Kind,
        atMicros: Int64, body: String
    ) -> LedgerEntry {
        let seq = (head?.seq ?? 0) + 1
        let previous = head?.hash ?? genesis
        return LedgerEntry(
            seq: seq, attempt: attempt, traineeID: trainee, kind: kind, at: StoreTime.date(atMicros),
            body: body,
            previousHash: previous,
            hash: chainHash(
                previous: previous, seq: seq, attempt: attempt, traineeID: trainee, kind: kind,
                atMicros: atMicros,
                body: body))
    }

    /// The hash that chains a row: SHA-256 over a versioned line of every column, so that an
    /// edit to any of them, or to the row before, changes it.
    public static func chainHash(
        previous: String, seq: Int64, attempt: String, traineeID: Int64, kind: Kind, atMicros: Int64,
        body: String
    ) -> String {
        let text =
            "spacert-ledger-1\n\(previous)\n\(seq)\n\(attempt)\n\(traineeID)\n\(kind.rawValue)\n\(atMicros)\n\(body)"
        return ContentHash.hex(Data(text.utf8))
    }

    /// ``chainHash(previous:seq:attempt:traineeID:kind:atMicros:body:)`` over the body's bytes
    /// as they stand in the store, without making a string of it (the audit and the readers
    /// hash every row).
    static func chainHash(
        previous: String, seq: Int64, attempt: String, traineeID: Int64, kind: Kind, atMicros: Int64,
        bodyBytes: UnsafeRawBufferPointer
    ) -> String {
        var hasher = SHA256()
        hasher.update(
            data: Data(
                "spacert-ledger-1\n\(previous)\n\(seq)\n\(attempt)\n\(traineeID)\n\(kind.rawValue)\n\(atMicros)\n"
                    .utf8))
        hasher.update(bufferPointer: bodyBytes)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// What `spacert audit` found in the exam ledger.
public struct LedgerAudit: Sendable, Hashable {
    /// One broken link, in words, at the row it was found.
    public struct Problem: Sendable, Hashable {
        public var seq: Int64
        public var message: String

        public init(seq: Int64, message: String) {
            self.seq = seq
            self.message = message
        }
    }

    public var entries: Int
    public var attempts: Int
    public var results: Int
    /// The newest row's hash: note it down to detect a later truncation of the ledger.
    public var head: String
    public var problems: [Problem]
    /// Checkpoints in the store.
    public var checkpoints = 0
    /// Entries written before the first checkpoint: an older ledger's, never signed.
    public var unsignedBefore = 0
    /// Entries after the newest checkpoint (an attempt's answers since, for example).
    public var unsignedAfter = 0
    public var newestCheckpoint: LedgerCheckpoint?
    /// The copy of the newest checkpoint outside the store, when there is one.
    public var outside: LedgerCheckpoint?
    /// The store has checkpoints but no copy of the newest is outside it (one of `problems`).
    public var outsideMissing = false

    public init(
        entries: Int, attempts: Int, results: Int, head: String, problems: [Problem], checkpoints: Int = 0,
        unsignedBefore: Int = 0, unsignedAfter: Int = 0, newestCheckpoint: LedgerCheckpoint? = nil,
        outside: LedgerCheckpoint? = nil, outsideMissing: Bool = false
    ) {
        self.entries = entries
        self.attempts = attempts
        self.results = results
        self.head = head
        self.problems = problems
        self.checkpoints = checkpoints
        self.unsignedBefore = unsignedBefore
        self.unsignedAfter = unsignedAfter
        self.newestCheckpoint = newestCheckpoint
        self.outside = outside
        self.outsideMissing = outsideMissing
    }

    /// Whether the chain is whole.
    public var intact: Bool { problems.isEmpty }
}
