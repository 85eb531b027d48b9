import Foundation
import Testing

@testable import SpacertKit

/// The shipped policy and banks, a passed exam on them, and helpers to edit certificates.
enum CertificateFixture {
    /// The shipped certification policy.
    static let policy: CertificationPolicy = try! BankLoader.loadAll(directory: shippedBanks).policy!

    /// The shipped policy file's hash.
    static let policyHash = try! ContentHash(
        path: (shippedBanks as NSString).appendingPathComponent("certification.xml"), relativeTo: shippedBanks
    )

    /// The shipped bank files' hashes, given out of order on purpose.
    static let bankHashes = try! [
        "techniques.xml", "body-mechanics.xml", "contraindications.xml", "communication.xml",
    ]
    .map {
        try ContentHash(path: (shippedBanks as NSString).appendingPathComponent($0), relativeTo: shippedBanks)
    }

    /// Monday 2026-01-05 09:00:00.750 UTC: the certificate keeps the whole second.
    static let issued = ISO8601.parse("2026-01-05T09:00:00.750Z")!

    /// A passed attempt on the shipped policy and banks.
    static func result(trainee: String = "Maya Lee", attempt: String = "attempt-1", passed: Bool = true)
        -> ExamResult
    {
        ExamResult(
            attemptID: attempt, traineeID: 1, trainee: trainee, started: issued.addingTimeInterval(-1800),
            finished: issued, ending: .submitted, passed: passed, score: 0.9,
            categories: [
                "techniques": 0.95, "body-mechanics": 0.8666666666666667, "communication": 1.0,
                "contraindications": 0.9,
            ],
            reasons: passed ? [] : ["the score 0.6 is below the pass mark 0.8"], items: [],
            policyID: policy.id,
            policyHash: policyHash.sha256, banksHash: ContentHash.combined(bankHashes))
    }

    /// A certificate for `trainee` signed with `key`.
    static func issue(
        key: SigningKey, trainee: String = "Maya Lee", attempt: String = "attempt-1", issued: Date = issued
    ) throws -> SignedCertificate {
        try CertificateIssuer.issue(
            result: result(trainee: trainee, attempt: attempt), policy: policy, policyHash: policyHash,
            bankHashes: bankHashes, issued: issued, key: key)
    }
}

/// `text` with its one occurrence of `old` replaced by `new`; fails the test when `old` is not
/// there exactly once, so a tampering test cannot pass by changing nothing.
func edited(
    _ text: String, _ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> String {
    let parts = text.components(separatedBy: old)
    try #require(parts.count == 2, "'\(old)' should occur once", sourceLocation: sourceLocation)
    return parts.joined(separator: new)
}
