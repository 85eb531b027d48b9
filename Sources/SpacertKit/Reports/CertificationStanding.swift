import Foundation

/// Where a trainee stands for the manager.
public enum CertificationStatus: String, Sendable, Hashable, Encodable, CaseIterable {
    /// Holds a certificate that is not near its end.
    case certified
    /// Holds a certificate that ends within the policy's warning days.
    case expiring
    /// Passed, and the pass has not run out, but no certificate was issued for it yet: a pass
    /// at a branch terminal, which holds no key, waits for `spacert certificate issue` at the
    /// manager's desk (which grades it again first).
    case awaitingCertificate = "awaiting-certificate"
    /// Held a certificate that has ended, and holds none now.
    case expired
    /// Has practised or sat the exam (a voided attempt too) but never passed.
    case inTraining = "in-training"
    /// Has neither practised nor sat the exam.
    case notStarted = "not-started"

    /// The status in words, for people.
    public var title: String {
        switch self {
        case .certified: return "certified"
        case .expiring: return "expiring"
        case .awaitingCertificate: return "awaiting certificate"
        case .expired: return "expired"
        case .inTraining: return "in training"
        case .notStarted: return "not started"
        }
    }
}

/// A trainee's certification at a moment: the status and the certificate it rests on.
///
/// A certificate comes from the latest passed attempt (voided attempts never count) and
/// expires `validityMonths` calendar months after that attempt finished, in UTC (as
/// ``ExamEligibility/expiry(of:policy:)`` computes it). It is valid up to, not including, the
/// moment of expiry, and "expiring" from `warnDays` days before it, that moment included:
/// the same moment `spacert exam` opens renewal.
public struct CertificationStanding: Sendable, Hashable, Encodable {
    public var status: CertificationStatus
    /// The attempt the certificate (valid or not) was earned in.
    @Nullable public var attemptID: String? = nil
    /// When that attempt finished.
    @Nullable public var certifiedOn: Date? = nil
    @Nullable public var expires: Date? = nil
    /// Whole days from now to expiry (negative once expired).
    @Nullable public var daysToExpiry: Int? = nil

    /// The standing of a trainee with these `results` (any order) who has or has not
    /// `practised`, at `now`.
    public init(results: [ExamResult], practised: Bool, policy: CertificationPolicy, now: Date) {
        let counted = results.filter { $0.ending != .voided }
        let pass = counted.filter(\.passed).max { $0.finished < $1.finished }
        guard let pass else {
            status = results.isEmpty && !practised ? .notStarted : .inTraining
            return
        }
        let expires = ExamEligibility.expiry(of: pass, policy: policy)
        let warnFrom = (try? CalendarMath.subtracting(days: policy.warnDays, from: expires)) ?? expires
        attemptID = pass.attemptID
        certifiedOn = pass.finished
        self.expires = expires
        daysToExpiry = Int((expires.timeIntervalSince(now) / 86_400).rounded(.down))
        if now >= expires {
            status = .expired
        } else if pass.certificateID == nil {
            status = .awaitingCertificate
        } else {
            status = now >= warnFrom ? .expiring : .certified
        }
    }
}
