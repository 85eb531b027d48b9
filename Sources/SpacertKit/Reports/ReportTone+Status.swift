extension CertificationStatus {
    /// How the status reads in a report.
    var tone: ReportTone? {
        switch self {
        case .certified: return .good
        case .expiring, .awaitingCertificate: return .warning
        case .expired: return .bad
        case .inTraining: return nil
        case .notStarted: return .muted
        }
    }
}

extension CertificationStanding {
    /// `2027-03-01 (in 364 days)`, `2026-02-01 (29 days ago)`; "n/a" without a certificate.
    var expiryText: String {
        guard let expires, let days = daysToExpiry else { return ReportNumber.notAvailable }
        let when: String
        switch days {
        case 0...: when = days == 1 ? "in 1 day" : "in \(days) days"
        case -1: when = "today"
        default: when = -days - 1 == 1 ? "1 day ago" : "\(-days - 1) days ago"
        }
        return "\(ReportNumber.day(expires)) (\(when))"
    }
}
