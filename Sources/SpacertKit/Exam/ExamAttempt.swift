import Foundation
import SpacertFSRS

/// One exam attempt in progress: the questions as drawn and shown, the answers given so far
/// (each saved to the ledger as it is given), and the time left. Front ends (JSONL, lines, the
/// terminal) drive it; it never shows feedback before the result.
public final class ExamAttempt {
    /// What happened to an answer.
    public enum AnswerOutcome: Equatable, Sendable {
        case saved
        /// The time limit has passed: the answer was not saved; finish with `.timedOut`.
        case timeUp
    }

    public let start: ExamStart
    public let presented: [PresentedQuestion]
    public let policy: CertificationPolicy
    /// The latest answer per 1-based position.
    public private(set) var answers: [Int: ExamAnswerRecord]
    let store: ProgressStore
    let clock: () -> Date
    /// Signs the ledger's checkpoints (the result's); nil where the key is not at hand.
    let signer: LedgerSigner?

    init(
        start: ExamStart, presented: [PresentedQuestion], policy: CertificationPolicy,
        answers: [Int: ExamAnswerRecord], store: ProgressStore, clock: @escaping () -> Date,
        signer: LedgerSigner? = nil
    ) {
        self.start = start
        self.presented = presented
        self.policy = policy
        self.answers = answers
        self.store = store
        self.clock = clock
        self.signer = signer
    }

    /// Draws a new exam by the policy: the questions as shown and the ledger's `start` record
    /// (not yet recorded: ``ExamProctor`` appends it in the transaction that checked the rules).
    static func draw(
        trainee: Trainee, policy: CertificationPolicy, content: ExamContent, questions: [Question],
        seed: String, attemptID: String, now: Date
    ) throws -> (start: ExamStart, presented: [PresentedQuestion]) {
        let drawn = ExamDraw.draw(policy: policy, from: questions, seed: seed)
        let presented = drawn.map {
            PresentedQuestion($0, seed: ExamDraw.presentationSeed(exam: seed, questionID: $0.id))
        }
        let started = ExamCoding.milliseconds(now)
        let start = ExamStart(
            attemptID: attemptID, traineeID: trainee.id, trainee: trainee.name, seed: seed, started: started,
            deadline: try CalendarMath.adding(minutes: policy.timeLimitMinutes, to: started),
            policyID: policy.id, policyHash: content.policy.sha256, banksHash: content.banksHash,
            bankFiles: content.banks,
            questions: presented.map {
                DrawnQuestion(
                    questionID: $0.question.id, rev: $0.question.rev, category: $0.question.category,
                    type: $0.question.type, critical: $0.question.critical, shown: $0.shownIndices)
            })
        return (start, presented)
    }

    /// Reads an attempt back from the ledger to go on with it. Nil when the banks or the
    /// policy are no longer what it was drawn from (it cannot be shown the same again).
    public static func resume(
        store: ProgressStore, attemptID: String, policy: CertificationPolicy, content: ExamContent,
        questions: [Question], clock: @escaping () -> Date, signer: LedgerSigner? = nil
    ) throws -> (attempt: ExamAttempt?, start: ExamStart, answers: [ExamAnswerRecord]) {
        let transcript = try ExamTranscript(store: store, attemptID: attemptID, questions: questions)
        let start = transcript.start
        if let last = transcript.lastRecorded, clock() < last {
            throw SpacertError.invalidInput(
                "the clock reads \(ISO8601.format(clock())), earlier than attempt \(attemptID)'s last record at "
                    + "\(ISO8601.format(last)); check the system clock (and SPACERT_NOW)")
        }
        let latest = transcript.answers
        let given = latest.keys.sorted().map { latest[$0]! }
        let presented = transcript.presented.compactMap { $0 }
        guard start.banksHash == content.banksHash, start.policyHash == content.policy.sha256,
            presented.count == start.questions.count
        else { return (nil, start, given) }
        let attempt = ExamAttempt(
            start: start, presented: presented, policy: policy, answers: latest, store: store, clock: clock,
            signer: signer)
        return (attempt, start, given)
    }

    /// Questions in the exam.
    public var count: Int { presented.count }
    /// Positions (1-based) answered so far.
    public var answeredCount: Int { answers.count }
    /// The first unanswered position after `position` (wrapping round), or nil when all are answered.
    public func nextUnanswered(after position: Int) -> Int? {
        let order = Array((position + 1)...max(position + 1, count)) + Array(1...max(1, position))
        return order.first { (1...count).contains($0) && answers[$0] == nil }
    }

    /// Seconds left before the time limit (negative once it has passed).
    public var secondsLeft: TimeInterval { start.deadline.timeIntervalSince(clock()) }
    /// Whether the time limit has passed.
    public var isOverTime: Bool { secondsLeft <= 0 }

    /// Saves an answer (already validated against the question) for `position`, replacing an
    /// earlier one; refused once time is up.
    @discardableResult
    public func answer(_ answer: Answer, at position: Int) throws -> AnswerOutcome {
        let now = clock()
        guard now < start.deadline else { return .timeUp }
        let shown = presented[position - 1]
        let graded = shown.grade(answer)
        let record = ExamAnswerRecord(
            position: position, questionID: shown.question.id, answer: answer, picked: shown.picked(answer),
            rawScore: graded.score, correct: graded.correct, answeredAt: ExamCoding.milliseconds(now))
        let body = try ExamCoding.encode(record)
        try store.write(.ledger) { tx in
            guard try !tx.hasResult(attempt: start.attemptID) else {
                throw SpacertError.invalidInput(Self.alreadyGraded(start.attemptID))
            }
            try ProgressStore.appendLedger(
                attempt: start.attemptID, trainee: start.traineeID, kind: .answer, at: now, body: body, tx)
        }
        answers[position] = record
        return .saved
    }

    /// Flags the question at `position` for the editors with a note, as a flag from practice
    /// (it is listed by `spacert flags`); the exam and its clock are not touched.
    public func flag(_ position: Int, note: String) throws {
        let question = presented[position - 1].question
        try store.flag(
            questionID: question.id, rev: question.rev, note: note, trainee: start.traineeID, at: clock())
    }

    /// Why an answer cannot be added to an attempt another spacert has graded.
    static func alreadyGraded(_ attemptID: String) -> String {
        "attempt \(attemptID) was graded meanwhile (by another spacert on the same store); "
            + "'spacert exam show \(attemptID)' shows it"
    }

    /// Grades the attempt as it stands. `issue` may attach a certificate to a pass (it gets
    /// the result and returns the certificate's id); then the result is added to the ledger.
    ///
    /// Grading and issuing happen once per attempt, whatever the number of processes: the
    /// result is recorded in one write transaction that first looks for one already there (the
    /// store also refuses a second). When another spacert graded it first, its result is
    /// returned and `issue` is not called.
    public func finish(ending: ExamEnding, issue: (ExamResult) throws -> String? = { _ in nil }) throws
        -> ExamResult
    {
        let finished = ExamCoding.milliseconds(ending == .timedOut ? min(clock(), start.deadline) : clock())
        let graded = ExamGrader(policy: policy).grade(
            start: start, answers: Array(answers.values), prompts: prompts, finished: finished, ending: ending
        )
        return try Self.record(graded, start: start, store: store, signer: signer, issue: issue)
    }

    /// Records `graded` as the attempt's one result (see ``finish(ending:issue:)``).
    static func record(
        _ graded: ExamResult, start: ExamStart, store: ProgressStore, signer: LedgerSigner?,
        issue: (ExamResult) throws -> String?
    ) throws -> ExamResult {
        let (result, checkpoint) = try store.write(.ledger) { tx -> (ExamResult, LedgerCheckpoint?) in
            if try tx.hasResult(attempt: start.attemptID) {
                let trust = LedgerTrust(publicKey: signer?.key.publicKey, outsidePath: signer?.outsidePath)
                guard
                    let recorded = try ProgressStore.examResults(tx, attempt: start.attemptID, trust: trust)
                        .results.first
                else { throw SpacertError.invalidInput(alreadyGraded(start.attemptID)) }
                return (recorded, nil)
            }
            var result = graded
            if result.passed { result.certificateID = try issue(result) }
            let entry = try ProgressStore.appendLedger(
                attempt: start.attemptID, trainee: start.traineeID, kind: .result, at: result.finished,
                body: try ExamCoding.encode(result), tx)
            return (result, try ProgressStore.checkpoint(entry, signer: signer, at: result.finished, tx))
        }
        try ProgressStore.publish(checkpoint, signer: signer)
        return result
    }

    /// Closes an attempt that cannot go on because its banks or policy changed: graded with
    /// the answers given, not passed, and not counted against the trainee.
    public static func void(
        start: ExamStart, answers: [ExamAnswerRecord], policy: CertificationPolicy, store: ProgressStore,
        at time: Date, signer: LedgerSigner? = nil
    ) throws -> ExamResult {
        var result = ExamGrader(policy: policy).grade(
            start: start, answers: answers, prompts: [:], finished: ExamCoding.milliseconds(time),
            ending: .voided)
        result.passed = false
        result.reasons = [
            "the banks or the policy changed after attempt \(start.attemptID) began, so it was voided; "
                + "it does not count as an attempt"
        ]
        return try record(result, start: start, store: store, signer: signer, issue: { _ in nil })
    }

    var prompts: [String: String] {
        Dictionary(
            presented.map { ($0.question.id, $0.question.promptLine) },
            uniquingKeysWith: { first, _ in first })
    }
}

/// The content an exam is drawn from, by hash: the policy file and every bank file.
public struct ExamContent: Sendable, Hashable {
    public var policy: ContentHash
    public var banks: [ContentHash]
    /// ``ContentHash/combined(_:)`` of `banks`.
    public var banksHash: String

    public init(policy: ContentHash, banks: [ContentHash]) {
        self.policy = policy
        self.banks = banks
        banksHash = ContentHash.combined(banks)
    }
}
