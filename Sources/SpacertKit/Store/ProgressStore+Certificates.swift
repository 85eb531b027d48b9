import Foundation
import GRDB

/// A certificate as the store keeps it: the signed document, found by id or by the
/// verification code printed on it.
public struct StoredCertificate: Sendable, Hashable {
    public var id: String
    public var traineeID: Trainee.ID
    public var attempt: String
    /// ``VerificationCode`` of its signature.
    public var code: String
    public var issued: Date
    public var expires: Date
    /// The signed document, exactly as written to its file.
    public var document: String
}

extension ProgressStore {
    /// Keeps the signed certificate (once: the same certificate again is left as it is).
    public func recordCertificate(_ signed: SignedCertificate, trainee: Trainee.ID) throws {
        let certificate = signed.certificate
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO certificates (id, trainee_id, attempt, code, issued, expires, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    certificate.id, trainee, certificate.attemptID, VerificationCode.make(for: signed),
                    StoreTime.micros(certificate.issued), StoreTime.micros(certificate.expires),
                    signed.document,
                ])
        }
    }

    /// The certificate with this id (`SPC-…`, any case), if the store has it.
    public func certificate(id: String) throws -> StoredCertificate? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM certificates WHERE id = ? COLLATE NOCASE", arguments: [id]
            ).map(Self.storedCertificate(from:))
        }
    }

    /// The certificate with this verification code (in ``VerificationCode/normalize(_:)``'s form).
    public func certificate(code: String) throws -> StoredCertificate? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM certificates WHERE code = ?", arguments: [code])
                .map(Self.storedCertificate(from:))
        }
    }

    /// Every certificate kept, oldest first: the trainee's, or everyone's.
    public func certificates(trainee: Trainee.ID? = nil) throws -> [StoredCertificate] {
        try read { db in
            if let trainee {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM certificates WHERE trainee_id = ? ORDER BY issued, id",
                    arguments: [trainee]
                ).map(Self.storedCertificate(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM certificates ORDER BY issued, id")
                .map(Self.storedCertificate(from:))
        }
    }

    static func storedCertificate(from row: Row) -> StoredCertificate {
        StoredCertificate(
            id: row["id"], traineeID: row["trainee_id"], attempt: row["attempt"], code: row["code"],
            issued: StoreTime.date(row["issued"]), expires: StoreTime.date(row["expires"]),
            document: row["document"])
    }
}
