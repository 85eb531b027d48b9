import Foundation

extension ReportInput {
    /// What a report reads from the store.
    public enum Scope: Sendable, Hashable {
        /// One trainee: their attempts and practice.
        case trainee(Trainee)
        /// Every trainee (archived ones when asked): attempts and practice.
        case cohort(includingArchived: Bool)
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
        case .cohort(let includingArchived):
            trainees = try store.trainees(includingArchived: includingArchived)
            let ids = Set(trainees.map(\.id))
            results = try store.examResults(trust: trust).filter { ids.contains($0.traineeID) }
        case .items:
            trainees = []
            results = try store.examResults(trust: trust)
        }
        let practice =
            scope == .items
            ? [:]
            : try store.practiceFigures(
                trainees: trainees.map(\.id), questions: questions, now: now,
                criticalRecall: policy.criticalRecall, calendar: calendar)
        var readiness: [Trainee.ID: [ExamRule]] = [:]
        var grants: [Trainee.ID: [ExamGrant]] = [:]
        var inProgress: Set<Trainee.ID> = []
        var shown: [String: [PresentedQuestion?]] = [:]
        if scope != .items {
            let byTrainee = Dictionary(grouping: results, by: \.traineeID)
            let critical = questions.filter(\.critical)
            // One read for the whole cohort; each trainee's grants are read once, for the
            // readiness rules and for the report.
            try store.read { db in
                for trainee in trainees {
                    let own = try ProgressStore.examGrants(db, trainee: trainee.id)
                    readiness[trainee.id] = try ProgressStore.examRules(
                        db, trainee: trainee.id, policy: policy, critical: critical, now: now,
                        results: byTrainee[trainee.id] ?? [], grants: own, scheduler: store.scheduler)
                    grants[trainee.id] = own
                    if try !ProgressStore.openAttempts(db, trainee: trainee.id).isEmpty {
                        inProgress.insert(trainee.id)
                    }
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
