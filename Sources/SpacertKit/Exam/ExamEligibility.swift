import Foundation
import SpacertFSRS

/// A manager's grant, as the exam ledger records it (`spacert exam grant`).
public struct ExamGrant: Sendable, Hashable {
    /// When it was given.
    public var at: Date
    /// Attempts allowed on top of the policy's, until the next pass; nil for a grant recorded
    /// before grants said what they do, which gave the policy's attempts afresh and waived the
    /// wait.
    public var attempts: Int?
    /// The wait after the failed attempts made before it is waived.
    public var waiveWait: Bool
    public var note: String

    public init(at: Date, attempts: Int?, waiveWait: Bool, note: String) {
        self.at = at
        self.attempts = attempts
        self.waiveWait = waiveWait
        self.note = note
    }

    /// A grant recorded before grants said what they do.
    var isLegacy: Bool { attempts == nil }

    /// What it does, in words (`2 more attempts; the wait after a failed attempt waived`).
    public var effects: String {
        guard let attempts else {
            return
                "the policy's attempts given afresh and the wait waived (a grant from before grants said what they do)"
        }
        var parts: [String] = []
        if attempts > 0 { parts.append("\(attempts) more attempt\(attempts == 1 ? "" : "s")") }
        if waiveWait { parts.append("the wait after a failed attempt waived") }
        return parts.joined(separator: "; ")
    }
}

/// How fast a trainee practises, for saying how long what is left will take.
public struct PracticePace: Sendable, Hashable {
    /// Days with at least one practice answer.
    public var activeDays: Int
    /// Practice answers given.
    public var answers: Int
    /// Questions introduced (cards made).
    public var introduced: Int

    public init(activeDays: Int, answers: Int, introduced: Int) {
        self.activeDays = activeDays
        self.answers = answers
        self.introduced = introduced
    }

    var answersPerDay: Double? { activeDays > 0 && answers > 0 ? Double(answers) / Double(activeDays) : nil }
    var newPerDay: Double? {
        activeDays > 0 && introduced > 0 ? Double(introduced) / Double(activeDays) : nil
    }
}

/// Where a trainee stands in practice, for the exam rules: practice answers and pace, and the
/// recall of the current critical questions (read by `ProgressStore.practiceStandings`).
public struct PracticeStanding: Sendable, Hashable {
    /// A critical question recalled below the policy's threshold now.
    public struct WeakRecall: Sendable, Hashable {
        public var id: String
        /// 0 to 1.
        public var recall: Double
    }

    /// Practice answers (cram left out), the days they were given on, and cards made.
    public var pace = PracticePace(activeDays: 0, answers: 0, introduced: 0)
    /// Answers in the review log (practice and cram), those in the 30 days before now, the
    /// right practice answers, and the newest answer: the review log's figures for reports,
    /// read in the same pass.
    public var reviews = 0
    public var reviewsLast30Days = 0
    public var practiceCorrect = 0
    public var lastPractised: Date?
    /// The current critical questions; 0 when the policy sets no recall threshold.
    public var criticalTotal = 0
    /// Critical questions with no card at their current revision, by id.
    public var unpractised: [String] = []
    /// Critical questions recalled below the threshold now, by id.
    public var weak: [WeakRecall] = []

    public init() {}

    /// Practice answers given (cram answers do not count).
    public var practiceReviews: Int { pace.answers }
    /// Critical questions recalled at the threshold or better.
    public var criticalRecalled: Int { criticalTotal - unpractised.count - weak.count }
}

/// One rule of the policy for starting an exam, and where a trainee stands against it.
public struct ExamRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not already certified outside the renewal window.
        case certification
        /// Attempts left in this round.
        case attempts
        /// The wait after a failed attempt is over.
        case wait
        /// Enough practice answers.
        case practice
        /// Every critical question recalled well enough.
        case criticalRecall = "critical-recall"
    }

    public var kind: Kind
    public var met: Bool
    /// The rule and the trainee's standing in words ("2 of 3 attempts left").
    public var summary: String
    /// When not met: why the exam is refused, as `spacert exam` says it (one sentence per
    /// reason).
    public var refusals: [String] = []
    /// The first reason.
    public var refusal: String? { refusals.first }
    /// When not met: what is left to do, in the trainee's terms, with a time when one can be
    /// judged ("recall 41 more critical questions to 85%; at your pace about 6 days").
    public var left: String?
}

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

    /// Reasons the trainee may not start now; empty when they may. See ``rules(results:grants:practice:now:)``.
    public func refusals(results: [ExamResult], grants: [ExamGrant], practice: PracticeStanding, now: Date)
        -> [String]
    {
        rules(results: results, grants: grants, practice: practice, now: now).flatMap {
            $0.met ? [] : $0.refusals
        }
    }

    /// Every rule for starting an exam, met or not: the one place the rules are decided.
    ///
    /// - results: the trainee's graded attempts, oldest first.
    /// - grants: a manager's grants, oldest first.
    /// - practice: the trainee's practice answers, pace and critical recall.
    public func rules(results: [ExamResult], grants: [ExamGrant], practice: PracticeStanding, now: Date)
        -> [ExamRule]
    {
        var rules: [ExamRule] = []
        let counted = results.filter { $0.ending != .voided }
        let lastPass = counted.last { $0.passed }

        // Certification.
        if let lastPass {
            let expires = Self.expiry(of: lastPass, policy: policy)
            let renewal = (try? CalendarMath.subtracting(days: policy.warnDays, from: expires)) ?? expires
            if now < renewal {
                rules.append(
                    ExamRule(
                        kind: .certification, met: false,
                        summary:
                            "certified until \(Self.day(expires)); renewal opens on \(Self.day(renewal))",
                        refusals: [
                            "already certified until \(Self.day(expires)) (attempt \(lastPass.attemptID)); "
                                + "renewal opens on \(Self.day(renewal))"
                        ],
                        left: "wait for renewal to open on \(Self.day(renewal))"))
            } else {
                rules.append(
                    ExamRule(
                        kind: .certification, met: true,
                        summary: now < expires
                            ? "certified until \(Self.day(expires)): renewal is open"
                            : "the last certificate expired on \(Self.day(expires))"))
            }
        } else {
            rules.append(ExamRule(kind: .certification, met: true, summary: "not yet certified"))
        }

        // Attempts and the wait. A grant from before grants said what they do starts the round
        // afresh; a newer one adds attempts or waives the wait, as it says.
        let passEnd = lastPass?.finished ?? .distantPast
        let legacyStart = grants.filter { $0.isLegacy && $0.at > passEnd }.map(\.at).max()
        let roundStart = max(passEnd, legacyStart ?? .distantPast)
        let roundGrants = grants.filter { !$0.isLegacy && $0.at > passEnd }
        let allowed = policy.maxAttempts + roundGrants.reduce(0) { $0 + max(0, $1.attempts ?? 0) }
        let failures = counted.filter { !$0.passed && $0.finished > roundStart }
        let granted = allowed - policy.maxAttempts
        let grantedText = granted > 0 ? " (the policy's \(policy.maxAttempts) and \(granted) granted)" : ""
        if failures.count >= allowed, let last = failures.last {
            rules.append(
                ExamRule(
                    kind: .attempts, met: false,
                    summary: "all \(allowed) attempts\(grantedText) used",
                    refusals: [
                        "all \(allowed) attempts "
                            + (granted > 0 ? "the policy and grants allow" : "the policy allows")
                            + " have been used (the last on \(Self.day(last.finished))); a manager can allow more with "
                            + "'spacert exam grant --trainee NAME --attempts N'"
                    ],
                    left: "a manager's grant of further attempts"))
        } else {
            let remaining = allowed - failures.count
            rules.append(
                ExamRule(
                    kind: .attempts, met: true,
                    summary: "\(remaining) of \(allowed) attempt\(allowed == 1 ? "" : "s")\(grantedText) left"
                ))
        }
        if failures.count >= allowed, !failures.isEmpty {
            rules.append(
                ExamRule(kind: .wait, met: true, summary: "none counts while no attempt is left"))
        } else if let last = failures.last {
            let opens =
                (try? CalendarMath.adding(hours: policy.waitHours, to: last.finished)) ?? CalendarMath.latest
            let waived = grants.contains { ($0.waiveWait || $0.isLegacy) && $0.at >= last.finished }
            if waived {
                rules.append(
                    ExamRule(
                        kind: .wait, met: true,
                        summary: "the wait after the failed attempt \(last.attemptID) was waived by a grant"))
            } else if now < opens {
                let hours = Int((opens.timeIntervalSince(now) / 3600).rounded(.up))
                rules.append(
                    ExamRule(
                        kind: .wait, met: false,
                        summary:
                            "\(policy.waitHours) hours' wait after a failed attempt: until \(ISO8601.format(opens))",
                        refusals: [
                            "must wait \(policy.waitHours) hours after a failed attempt: the next may start at "
                                + "\(ISO8601.format(opens)) (attempt \(last.attemptID) ended \(ISO8601.format(last.finished)))"
                        ],
                        left:
                            "wait until \(ISO8601.format(opens)) (about \(hours) hour\(hours == 1 ? "" : "s"))"
                    ))
            } else {
                rules.append(
                    ExamRule(
                        kind: .wait, met: true,
                        summary: "the \(policy.waitHours) hours' wait after the last failed attempt is over"))
            }
        } else {
            rules.append(ExamRule(kind: .wait, met: true, summary: "none (no failed attempt this round)"))
        }

        // Practice answers.
        let practiceReviews = practice.practiceReviews
        let pace = practice.pace
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        if practiceReviews < policy.minimumReviews {
            let more = policy.minimumReviews - practiceReviews
            rules.append(
                ExamRule(
                    kind: .practice, met: false,
                    summary: "\(practiceReviews) of \(policy.minimumReviews) practice answers",
                    refusals: [
                        "\(plural(practiceReviews, "practice answer")) so far; the policy asks for "
                            + "\(policy.minimumReviews) before an exam ('spacert quiz')"
                    ],
                    left: "answer \(more) more practice question\(more == 1 ? "" : "s")"
                        + Self.days(more, perDay: pace.answersPerDay, unit: "answers")))
        } else {
            rules.append(
                ExamRule(
                    kind: .practice, met: true,
                    summary:
                        "\(practiceReviews) practice answers (the policy asks for \(policy.minimumReviews))"))
        }

        // Recall of the critical questions.
        if let threshold = policy.criticalRecall {
            let unpractised = practice.unpractised
            let weak = practice.weak.map { ($0.id, $0.recall) }
            let percent = ExamGrader.percent(threshold)
            let summary =
                "\(practice.criticalRecalled) of \(practice.criticalTotal) critical questions recalled at \(percent) or better"
            if unpractised.isEmpty && weak.isEmpty {
                rules.append(ExamRule(kind: .criticalRecall, met: true, summary: summary))
            } else {
                var reasons: [String] = []
                if !unpractised.isEmpty {
                    reasons.append(
                        "\(unpractised.count) of \(practice.criticalTotal) critical questions have not been practised "
                            + "(at their current version): \(Self.list(unpractised)); practise them with 'spacert quiz'"
                    )
                }
                if !weak.isEmpty {
                    reasons.append(
                        "\(weak.count) critical question\(weak.count == 1 ? " is" : "s are") recalled below "
                            + "\(percent) now: "
                            + Self.list(weak.map { "\($0.0) (\(ExamGrader.percent($0.1)))" })
                            + "; review them with 'spacert quiz'")
                }
                let more = unpractised.count + weak.count
                // New questions come critical ones first, so the unpractised ones take about
                // their number over the new questions a day; the weak ones come due on the way.
                let estimate =
                    unpractised.isEmpty
                    ? "; they come up for review in 'spacert quiz'"
                    : Self.days(unpractised.count, perDay: pace.newPerDay, unit: "new questions")
                rules.append(
                    ExamRule(
                        kind: .criticalRecall, met: false, summary: summary, refusals: reasons,
                        left: "recall \(more) more critical question\(more == 1 ? "" : "s") to \(percent)"
                            + estimate))
            }
        }
        return rules
    }

    /// `; at your pace about 6 days`, or with no pace yet, the days at the default daily
    /// number of new questions.
    static func days(_ count: Int, perDay: Double?, unit: String) -> String {
        if let perDay, perDay > 0 {
            let days = max(1, Int((Double(count) / perDay).rounded(.up)))
            // `unit` is plural ("answers", "new questions"): one a day is singular.
            let units = perDay == 1 && unit.hasSuffix("s") ? String(unit.dropLast()) : unit
            return
                "; at your pace (\(ReportNumber.decimal(perDay)) \(units) a day) about \(days) day\(days == 1 ? "" : "s")"
        }
        guard unit == "new questions" else { return "" }
        let days = max(1, Int((Double(count) / Double(QueueOptions.defaultNewPerDay)).rounded(.up)))
        return "; at \(QueueOptions.defaultNewPerDay) new questions a day (quiz's default) about \(days) "
            + "day\(days == 1 ? "" : "s")"
    }

    /// `a, b, c and 4 more`.
    static func list(_ items: [String], limit: Int = 5) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }

    /// `2026-12-02`.
    static func day(_ date: Date) -> String { String(ISO8601.format(date).prefix(10)) }
}
