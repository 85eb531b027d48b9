import Foundation
import SpacertTerminal

/// The words an exam shows people, shared by the plain line mode and the terminal screen.
public enum ExamText {
    /// `44:59 left`, `1:02:03 left`, `time is up`.
    public static func timeLeft(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded(.down))
        guard total > 0 else { return "time is up" }
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d left", hours, minutes, rest)
            : String(format: "%d:%02d left", minutes, rest)
    }

    /// The opening lines: what the exam is and its rules.
    public static func opening(_ attempt: ExamAttempt, resumed: Bool) -> [String] {
        let policy = attempt.policy
        var lines = [
            "\(sanitize(policy.title)): exam \(attempt.start.attemptID)"
                + (resumed ? " (resumed, \(attempt.answeredCount) of \(attempt.count) answered)" : "")
        ]
        lines.append(
            "\(attempt.count) questions, \(policy.timeLimitMinutes) minutes (\(timeLeft(attempt.secondsLeft))). "
                + "Pass mark \(ExamGrader.percent(policy.passMark))"
                + (policy.allCritical ? "; every SAFETY question must be right." : "."))
        lines.append("No feedback until you submit. Answers are saved as you give them.")
        return lines
    }

    /// `[3/30] Techniques · one answer · SAFETY · 41:10 left`.
    public static func heading(_ attempt: ExamAttempt, position: Int) -> String {
        let presented = attempt.presented[position - 1]
        return "[\(position)/\(attempt.count)] " + SessionText.heading(presented, kind: nil) + " · "
            + timeLeft(attempt.secondsLeft)
    }

    /// One line per question for the review screen: number, `answered` and the answer given
    /// (or `not answered`), prompt. Nothing says right or wrong before the result.
    public static func review(_ attempt: ExamAttempt, width: Int = 80) -> [String] {
        attempt.presented.enumerated().map { offset, presented in
            let position = offset + 1
            let state =
                attempt.answers[position].map { "answered " + answerKeys($0.answer) } ?? "not answered"
            let number = String(repeating: " ", count: max(0, 3 - String(position).count)) + String(position)
            let head =
                "\(number). " + state.padding(toLength: max(15, state.count), withPad: " ", startingAt: 0)
                + " "
            let prompt = sanitize(presented.question.promptLine)
            return head + truncate(prompt, width: max(10, width - displayWidth(of: head)))
        }
    }

    /// What to do after leaving an attempt open: how far it got and how to go on.
    public static func leaving(_ attempt: ExamAttempt) -> String {
        "Saved: \(attempt.answeredCount) of \(attempt.count) answered. Run the same 'spacert exam' to go on "
            + "before \(ISO8601.format(attempt.start.deadline)); the clock keeps running."
    }

    /// The question before submitting an attempt with unanswered questions.
    public static func confirmSubmit(unanswered: Int) -> String {
        "\(unanswered) question\(unanswered == 1 ? " is" : "s are") unanswered and will score 0. Submit?"
    }

    /// `a c`, `c a d b`, `1b 2a 3c`.
    public static func answerKeys(_ answer: Answer) -> String {
        switch answer {
        case .keys(let keys): return keys.joined(separator: " ")
        case .pairs(let pairs): return pairs.keys.sorted().map { "\($0)\(pairs[$0]!)" }.joined(separator: " ")
        }
    }

    /// The result: verdict, scores by area, every reason, and the certificate (with
    /// `certificatePending`, a pass recorded at a branch terminal without the spa's key: the
    /// certificate is issued later, at the manager's desk).
    public static func result(
        _ result: ExamResult, policy: CertificationPolicy?, certificate: String?,
        certificatePending: Bool = false
    ) -> [String] {
        var lines: [String] = []
        let how = result.ending == .timedOut ? " (time ran out)" : result.ending == .voided ? " (voided)" : ""
        lines.append(
            (result.passed ? "PASSED" : "NOT PASSED") + ": \(ExamGrader.percent(result.score)) overall" + how
                + " — attempt \(result.attemptID)")
        for category in Category.allCases {
            guard let score = result.categories[category.rawValue] else { continue }
            let minimum = policy?.areas.first { $0.category == category }?.minimum
            lines.append(
                "  \(category.title): \(ExamGrader.percent(score))"
                    + (minimum.map { " (minimum \(ExamGrader.percent($0)))" } ?? ""))
        }
        for reason in result.reasons { lines.append("  - " + sanitize(reason)) }
        let pending = certificate == nil && certificatePending && result.passed
        if pending {
            lines.append(contentsOf: Self.pendingCertificate)
        }
        if certificate != nil || pending {
            if let certificate { lines.append("Certificate: \(certificate)") }
            if let policy {
                lines.append(
                    "Valid until \(String(ISO8601.format(ExamEligibility.expiry(of: result, policy: policy)).prefix(10)))"
                )
            }
        }
        return lines
    }

    /// What a pass at a branch terminal says of its certificate.
    public static let pendingCertificate = [
        "Certificate: to be issued at the manager's desk. This terminal holds no signing key; the result is "
            + "kept in the shared exam ledger, and the manager's desk issues the certificate from it "
            + "('spacert certificate issue'), dated the day of this exam."
    ]

    /// What a trainee sees before choosing to begin a new attempt: the certification, the
    /// exam's terms and time limit, each rule met, and that the clock starts on beginning.
    public static func beforeBeginning(_ readiness: ExamReadiness, policy: CertificationPolicy) -> [String] {
        var lines = [
            "Certification exam: \(sanitize(policy.title)) (\(sanitize(policy.id)))",
            "Trainee: \(sanitize(readiness.trainee.name))",
            ExamReadiness.terms(policy),
            "",
            "The rules for starting, each met:",
        ]
        lines += readiness.rules.map { "  \($0.kind.title): \($0.summary)" }
        lines += [
            "",
            "The clock starts when you begin: \(policy.timeLimitMinutes) minutes from then. Answers are saved as "
                + "you give them; if you leave, the same command resumes the attempt, but the clock keeps running.",
        ]
        return lines
    }
}
