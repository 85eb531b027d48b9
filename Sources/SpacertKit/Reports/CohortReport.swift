import Foundation

/// The manager's cohort report: every trainee's status, where the team is weak, the questions
/// most often missed, and how much the team practises.
public struct CohortReport: Sendable, Hashable, Encodable {
    /// One trainee, by name.
    public struct Row: Sendable, Hashable, Encodable {
        public var name: String
        /// The branch of the spa the trainee works at.
        public var branch: String
        public var archived: Bool
        public var certification: CertificationStanding
        /// Attempts that count (voided ones left out).
        public var attempts: Int
        @Nullable public var latestAttempt: Date? = nil
        /// 0 to 1.
        @Nullable public var latestScore: Double? = nil
        @Nullable public var latestPassed: Bool? = nil
        /// The latest attempt: `passed`, `not passed`, `in progress` (started, not finished), or
        /// `not taken`.
        public var result: String
        /// The first reason the latest attempt did not pass.
        @Nullable public var reason: String? = nil
        /// May start an exam now; nil when not known.
        @Nullable public var ready: Bool? = nil
        /// `ready`, or the first rule not met with what is left.
        @Nullable public var readiness: String? = nil
        /// The latest counted attempt's score per area (category raw value), 0 to 1.
        public var areaScores: [String: Double]
        public var practice: PracticeFigures
    }

    /// One branch of the spa: its trainees' standing at a glance.
    public struct BranchSummary: Sendable, Hashable, Encodable {
        public var branch: String
        public var trainees: Int
        /// Trainees certified now (expiring ones included).
        public var certified: Int
        /// Trainees whose pass waits for its certificate (`spacert certificate issue`).
        public var awaitingCertificate: Int
        /// Trainees who may start an exam now.
        public var ready: Int
        /// Trainees whose latest attempt passed, and whose latest attempt did not.
        public var passed: Int
        public var notPassed: Int
        /// Mean of the latest scores of those who sat the exam, 0 to 1; nil when none did.
        @Nullable public var meanScore: Double? = nil
    }

    /// How many trainees have a status.
    public struct StatusCount: Sendable, Hashable, Encodable {
        public var status: CertificationStatus
        public var count: Int
    }

    /// An area over each trainee's latest counted attempt.
    public struct AreaSummary: Sendable, Hashable, Encodable {
        public var category: Category
        public var title: String
        public var minimum: Double
        /// Mean of the trainees' latest scores in the area, 0 to 1; nil when none was asked.
        @Nullable public var meanScore: Double? = nil
        /// Trainees whose latest attempt asked the area, and how many of them scored below the minimum.
        public var trainees: Int
        public var below: Int
        /// The mean is below the minimum.
        public var weak: Bool
    }

    /// A question often missed, over every counted attempt.
    public struct MissedQuestion: Sendable, Hashable, Encodable {
        public var questionID: String
        public var category: Category
        public var critical: Bool
        @Nullable public var prompt: String? = nil
        public var asked: Int
        /// Not fully right.
        public var missed: Int
        /// missed / asked, 0 to 1.
        public var missRate: Double
    }

    /// The team's practice.
    public struct Activity: Sendable, Hashable, Encodable {
        /// Trainees who answered anything in the last 7 and 30 days.
        public var activeLast7Days: Int
        public var activeLast30Days: Int
        public var reviewsLast30Days: Int
        /// Right practice answers over all practice answers, 0 to 1.
        @Nullable public var retention: Double? = nil
        public var dueNow: Int
        /// Trainees whose every critical question is recalled at the policy's threshold.
        @Nullable public var criticalReady: Int? = nil

        enum CodingKeys: String, CodingKey {
            case retention, dueNow, criticalReady
            case activeLast7Days = "active_last_7_days"
            case activeLast30Days = "active_last_30_days"
            case reviewsLast30Days = "reviews_last_30_days"
        }
    }

    public let version = 1
    public let report = "cohort"
    /// The spa's name, from the policy.
    @Nullable public var spa: String? = nil
    public var generated: Date
    public var policyID: String
    public var policyTitle: String
    public var warnDays: Int
    public var statuses: [StatusCount]
    public var trainees: [Row]
    /// Each branch the trainees belong to, by name (ignoring ASCII case).
    public var branches: [BranchSummary]
    public var areas: [AreaSummary]
    public var mostMissed: [MissedQuestion]
    public var activity: Activity

    /// How many most-missed questions are listed.
    public static let mostMissedLimit = 10

    /// The report on every trainee of `input`.
    public init(input: ReportInput) {
        let policy = input.policy
        let now = input.now
        generated = now
        spa = policy.spa
        policyID = policy.id
        policyTitle = policy.title
        warnDays = policy.warnDays
        let byTrainee = Dictionary(grouping: input.results, by: \.traineeID)
        var latest: [ExamResult] = []
        let rows = input.trainees.map { trainee in
            let results = byTrainee[trainee.id] ?? []
            let counted = results.filter { $0.ending != .voided }
            let last = counted.max { $0.finished < $1.finished }
            if let last { latest.append(last) }
            let practice = input.practice(of: trainee.id)
            let result =
                input.inProgress.contains(trainee.id)
                ? "in progress" : last.map { $0.passed ? "passed" : "not passed" } ?? "not taken"
            let readiness = input.readinessText(of: trainee.id)
            return Row(
                name: trainee.name, branch: trainee.branch, archived: trainee.archived,
                certification: CertificationStanding(
                    results: results, practised: practice.hasPractised, policy: policy, now: now),
                attempts: counted.count, latestAttempt: last?.finished, latestScore: last?.score,
                latestPassed: last?.passed, result: result,
                reason: last.flatMap { $0.passed ? nil : $0.reasons.first }, ready: readiness?.ready,
                readiness: readiness?.text, areaScores: last?.categories ?? [:], practice: practice)
        }
        trainees = rows
        branches = Self.branches(rows)
        statuses = CertificationStatus.allCases.map { status in
            StatusCount(status: status, count: rows.count { $0.certification.status == status })
        }
        areas = policy.areas.map { area in
            let scores = latest.compactMap { $0.categories[area.category.rawValue] }
            let mean = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            return AreaSummary(
                category: area.category, title: area.category.title, minimum: area.minimum, meanScore: mean,
                trainees: scores.count, below: scores.count { $0 + 1e-9 < area.minimum },
                weak: mean.map { $0 + 1e-9 < area.minimum } ?? false)
        }
        mostMissed = Self.mostMissed(input.results, questions: input.questionsByID)
        let figures = rows.map(\.practice)
        let practiceReviews = figures.reduce(0) { $0 + $1.practiceReviews }
        let within = { (days: Double, date: Date?) in
            date.map { now.timeIntervalSince($0) <= days * 86_400 } ?? false
        }
        activity = Activity(
            activeLast7Days: figures.count { within(7, $0.lastPractised) },
            activeLast30Days: figures.count { within(30, $0.lastPractised) },
            reviewsLast30Days: figures.reduce(0) { $0 + $1.reviewsLast30Days },
            retention: practiceReviews > 0
                ? Double(figures.reduce(0) { $0 + $1.practiceCorrect }) / Double(practiceReviews) : nil,
            dueNow: figures.reduce(0) { $0 + $1.dueNow },
            criticalReady: policy.criticalRecall == nil
                ? nil
                : figures.count { ($0.criticalTotal ?? 0) > 0 && $0.criticalRecalled == $0.criticalTotal })
    }

    /// The rows grouped by branch (branches that differ only in ASCII case are one, named as
    /// first seen), by name.
    static func branches(_ rows: [Row]) -> [BranchSummary] {
        var order: [String] = []
        var grouped: [String: [Row]] = [:]
        for row in rows {
            let key = row.branch.lowercased()
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(row)
        }
        return order.map { key in
            let members = grouped[key]!
            let scores = members.compactMap(\.latestScore)
            return BranchSummary(
                branch: members[0].branch, trainees: members.count,
                certified: members.count {
                    $0.certification.status == .certified || $0.certification.status == .expiring
                },
                awaitingCertificate: members.count { $0.certification.status == .awaitingCertificate },
                ready: members.count { $0.ready == true },
                passed: members.count { $0.latestPassed == true },
                notPassed: members.count { $0.latestPassed == false },
                meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
        }
        .sorted { ($0.branch.lowercased(), $0.branch) < ($1.branch.lowercased(), $1.branch) }
    }

    /// The questions missed most often (then by miss rate, then id), over counted attempts.
    static func mostMissed(_ results: [ExamResult], questions: [String: Question]) -> [MissedQuestion] {
        struct Tally {
            var item: GradedItem
            var asked = 0
            var missed = 0
        }
        var tallies: [String: Tally] = [:]
        for result in results where result.ending != .voided {
            for item in result.items {
                tallies[item.questionID, default: Tally(item: item)].asked += 1
                if !item.correct { tallies[item.questionID]!.missed += 1 }
            }
        }
        return tallies.values.filter { $0.missed > 0 }.map { tally in
            MissedQuestion(
                questionID: tally.item.questionID, category: tally.item.category,
                critical: tally.item.critical,
                prompt: questions[tally.item.questionID]?.promptLine, asked: tally.asked,
                missed: tally.missed,
                missRate: Double(tally.missed) / Double(tally.asked))
        }
        .sorted { ($1.missed, $1.missRate, $0.questionID) < ($0.missed, $0.missRate, $1.questionID) }
        .prefix(mostMissedLimit).map { $0 }
    }
}
