import Foundation

/// Everything a report is made from, as plain values: the reports are pure functions of it, so
/// they can be tested without a store.
public struct ReportInput: Sendable {
    /// The trainees to report on, by name.
    public var trainees: [Trainee]
    /// Their graded attempts, oldest first.
    public var results: [ExamResult]
    /// Practice per trainee; a trainee missing here has not practised.
    public var practice: [Trainee.ID: PracticeFigures]
    /// The banks' current questions.
    public var questions: [Question]
    public var policy: CertificationPolicy
    public var now: Date
    /// Each trainee's standing against the rules for starting an exam (``ExamEligibility``);
    /// a trainee missing here has no readiness shown.
    public var readiness: [Trainee.ID: [ExamRule]]
    /// A manager's grants, per trainee, oldest first.
    public var grants: [Trainee.ID: [ExamGrant]]
    /// Trainees with an attempt started and not finished.
    public var inProgress: Set<Trainee.ID>
    /// Questions as an attempt showed them, by attempt id and position (nil where the banks no
    /// longer hold the question), for the answers given in words.
    public var shown: [String: [PresentedQuestion?]]

    public init(
        trainees: [Trainee], results: [ExamResult], practice: [Trainee.ID: PracticeFigures],
        questions: [Question], policy: CertificationPolicy, now: Date,
        readiness: [Trainee.ID: [ExamRule]] = [:], grants: [Trainee.ID: [ExamGrant]] = [:],
        inProgress: Set<Trainee.ID> = [], shown: [String: [PresentedQuestion?]] = [:]
    ) {
        self.trainees = trainees
        self.results = results
        self.practice = practice
        self.questions = questions
        self.policy = policy
        self.now = now
        self.readiness = readiness
        self.grants = grants
        self.inProgress = inProgress
        self.shown = shown
    }

    /// "ready", or the first rule not met in the trainee's terms; nil when not known.
    public func readinessText(of trainee: Trainee.ID) -> (ready: Bool, text: String)? {
        guard let rules = readiness[trainee] else { return nil }
        guard let unmet = rules.first(where: { !$0.met }) else { return (true, "ready") }
        return (false, "\(unmet.kind.title): " + (unmet.left ?? unmet.refusal ?? unmet.summary))
    }

    /// The trainee's attempts, oldest first.
    public func results(of trainee: Trainee.ID) -> [ExamResult] {
        results.filter { $0.traineeID == trainee }
    }

    /// The trainee's practice (all zero when there is none).
    public func practice(of trainee: Trainee.ID) -> PracticeFigures {
        practice[trainee] ?? PracticeFigures()
    }

    /// The current questions by id (the first of a repeated id).
    public var questionsByID: [String: Question] {
        var byID: [String: Question] = [:]
        for question in questions where byID[question.id] == nil { byID[question.id] = question }
        return byID
    }
}
