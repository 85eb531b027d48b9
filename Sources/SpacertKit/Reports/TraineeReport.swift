import Foundation

/// The trainee report: attempts, scores by area, certification, what the latest attempt
/// missed (with explanations, and where editors find each question), and practice.
public struct TraineeReport: Sendable, Hashable, Encodable {
    /// One attempt, oldest first.
    public struct Attempt: Sendable, Hashable, Encodable {
        public var attemptID: String
        public var started: Date
        public var finished: Date
        public var ending: ExamEnding
        public var passed: Bool
        /// 0 to 1.
        public var score: Double
        /// Score per area (category raw value), 0 to 1.
        public var categories: [String: Double]
        public var reasons: [String]
        @Nullable public var certificateID: String? = nil
    }

    /// An area of the latest counted attempt against the policy's minimum.
    public struct AreaScore: Sendable, Hashable, Encodable {
        public var category: Category
        public var title: String
        /// 0 to 1; nil when the attempt asked nothing in the area.
        @Nullable public var score: Double? = nil
        public var minimum: Double
        /// Below the minimum.
        public var below: Bool
    }

    /// A question of the latest counted attempt that was not fully right.
    public struct MissedQuestion: Sendable, Hashable, Encodable {
        public var position: Int
        public var questionID: String
        public var rev: Int
        public var category: Category
        public var critical: Bool
        /// Credit earned, 0 to 1.
        public var score: Double
        public var unanswered: Bool
        /// The rest is known only while the banks hold the question at this revision.
        @Nullable public var prompt: String? = nil
        @Nullable public var rightAnswer: String? = nil
        /// The answer given in words, each part marked ✓ right or ✗ wrong: the choices picked,
        /// the steps in the order given, or the pairs given.
        @Nullable public var given: String? = nil
        @Nullable public var explanation: String? = nil
        /// `file:line` in the banks.
        @Nullable public var location: String? = nil
    }

    /// A manager's grant.
    public struct Grant: Sendable, Hashable, Encodable {
        public var at: Date
        /// What it does, in words.
        public var effects: String
        /// Further attempts it allowed (nil for a grant from before grants said what they do).
        @Nullable public var attempts: Int? = nil
        public var waiveWait: Bool
        public var note: String
    }

    public let version = 1
    public let report = "trainee"
    /// The spa's name, from the policy.
    @Nullable public var spa: String? = nil
    public var trainee: String
    /// The trainee's stable id: in the file name, so two trainees whose names make the same
    /// safe name never share a file.
    public var traineeID: Int64
    public var generated: Date
    public var policyID: String
    public var policyTitle: String
    public var certification: CertificationStanding
    public var attempts: [Attempt]
    /// The attempt the areas and missed questions come from: the latest that counts.
    @Nullable public var latestAttemptID: String? = nil
    public var areas: [AreaScore]
    public var missed: [MissedQuestion]
    public var practice: PracticeFigures
    /// May start an exam now; nil when not known.
    @Nullable public var ready: Bool? = nil
    /// `ready`, or the first rule not met with what is left.
    @Nullable public var readiness: String? = nil
    /// A manager's grants, oldest first.
    public var grants: [Grant]

    enum CodingKeys: String, CodingKey {
        case version, report, trainee, generated, policyID, policyTitle, certification, attempts
        case latestAttemptID, areas, missed, practice
        case spa, ready, readiness, grants
    }

    /// The report on `trainee` from `input`.
    public init(trainee: Trainee, input: ReportInput) {
        let results = input.results(of: trainee.id).sorted { $0.finished < $1.finished }
        let practice = input.practice(of: trainee.id)
        let policy = input.policy
        self.trainee = trainee.name
        traineeID = trainee.id
        spa = policy.spa
        let readiness = input.readinessText(of: trainee.id)
        ready = readiness?.ready
        self.readiness = readiness?.text
        grants = (input.grants[trainee.id] ?? []).map {
            Grant(
                at: $0.at, effects: $0.effects, attempts: $0.attempts, waiveWait: $0.waiveWait, note: $0.note)
        }
        generated = input.now
        policyID = policy.id
        policyTitle = policy.title
        self.practice = practice
        certification = CertificationStanding(
            results: results, practised: practice.hasPractised, policy: policy, now: input.now)
        attempts = results.map {
            Attempt(
                attemptID: $0.attemptID, started: $0.started, finished: $0.finished, ending: $0.ending,
                passed: $0.passed, score: $0.score, categories: $0.categories, reasons: $0.reasons,
                certificateID: $0.certificateID)
        }
        let latest = results.last { $0.ending != .voided }
        latestAttemptID = latest?.attemptID
        areas =
            latest.map { latest in
                policy.areas.map { area in
                    let score = latest.categories[area.category.rawValue]
                    return AreaScore(
                        category: area.category, title: area.category.title, score: score,
                        minimum: area.minimum,
                        below: score.map { $0 + 1e-9 < area.minimum } ?? false)
                }
            } ?? []
        let bank = input.questionsByID
        let shown = latest.flatMap { input.shown[$0.attemptID] }
        missed = (latest?.items ?? []).filter { !$0.correct }.map { item in
            let question = bank[item.questionID].flatMap { $0.rev == item.rev ? $0 : nil }
            let presented = shown.flatMap { item.position - 1 < $0.count ? $0[item.position - 1] : nil }
            let given =
                item.answer.flatMap { answer in presented.map { $0.givenText(answer) } }
                ?? question?.pickedText(item.picked)
            return MissedQuestion(
                position: item.position, questionID: item.questionID, rev: item.rev, category: item.category,
                critical: item.critical, score: item.score, unanswered: item.answer == nil,
                prompt: question?.promptLine, rightAnswer: question?.rightAnswerText,
                given: given, explanation: question?.explanation,
                location: question?.location.description)
        }
    }
}
