import Foundation
import SpacertFSRS

/// Whether a trainee may start an exam now, and every reason why not, in words.
public struct ExamEligibility: Sendable {
    public let policy: CertificationPolicy

    public init(policy: CertificationPolicy) {
        self.policy = policy
    }

    /// When a certificate earned by `result` expires: `validityMonths` calendar months after
    /// the attempt finished (UTC).
    public static func expiry(of result: ExamResult, policy: CertificationPolicy) -> Date {
        (try? CalendarMath.adding(months: policy.validityMonths, to: result.finished)) ?? CalendarMath.latest
    }

    /// Reasons the trainee may not start now; empty when they may.
    ///
    /// - results: the trainee's graded attempts, oldest first.
    /// - grants: times a manager allowed further attempts.
    /// - practiceReviews: practice answers given (cram answers do not count).
    /// - cards: the trainee's stored cards; `critical` the current critical questions.
    public func refusals(
        results: [ExamResult], grants: [Date], practiceReviews: Int, cards: [StoredCard],
        critical: [Question],
        scheduler: Scheduler, now: Date
    ) -> [String] {
        var reasons: [String] = []
        let counted = results.filter { $0.ending != .voided }
        let lastPass = counted.last { $0.passed }
        if let lastPass {
            let expires = Self.expiry(of: lastPass, policy: policy)
            let renewal = (try? CalendarMath.subtracting(days: policy.warnDays, from: expires)) ?? expires
            if now < renewal {
                reasons.append(
                    "already certified until \(Self.day(expires)) (attempt \(lastPass.attemptID)); "
                        + "renewal opens on \(Self.day(renewal))")
            }
        }
        let cycleStart = [lastPass?.finished, grants.max()].compactMap { $0 }.max() ?? .distantPast
        let failures = counted.filter { !$0.passed && $0.finished > cycleStart }
        if failures.count >= policy.maxAttempts, let last = failures.last {
            reasons.append(
                "all \(policy.maxAttempts) attempts the policy allows have been used (the last on "
                    + "\(Self.day(last.finished))); a manager can allow more with "
                    + "'spacert exam grant --trainee NAME'")
        } else if let last = failures.last {
            let opens =
                (try? CalendarMath.adding(hours: policy.waitHours, to: last.finished)) ?? CalendarMath.latest
            if now < opens {
                reasons.append(
                    "must wait \(policy.waitHours) hours after a failed attempt: the next may start at "
                        + "\(ISO8601.format(opens)) (attempt \(last.attemptID) ended \(ISO8601.format(last.finished)))"
                )
            }
        }
        if practiceReviews < policy.minimumReviews {
            reasons.append(
                "\(practiceReviews) practice answer\(practiceReviews == 1 ? "" : "s") so far; the policy asks for "
                    + "\(policy.minimumReviews) before an exam ('spacert quiz')")
        }
        if let threshold = policy.criticalRecall {
            let byID = Dictionary(cards.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
            var unpractised: [String] = []
            var weak: [(String, Double)] = []
            for question in critical.sorted(by: { $0.id < $1.id }) {
                guard let stored = byID[question.id], stored.questionRev == question.rev else {
                    unpractised.append(question.id)
                    continue
                }
                let recall = scheduler.retrievability(of: stored.card, at: now)
                if recall + 1e-12 < threshold { weak.append((question.id, recall)) }
            }
            if !unpractised.isEmpty {
                reasons.append(
                    "\(unpractised.count) of \(critical.count) critical questions have not been practised "
                        + "(at their current version): \(Self.list(unpractised)); practise them with 'spacert quiz'"
                )
            }
            if !weak.isEmpty {
                reasons.append(
                    "\(weak.count) critical question\(weak.count == 1 ? " is" : "s are") recalled below "
                        + "\(ExamGrader.percent(threshold)) now: "
                        + Self.list(weak.map { "\($0.0) (\(ExamGrader.percent($0.1)))" })
                        + "; review them with 'spacert quiz'")
            }
        }
        return reasons
    }

    /// `a, b, c and 4 more`.
    static func list(_ items: [String], limit: Int = 5) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }

    /// `2026-12-02`.
    static func day(_ date: Date) -> String { String(ISO8601.format(date).prefix(10)) }
}
