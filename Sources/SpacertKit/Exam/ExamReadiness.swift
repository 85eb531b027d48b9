import Foundation
import SpacertTerminal

/// Whether a trainee may sit the exam now, rule by rule, found without writing anything:
/// `spacert exam check`, and the reports' "ready for the exam".
public struct ExamReadiness: Sendable {
    public var trainee: Trainee
    /// Each rule of the policy and where the trainee stands (``ExamEligibility``).
    public var rules: [ExamRule]
    /// Why no one can start an exam now (banks that do not lint clean, no policy).
    public var contentProblems: [String]
    /// An attempt left open, which `spacert exam` resumes whatever the rules say now.
    public var openAttempt: String?

    public init(trainee: Trainee, rules: [ExamRule], contentProblems: [String], openAttempt: String?) {
        self.trainee = trainee
        self.rules = rules
        self.contentProblems = contentProblems
        self.openAttempt = openAttempt
    }

    /// May start (or resume) an exam now.
    public var ready: Bool {
        openAttempt != nil || (contentProblems.isEmpty && rules.allSatisfy(\.met))
    }

    /// The first thing standing in the way, in the trainee's terms; nil when ready.
    public var firstUnmet: String? {
        guard !ready else { return nil }
        if let problem = contentProblems.first { return problem }
        guard let rule = rules.first(where: { !$0.met }) else { return nil }
        return rule.left ?? rule.refusal ?? rule.summary
    }

    /// Reads the trainee's standing through `proctor`, as `spacert exam` would decide it.
    public static func check(trainee: Trainee, proctor: ExamProctor, now: Date) throws -> ExamReadiness {
        let problems = proctor.contentRefusals()
        let rules =
            try proctor.banks.policy.map { try proctor.rules(trainee: trainee, policy: $0, now: now) } ?? []
        return ExamReadiness(
            trainee: trainee, rules: rules, contentProblems: problems,
            openAttempt: try proctor.store.openAttempts(trainee: trainee.id).last)
    }

    /// Lines for people: the verdict, each rule met or not with what is left, and the exam's terms.
    public func lines(policy: CertificationPolicy?) -> [String] {
        let name = sanitize(trainee.name)
        var lines: [String] = []
        if let openAttempt {
            lines.append(
                "\(name): an attempt is open (\(openAttempt)); 'spacert exam' resumes it while time remains")
        } else {
            lines.append(ready ? "\(name): ready for the exam" : "\(name): not ready for the exam yet")
        }
        for problem in contentProblems { lines.append("  NOT MET  banks: \(sanitize(problem))") }
        for rule in rules {
            let mark = rule.met ? "  met      " : "  NOT MET  "
            lines.append(mark + "\(rule.kind.title): \(rule.summary)")
            if !rule.met {
                for refusal in rule.refusals { lines.append("           why: \(refusal)") }
                if let left = rule.left { lines.append("           left: \(left)") }
            }
        }
        if let policy { lines.append(Self.terms(policy)) }
        return lines
    }

    /// `The exam: 30 questions, 45 minutes; pass mark 80%, at least 70% in every area, every critical question right.`
    public static func terms(_ policy: CertificationPolicy) -> String {
        var parts = ["\(policy.examLength) questions", "\(policy.timeLimitMinutes) minutes"]
        parts.append("pass mark \(ExamGrader.percent(policy.passMark))")
        let minimums = Set(policy.areas.map(\.minimum))
        if minimums.count == 1, let minimum = minimums.first, minimum > 0 {
            parts.append("at least \(ExamGrader.percent(minimum)) in every area")
        } else {
            for area in policy.areas where area.minimum > 0 {
                parts.append("at least \(ExamGrader.percent(area.minimum)) in \(area.category.title)")
            }
        }
        if policy.allCritical { parts.append("every critical question fully right") }
        parts.append(
            "\(policy.maxAttempts) attempt\(policy.maxAttempts == 1 ? "" : "s"), \(policy.waitHours) hours apart after a fail"
        )
        return "The exam: " + parts.joined(separator: "; ") + "."
    }

    /// `{"version":1,"ready":…,"trainees":[…]}` on one line.
    public static func json(_ entries: [ExamReadiness], policy: CertificationPolicy?) -> String {
        func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
        let trainees = entries.map { entry in
            JSONValue.object([
                ("trainee", .string(entry.trainee.name)),
                ("ready", .bool(entry.ready)),
                ("open_attempt", optional(entry.openAttempt)),
                ("first_unmet", optional(entry.firstUnmet)),
                ("problems", .array(entry.contentProblems.map { .string($0) })),
                (
                    "rules",
                    .array(
                        entry.rules.map { rule in
                            .object([
                                ("rule", .string(rule.kind.rawValue)), ("met", .bool(rule.met)),
                                ("summary", .string(rule.summary)),
                                ("reasons", .array(rule.refusals.map { .string($0) })),
                                ("left", optional(rule.left)),
                            ])
                        })
                ),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("version", .number("1")), ("ready", .bool(entries.allSatisfy(\.ready))),
        ]
        if let policy {
            members.append(("policy", .string(policy.id)))
            members.append(("time_limit_minutes", .number("\(policy.timeLimitMinutes)")))
            members.append(("questions", .number("\(policy.examLength)")))
        }
        members.append(("trainees", .array(trainees)))
        return JSONValue.object(members).compactText
    }
}

extension ExamRule.Kind {
    /// `critical recall`.
    public var title: String {
        switch self {
        case .certification: return "certification"
        case .attempts: return "attempts"
        case .wait: return "wait"
        case .practice: return "practice"
        case .criticalRecall: return "critical recall"
        }
    }
}
