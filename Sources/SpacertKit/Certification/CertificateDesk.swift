import Foundation

/// Signs the certificate a passed exam earns and writes it once the result is in the ledger:
/// the signed JSON, the printable PDF and HTML beside it, and the signed document in the store
/// (so its verification code finds it).
public final class CertificateDesk {
    public let keyPath: String
    public let outputDirectory: String
    let banks: BankSet
    let content: ExamContent?
    /// Where the signed document is kept for `verify --code`; nil keeps it only as a file.
    let store: ProgressStore?
    var key: SigningKey?
    private var pending: (signed: SignedCertificate, trainee: Trainee.ID)?
    /// Where the last certificate was written.
    public private(set) var path: String?
    /// Where its printable PDF and HTML were written.
    public private(set) var printed: (pdf: String, html: String)?
    /// Why the printable certificate could not be made, when it could not (the signed JSON
    /// is written and kept all the same; `spacert certificate print` makes it again).
    public private(set) var printProblem: String?

    /// - keyPath: the spa's private signing key.
    /// - outputDirectory: certificates go to `<outputDirectory>/certificates/`.
    /// - content: the hashes of the policy and bank files the exam is drawn from.
    /// - store: where to keep the signed document.
    public init(
        keyPath: String, outputDirectory: String, banks: BankSet, content: ExamContent?,
        store: ProgressStore? = nil
    ) {
        self.keyPath = keyPath
        self.outputDirectory = outputDirectory
        self.banks = banks
        self.content = content
        self.store = store
    }

    /// Whether a pass is certified later, at the manager's desk, not here: the store is shared
    /// and this machine holds no signing key (a branch terminal). Set by ``refusals(keyMayBeElsewhere:)``.
    public private(set) var deferred = false

    /// Why an exam may not start for want of a way to certify a pass: the signing key is
    /// missing or unusable.
    ///
    /// With `keyMayBeElsewhere` (a shared store, whose ledger the manager's desk reads back), a
    /// key that is simply not on this machine is no reason: the desk is then ``deferred`` and a
    /// pass is recorded without a certificate. A key that is there but unusable still is one.
    public func refusals(keyMayBeElsewhere: Bool = false) -> [String] {
        if keyMayBeElsewhere && !FileManager.default.fileExists(atPath: keyPath) {
            deferred = true
            return []
        }
        do {
            key = try SigningKey.load(path: keyPath)
            return []
        } catch {
            return [
                "a pass could not be certified: \(error)"
            ]
        }
    }

    /// The key, once ``refusals(keyMayBeElsewhere:)`` has loaded it.
    public var signingKey: SigningKey? { key }

    /// Signs the certificate for a passed result and keeps it until ``writeSigned()``;
    /// returns its id for the result.
    public func sign(_ result: ExamResult) throws -> String? {
        if deferred { return nil }
        if key == nil { key = try SigningKey.load(path: keyPath) }
        guard let key, let policy = banks.policy, let content else { return nil }
        let signed = try CertificateIssuer.issue(
            result: result, policy: policy, policyHash: content.policy, bankHashes: content.banks,
            issued: result.finished, key: key)
        pending = (signed, result.traineeID)
        return signed.certificate.id
    }

    /// Writes the certificate signed last, if any (after its result was recorded): the JSON,
    /// the store's copy, then the PDF and HTML.
    public func writeSigned() throws {
        guard let pending else { return }
        self.pending = nil
        try write(pending.signed, trainee: pending.trainee)
    }

    /// Writes `signed`: the JSON, the store's copy, then the PDF and HTML (a failure of those
    /// is kept in ``printProblem``, the certificate stands).
    func write(_ signed: SignedCertificate, trainee: Trainee.ID) throws {
        printed = nil
        printProblem = nil
        path = try signed.write(to: outputDirectory)
        try store?.recordCertificate(signed, trainee: trainee)
        do {
            let sheet = try CertificateSheet(
                signed: signed, spa: banks.policy?.spaName ?? "", logo: banks.policy?.logo)
            printed = try sheet.write(to: outputDirectory)
        } catch {
            printProblem = "\(error)"
        }
    }
}
