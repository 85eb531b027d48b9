import Foundation

/// Makes the signed certificate an exam pass earns.
public enum CertificateIssuer {
    /// Signs a certificate for the passed attempt `result`, graded under `policy` (whose file
    /// hashes to `policyHash`) on the bank files `bankHashes`, issued at `issued` (kept to the
    /// whole second) and valid for the policy's months.
    ///
    /// Refuses an attempt that did not pass, or hashes and a policy that are not the ones the
    /// attempt was graded under, so a certificate never claims content its exam did not use.
    public static func issue(
        result: ExamResult, policy: CertificationPolicy, policyHash: ContentHash, bankHashes: [ContentHash],
        issued: Date, key: SigningKey
    ) throws -> SignedCertificate {
        let attempt = "attempt '\(result.attemptID)'"
        guard result.passed else {
            throw SpacertError.invalidInput("\(attempt) did not pass; only a pass earns a certificate")
        }
        guard result.policyID == policy.id else {
            throw SpacertError.invalidInput(
                "\(attempt) was graded under policy '\(result.policyID)', not '\(policy.id)'")
        }
        guard result.policyHash == policyHash.sha256 else {
            throw SpacertError.invalidInput(
                "\(attempt) was graded under policy content \(result.policyHash), not \(policyHash.sha256)")
        }
        let banksHash = ContentHash.combined(bankHashes)
        guard result.banksHash == banksHash else {
            throw SpacertError.invalidInput(
                "\(attempt) was drawn from bank content \(result.banksHash), not \(banksHash)")
        }
        guard policy.validityMonths >= 1 else {
            throw SpacertError.invalidInput(
                "policy '\(policy.id)' makes certificates valid for \(policy.validityMonths) months; "
                    + "it needs at least 1")
        }
        let second = Date(timeIntervalSince1970: issued.timeIntervalSince1970.rounded(.down))
        let certificate = Certificate(
            id: Certificate.makeID(attemptID: result.attemptID, issued: second),
            trainee: result.trainee, attemptID: result.attemptID,
            policy: .init(id: policy.id, title: policy.title, sha256: policyHash.sha256),
            banks: .init(sha256: banksHash, files: bankHashes.sorted { $0.file < $1.file }),
            issued: second,
            expires: try Certificate.expiry(issued: second, validityMonths: policy.validityMonths),
            score: result.score, categories: result.categories)
        return try sign(certificate, with: key)
    }

    /// Signs `certificate` as it is, for callers (and tests) that build one themselves.
    public static func sign(_ certificate: Certificate, with key: SigningKey) throws -> SignedCertificate {
        guard let content = certificate.jsonValue else {
            throw SpacertError.invalidInput(
                "certificate \(certificate.id) has a score that is not a finite number")
        }
        let signature = try key.signature(for: SignedCertificate.signedMessage(for: content))
        return SignedCertificate(
            certificate: certificate, signature: signature, keyFingerprint: key.publicKey.fingerprint,
            content: content)
    }
}
