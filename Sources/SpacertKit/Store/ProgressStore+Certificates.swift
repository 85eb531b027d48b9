import Foundation

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
        let stored = StoredCertificate(
            id: certificate.id, traineeID: trainee, attempt: certificate.attemptID,
            code: VerificationCode.make(for: signed), issued: StoreTime.normalized(certificate.issued),
            expires: StoreTime.normalized(certificate.expires), document: signed.document)
        try write { tx in
            // Only a certificate with the same id is left alone (any other conflict, such as
            // another certificate's code, is an error, as INSERT OR IGNORE would not make it).
            // Writers of the store are alone: nothing comes between the check and the insert.
            guard try !tx.certificateExists(id: stored.id) else { return }
            try tx.insertCertificate(stored)
        }
    }

    /// The certificate with this id (`SPC-…`, any case), if the store has it.
    public func certificate(id: String) throws -> StoredCertificate? {
        try read { tx in try tx.certificate(id: id) }
    }

    /// The certificate with this verification code (in ``VerificationCode/normalize(_:)``'s form).
    public func certificate(code: String) throws -> StoredCertificate? {
        try read { tx in try tx.certificate(code: code) }
    }

    /// Every certificate kept, oldest first: the trainee's, or everyone's.
    public func certificates(trainee: Trainee.ID? = nil) throws -> [StoredCertificate] {
        try read { tx in try tx.certificates(trainee: trainee) }
    }
}
