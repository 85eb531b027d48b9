import Foundation

/// Signs the certificate a passed exam earns and writes it once the result is in the ledger.
public final class CertificateDesk {
    public let keyPath: String
    public let outputDirectory: String
    let banks: BankSet
    let content: ExamContent?
    private var key: SigningKey?
    private var pending: SignedCertificate?
    /// Where the last certificate was written.
    public private(set) var path: String?

    /// - keyPath: the spa's private signing key.
    /// - outputDirectory: certificates go to `<outputDirectory>/certificates/`.
    /// - content: the hashes of the policy and bank files the exam is drawn from.
    public init(keyPath: String, outputDirectory: String, banks: BankSet, content: ExamContent?) {
        self.keyPath = keyPath
        self.outputDirectory = outputDirectory
        self.banks = banks
        self.content = content
    }

    /// Why an exam may not start for want of a way to certify a pass: the signing key is
    /// missing or unusable.
    public func refusals() -> [String] {
        do {
            key = try SigningKey.load(path: keyPath)
            return []
        } catch {
            return [
                "a pass could not be certified: \(error)"
            ]
        }
    }

    /// The key, once ``refusals()`` has loaded it.
    public var signingKey: SigningKey? { key }

    /// Signs the certificate for a passed result and keeps it until ``writeSigned()``;
    /// returns its id for the result.
    public func sign(_ result: ExamResult) throws -> String? {
        if key == nil { key = try SigningKey.load(path: keyPath) }
        guard let key, let policy = banks.policy, let content else { return nil }
        let signed = try CertificateIssuer.issue(
            result: result, policy: policy, policyHash: content.policy, bankHashes: content.banks,
            issued: result.finished, key: key)
        pending = signed
        return signed.certificate.id
    }

    /// Writes the certificate signed last, if any (after its result was recorded).
    public func writeSigned() throws {
        guard let pending else { return }
        path = try pending.write(to: outputDirectory)
        self.pending = nil
    }
}
