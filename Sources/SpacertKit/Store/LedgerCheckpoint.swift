import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A signed statement of the exam ledger's head: "entry `seq` hashes to `head`", made at `at`
/// and signed with the spa's Ed25519 key (in the style of Certificate Transparency's signed tree
/// heads). Since every ledger hash covers every row before it, one checkpoint that verifies
/// vouches for the whole ledger up to its entry; editing or rechaining any of those rows, or
/// cutting them off, no longer matches it, and nobody without the key can make a new one.
///
/// Each exam start, result and grant appends one in the same transaction as its row, and
/// `spacert audit --checkpoint` appends one on demand. The newest is also copied outside the
/// store (see ``LedgerSigner/outsidePath``), so losing the store's tail, or its `-wal`, shows.
public struct LedgerCheckpoint: Sendable, Hashable {
    /// The ledger entry whose hash it signs.
    public var seq: Int64
    /// That entry's hash.
    public var head: String
    /// When it was made, in whole microseconds since 1970.
    public var atMicros: Int64
    /// The signing key's fingerprint (``PublicSigningKey/fingerprint``).
    public var key: String
    /// The Ed25519 signature over ``message``, in base64.
    public var signature: String

    public init(seq: Int64, head: String, atMicros: Int64, key: String, signature: String) {
        self.seq = seq
        self.head = head
        self.atMicros = atMicros
        self.key = key
        self.signature = signature
    }

    /// Makes and signs the checkpoint of entry `seq` with hash `head`.
    public static func sign(seq: Int64, head: String, at time: Date, key: SigningKey) throws
        -> LedgerCheckpoint
    {
        let micros = StoreTime.micros(time)
        let signature = try key.signature(for: message(seq: seq, head: head, atMicros: micros))
        return LedgerCheckpoint(
            seq: seq, head: head, atMicros: micros, key: key.publicKey.fingerprint,
            signature: signature.base64EncodedString())
    }

    /// The bytes signed: a versioned line of every field but the signature.
    static func message(seq: Int64, head: String, atMicros: Int64) -> Data {
        Data("spacert-checkpoint-1\n\(seq)\n\(head)\n\(atMicros)".utf8)
    }

    /// Whether `publicKey` signed it.
    public func isSigned(by publicKey: PublicSigningKey) -> Bool {
        guard key == publicKey.fingerprint, let raw = Data(base64Encoded: signature) else { return false }
        return publicKey.isValidSignature(raw, for: Self.message(seq: seq, head: head, atMicros: atMicros))
    }

    /// When it was made.
    public var at: Date { StoreTime.date(atMicros) }

    // MARK: - The copy outside the store

    static let fileHeader = "spacert ledger checkpoint v1"
    /// Far more than a checkpoint file needs.
    static let maximumFileBytes = 4096

    /// The file text of the copy outside the store.
    var fileText: String {
        "\(Self.fileHeader)\nseq \(seq)\nhead \(head)\nat \(atMicros)\nkey \(key)\nsignature \(signature)\n"
    }

    /// Reads the copy outside the store; nil when there is none, an error when it does not read.
    public static func readOutside(path: String) throws -> LedgerCheckpoint? {
        let contents: PosixFile.Contents
        do throws(PosixFile.Failure) {
            contents = try PosixFile.contents(of: path, limit: maximumFileBytes)
        } catch let failure {
            if failure.code == ENOENT { return nil }
            throw SpacertError.invalidInput(failure.message)
        }
        let lines = String(decoding: contents.data, as: UTF8.self).split(separator: "\n").map(String.init)
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { continue }
            fields[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard lines.first == fileHeader, let seqText = fields["seq"], let seq = Int64(seqText), seq > 0,
            let head = fields["head"], let atText = fields["at"], let at = Int64(atText),
            let key = fields["key"], let signature = fields["signature"]
        else {
            throw SpacertError.invalidInput(
                "'\(path)' is not a spacert ledger checkpoint (expected the line '\(fileHeader)' "
                    + "then seq, head, at, key and signature lines)")
        }
        return LedgerCheckpoint(seq: seq, head: head, atMicros: at, key: key, signature: signature)
    }

    /// Writes the copy outside the store at `path` unless the copy there is as new or newer;
    /// a lock beside it keeps two processes from putting an older one back.
    public func writeOutside(path: String) throws {
        let lockPath = path + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            throw SpacertError.invalidInput(
                "cannot write the ledger checkpoint beside the key, '\(lockPath)': \(PosixFile.describe(errno))"
            )
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        if let current = try? Self.readOutside(path: path), current.seq >= seq { return }
        do throws(PosixFile.Failure) {
            try PosixFile.writeAtomically(path, data: Data(fileText.utf8), permissions: 0o644)
        } catch let failure {
            throw SpacertError.invalidInput("cannot write the ledger checkpoint: \(failure.message)")
        }
    }
}

/// What signs the ledger: the spa's key, and where the newest checkpoint's copy outside the
/// store goes.
public struct LedgerSigner: Sendable {
    public let key: SigningKey
    /// The copy of the newest checkpoint outside the store: beside the key (`<key>.checkpoint`)
    /// unless the manager names another path.
    public let outsidePath: String

    public init(key: SigningKey, outsidePath: String) {
        self.key = key
        self.outsidePath = outsidePath
    }

    /// The default place of the copy outside the store for the key at `keyPath`.
    public static func defaultOutsidePath(keyPath: String) -> String { keyPath + ".checkpoint" }
}

/// How readers check the ledger: the key checkpoints must be signed with, and the copy of the
/// newest checkpoint outside the store. Without a key, checkpoints cannot be checked and only
/// the hash chain is.
public struct LedgerTrust: Sendable {
    public var publicKey: PublicSigningKey?
    public var outsidePath: String?

    public init(publicKey: PublicSigningKey?, outsidePath: String?) {
        self.publicKey = publicKey
        self.outsidePath = outsidePath
    }

    /// Checks the hash chain only.
    public static let chainOnly = LedgerTrust(publicKey: nil, outsidePath: nil)

    /// The trust of the spa's key at `keyPath`: its public key from `<key>.pub` (or the private
    /// key when that is all there is), and the copy outside the store (`checkpointPath`, else
    /// beside the key). A missing key is no error here: the key is then nil.
    public static func forKey(at keyPath: String, checkpointPath: String? = nil) -> LedgerTrust {
        let publicKey =
            (try? PublicSigningKey.load(path: SigningKey.publicKeyPath(for: keyPath)))
            ?? (try? SigningKey.load(path: keyPath))?.publicKey
        return LedgerTrust(
            publicKey: publicKey,
            outsidePath: checkpointPath ?? LedgerSigner.defaultOutsidePath(keyPath: keyPath))
    }
}
