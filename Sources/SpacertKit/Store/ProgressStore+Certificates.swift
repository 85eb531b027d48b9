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
        let row = CertificateRow(signed, trainee: trainee)
        try write { db in
            // Only a certificate with the same id is left alone (any other conflict, such as
            // another certificate's code, is an error, as INSERT OR IGNORE would not make it).
            // The write transaction is immediate: nothing comes between the check and the insert.
            guard try !CertificateRow.exists(db, key: row.id) else { return }
            try row.insert(db)
        }
    }

    /// The certificate with this id (`SPC-…`, any case), if the store has it.
    public func certificate(id: String) throws -> StoredCertificate? {
        try read { db in
            try CertificateRow.filter(CertificateRow.Columns.id.collating(.nocase) == id).fetchOne(db)?
                .stored
        }
    }

    /// The certificate with this verification code (in ``VerificationCode/normalize(_:)``'s form).
    public func certificate(code: String) throws -> StoredCertificate? {
        try read { db in
            try CertificateRow.filter(CertificateRow.Columns.code == code).fetchOne(db)?.stored
        }
    }

    /// Every certificate kept, oldest first: the trainee's, or everyone's.
    public func certificates(trainee: Trainee.ID? = nil) throws -> [StoredCertificate] {
        try read { db in
            var request = CertificateRow.byIssue
            if let trainee { request = request.filter(CertificateRow.Columns.traineeID == trainee) }
            return try request.fetchAll(db).map(\.stored)
        }
    }
}
