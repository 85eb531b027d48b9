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

    public init(
        trainees: [Trainee], results: [ExamResult], practice: [Trainee.ID: PracticeFigures],
        questions: [Question], policy: CertificationPolicy, now: Date
    ) {
        self.trainees = trainees
        self.results = results
        self.practice = practice
        self.questions = questions
        self.policy = policy
        self.now = now
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
