import Foundation
import SpacertFSRS

/// What happened when a trainee asked to sit an exam.
public enum ExamOpening {
    /// The exam may not start; nothing was recorded.
    case refused([String])
    /// An attempt to answer: a new one, or one that was left open with time remaining.
    case ready(ExamAttempt, resumed: Bool)
    /// An attempt left open could not go on (its time ran out, or its banks changed): it was
    /// graded now with the answers saved.
    case closed(ExamResult)
}

/// Opens exams: checks the banks, the policy and the trainee's standing, resumes an attempt
/// left open, or draws a new one.
public struct ExamProctor {
    public let store: ProgressStore
    public let banks: BankSet
    public let banksDirectory: String
    public let clock: () -> Date
    /// The hashes of the policy and bank files the exam is drawn from (nil without a policy),
    /// read once when the proctor is made.
    public let content: ExamContent?
    /// Signs the ledger's checkpoints (each start and result gets one) and checks them; nil
    /// where the spa's key is not at hand (only the hash chain is checked then).
    public var signer: LedgerSigner?

    /// How the ledger is checked: against the signer's key and its copy outside the store.
    var trust: LedgerTrust {
        LedgerTrust(publicKey: signer?.key.publicKey, outsidePath: signer?.outsidePath)
    }

    /// Hashes the policy and bank files of `banks`, read from `banksDirectory`.
    public init(store: ProgressStore, banks: BankSet, banksDirectory: String, clock: @escaping () -> Date)
        throws
    {
        self.store = store
        self.banks = banks
        self.banksDirectory = banksDirectory
        self.clock = clock
        if let policyFile = banks.policyFile {
            content = ExamContent(
                policy: try ContentHash(path: policyFile, relativeTo: banksDirectory),
                banks: try banks.banks.map(\.file).sorted().map {
                    try ContentHash(path: $0, relativeTo: banksDirectory)
                })
        } else {
            content = nil
        }
    }

    /// Resumes the trainee's open attempt, or checks every rule and draws a new one.
    /// `extraRefusals` are reasons found by the caller (a missing signing key).
    public func open(
        trainee: Trainee, seed: String? = nil, extraRefusals: [String] = [],
        issue: (ExamResult) throws -> String? = { _ in nil }
    ) throws -> ExamOpening {
        var reasons = contentRefusals()
        guard let policy = banks.policy, let content else { return .refused(reasons) }
        let now = clock()
        // Checking the rules and recording the start are one write transaction: another
        // spacert starting an exam for the same trainee waits, then finds this attempt open.
        enum Step {
            case resume(String)
            case refused([String])
            case began(ExamStart, [PresentedQuestion], LedgerCheckpoint?)
        }
        let step = try store.write(.ledger) { tx -> Step in
            let (results, check) = try ProgressStore.examResults(tx, trainee: trainee.id, trust: trust)
            if let first = check.problems.first {
                reasons.append(
                    "the exam ledger in \(store.path) does not check out (\(check.problems.count) "
                        + "problem\(check.problems.count == 1 ? "" : "s"); the first: \(first.message)); nothing "
                        + "is added to it until a manager has looked ('spacert audit')")
            }
            if reasons.isEmpty, let open = try tx.openAttempts(trainee: trainee.id).last {
                return .resume(open)
            }
            reasons += try standing(tx, results: results, trainee: trainee, policy: policy, now: now)
            reasons += extraRefusals
            if !reasons.isEmpty { return .refused(reasons) }
            let seed = seed ?? Self.randomToken()
            let attemptID =
                "EX-" + ISO8601.format(now).prefix(10).replacingOccurrences(of: "-", with: "") + "-"
                + Self.randomToken(hexDigits: 8)
            let (start, presented) = try ExamAttempt.draw(
                trainee: trainee, policy: policy, content: content, questions: banks.questions, seed: seed,
                attemptID: attemptID, now: now)
            let entry = try ProgressStore.appendLedger(
                attempt: attemptID, trainee: trainee.id, kind: .start, at: start.started,
                body: try ExamCoding.encode(start), tx)
            return .began(
                start, presented, try ProgressStore.checkpoint(entry, signer: signer, at: start.started, tx))
        }
        switch step {
        case .refused(let reasons):
            return .refused(reasons)
        case .began(let start, let presented, let checkpoint):
            try ProgressStore.publish(checkpoint, signer: signer)
            let attempt = ExamAttempt(
                start: start, presented: presented, policy: policy, answers: [:], store: store, clock: clock,
                signer: signer)
            return .ready(attempt, resumed: false)
        case .resume(let open):
            let resumed = try ExamAttempt.resume(
                store: store, attemptID: open, policy: policy, content: content, questions: banks.questions,
                clock: clock, signer: signer)
            guard let attempt = resumed.attempt else {
                return .closed(
                    try ExamAttempt.void(
                        start: resumed.start, answers: resumed.answers, policy: policy, store: store, at: now,
                        signer: signer))
            }
            if attempt.isOverTime { return .closed(try attempt.finish(ending: .timedOut, issue: issue)) }
            return .ready(attempt, resumed: true)
        }
    }

    /// Reasons the trainee may not start a new attempt now (attempts, waits, prerequisites),
    /// without opening anything.
    public func standing(trainee: Trainee, policy: CertificationPolicy, now: Date) throws -> [String] {
        try rules(trainee: trainee, policy: policy, now: now).flatMap { $0.met ? [] : $0.refusals }
    }

    /// ``standing(trainee:policy:now:)`` inside a transaction, with the trainee's results read.
    func standing(
        _ tx: any StoreTransaction, results: [ExamResult], trainee: Trainee, policy: CertificationPolicy,
        now: Date
    ) throws -> [String] {
        try rules(tx, results: results, trainee: trainee, policy: policy, now: now).flatMap {
            $0.met ? [] : $0.refusals
        }
    }

    /// Every rule for starting an exam and where the trainee stands against it, read from the
    /// store without writing anything (`spacert exam check`, the reports' readiness).
    public func rules(trainee: Trainee, policy: CertificationPolicy, now: Date) throws -> [ExamRule] {
        try store.read { tx in
            try rules(
                tx, results: try ProgressStore.examResults(tx, trainee: trainee.id, trust: trust).results,
                trainee: trainee, policy: policy, now: now)
        }
    }

    /// ``rules(trainee:policy:now:)`` inside a transaction, with the trainee's results read.
    func rules(
        _ tx: any StoreTransaction, results: [ExamResult], trainee: Trainee, policy: CertificationPolicy,
        now: Date
    ) throws -> [ExamRule] {
        try ProgressStore.examRules(
            tx, trainee: trainee.id, policy: policy, critical: banks.questions.filter(\.critical), now: now,
            results: results, scheduler: store.scheduler)
    }

    /// Why no exam can start for anyone: the banks or the policy do not lint clean, or there
    /// is no policy. Empty when exams can start.
    public func contentRefusals() -> [String] {
        var reasons: [String] = []
        let errors = banks.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            reasons.append(
                "the banks or the policy do not lint clean (\(errors.count) error\(errors.count == 1 ? "" : "s"); "
                    + "the first: \(first.location): \(first.message)); run 'spacert lint'")
        }
        // A bank that could not be read to the end is named, not silently left out of the draw.
        reasons += banks.leftOutWarnings
        if banks.policy == nil || content == nil {
            reasons.append(
                "no sound certification policy in \(banksDirectory) (certification.xml); run 'spacert lint'")
        }
        return reasons
    }

    /// Random lower-case hex.
    static func randomToken(hexDigits: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<hexDigits).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }
            .joined()
    }
}

extension ProgressStore {
    /// Every rule for starting an exam and where the trainee stands, read inside the caller's
    /// transaction: the one reading of a trainee's standing, for `spacert exam`, `exam check`
    /// and the reports. `results` are the trainee's graded attempts; `grants`, when the caller
    /// has read them already, are not read again.
    static func examRules(
        _ tx: any StoreTransaction, trainee: Trainee.ID, policy: CertificationPolicy, critical: [Question],
        now: Date,
        results: [ExamResult], grants: [ExamGrant]? = nil, scheduler: Scheduler
    ) throws -> [ExamRule] {
        let practice = try practiceStandings(
            tx, trainees: [trainee], critical: critical, threshold: policy.criticalRecall, now: now,
            scheduler: scheduler)
        return ExamEligibility(policy: policy).rules(
            results: results, grants: try grants ?? examGrants(tx, trainee: trainee),
            practice: practice[trainee] ?? PracticeStanding(), now: now)
    }
}
