import Foundation

extension ReportInput {
    /// What a report reads from the store.
    public enum Scope: Sendable, Hashable {
        /// One trainee: their attempts and practice.
        case trainee(Trainee)
        /// Every trainee (archived ones when asked), or those of one branch: attempts and practice.
        case cohort(includingArchived: Bool, branch: String? = nil)
        /// Every attempt, no practice (the item analysis needs none).
        case items
    }

    /// Reads the input of a report from `store` and the loaded banks. Results come through the
    /// ledger's one reader, checked against `trust` (a result that does not check out is shown
    /// as altered and never counts as passed).
    public static func load(
        from store: ProgressStore, scope: Scope, questions: [Question], policy: CertificationPolicy,
        now: Date,
        calendar: Calendar = .current, trust: LedgerTrust = .chainOnly
    ) throws -> ReportInput {
        let trainees: [Trainee]
        let results: [ExamResult]
        switch scope {
        case .trainee(let trainee):
            trainees = [trainee]
            results = try store.examResults(trainee: trainee.id, trust: trust)
        case .cohort(let includingArchived, let branch):
            trainees = try store.trainees(includingArchived: includingArchived, branch: branch)
            let ids = Set(trainees.map(\.id))
            results = try store.examResults(trust: trust).filter { ids.contains($0.traineeID) }
        case .items:
            trainees = []
            results = try store.examResults(trust: trust)
        }
        var practice: [Trainee.ID: PracticeFigures] = [:]
        var readiness: [Trainee.ID: [ExamRule]] = [:]
        var grants: [Trainee.ID: [ExamGrant]] = [:]
        var inProgress: Set<Trainee.ID> = []
        var shown: [String: [PresentedQuestion?]] = [:]
        if scope != .items {
            // One read for the whole cohort: practice, the exam rules' standing, grants and open
            // attempts each come from one query over all the trainees (or over the one).
            let ids = trainees.map(\.id)
            let byTrainee = Dictionary(grouping: results, by: \.traineeID)
            let eligibility = ExamEligibility(policy: policy)
            try store.read { db in
                let standings = try ProgressStore.practiceStandings(
                    db, trainees: ids, critical: questions.filter(\.critical),
                    threshold: policy.criticalRecall,
                    now: now, scheduler: store.scheduler)
                practice = try ProgressStore.practiceFigures(
                    db, trainees: ids, questions: questions, now: now, standings: standings,
                    criticalRecall: policy.criticalRecall != nil, calendar: calendar)
                if case .trainee(let trainee) = scope {
                    grants[trainee.id] = try ProgressStore.examGrants(db, trainee: trainee.id)
                    if try !ProgressStore.openAttempts(db, trainee: trainee.id).isEmpty {
                        inProgress.insert(trainee.id)
                    }
                } else {
                    grants = try ProgressStore.examGrantsByTrainee(db)
                    inProgress = try ProgressStore.traineesWithOpenAttempts(db)
                }
                for trainee in ids {
                    readiness[trainee] = eligibility.rules(
                        results: byTrainee[trainee] ?? [], grants: grants[trainee] ?? [],
                        practice: standings[trainee] ?? PracticeStanding(), now: now)
                }
            }
        }
        if case .trainee = scope, let latest = results.last(where: { $0.ending != .voided }) {
            shown[latest.attemptID] =
                try? ExamTranscript(store: store, attemptID: latest.attemptID, questions: questions).presented
        }
        return ReportInput(
            trainees: trainees, results: results, practice: practice, questions: questions, policy: policy,
            now: now, readiness: readiness, grants: grants, inProgress: inProgress, shown: shown)
    }
}
