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

    init(
        start: ExamStart, presented: [PresentedQuestion], policy: CertificationPolicy,
        answers: [Int: ExamAnswerRecord], store: ProgressStore, clock: @escaping () -> Date
    ) {
        self.start = start
        self.presented = presented
        self.policy = policy
        self.answers = answers
        self.store = store
        self.clock = clock
    }

    /// Draws a new exam by the policy and records its start in the ledger.
    public static func begin(
        store: ProgressStore, trainee: Trainee, policy: CertificationPolicy, content: ExamContent,
        questions: [Question], seed: String, attemptID: String, clock: @escaping () -> Date
    ) throws -> ExamAttempt {
        let drawn = ExamDraw.draw(policy: policy, from: questions, seed: seed)
        let presented = drawn.map {
            PresentedQuestion($0, seed: ExamDraw.presentationSeed(exam: seed, questionID: $0.id))
        }
        let started = ExamCoding.milliseconds(clock())
        let start = ExamStart(
            attemptID: attemptID, traineeID: trainee.id, trainee: trainee.name, seed: seed, started: started,
            deadline: started.addingTimeInterval(TimeInterval(policy.timeLimitMinutes * 60)),
            policyID: policy.id, policyHash: content.policy.sha256, banksHash: content.banksHash,
            bankFiles: content.banks,
            questions: presented.map {
                DrawnQuestion(
                    questionID: $0.question.id, rev: $0.question.rev, category: $0.question.category,
                    type: $0.question.type, critical: $0.question.critical, shown: $0.shownIndices)
            })
        try store.appendLedger(
            attempt: attemptID, trainee: trainee.id, kind: .start, at: started,
            body: try ExamCoding.encode(start))
        return ExamAttempt(
            start: start, presented: presented, policy: policy, answers: [:], store: store, clock: clock)
    }

    /// Reads an attempt back from the ledger to go on with it. Nil when the banks or the
    /// policy are no longer what it was drawn from (it cannot be shown the same again).
    public static func resume(
        store: ProgressStore, attemptID: String, policy: CertificationPolicy, content: ExamContent,
        questions: [Question], clock: @escaping () -> Date
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
            start: start, presented: presented, policy: policy, answers: latest, store: store, clock: clock)
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
        try store.appendLedger(
            attempt: start.attemptID, trainee: start.traineeID, kind: .answer, at: now,
            body: try ExamCoding.encode(record))
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

    /// Grades the attempt as it stands. `issue` may attach a certificate to a pass (it gets
    /// the result and returns the certificate's id); then the result is added to the ledger.
    public func finish(ending: ExamEnding, issue: (ExamResult) throws -> String? = { _ in nil }) throws
        -> ExamResult
    {
        let finished = ExamCoding.milliseconds(ending == .timedOut ? min(clock(), start.deadline) : clock())
        var result = ExamGrader(policy: policy).grade(
            start: start, answers: Array(answers.values), prompts: prompts, finished: finished, ending: ending
        )
        if result.passed { result.certificateID = try issue(result) }
        try store.appendLedger(
            attempt: start.attemptID, trainee: start.traineeID, kind: .result, at: finished,
            body: try ExamCoding.encode(result))
        return result
    }

    /// Closes an attempt that cannot go on because its banks or policy changed: graded with
    /// the answers given, not passed, and not counted against the trainee.
    public static func void(
        start: ExamStart, answers: [ExamAnswerRecord], policy: CertificationPolicy, store: ProgressStore,
        at time: Date
    ) throws -> ExamResult {
        var result = ExamGrader(policy: policy).grade(
            start: start, answers: answers, prompts: [:], finished: ExamCoding.milliseconds(time),
            ending: .voided)
        result.passed = false
        result.reasons = [
            "the banks or the policy changed after attempt \(start.attemptID) began, so it was voided; "
                + "it does not count as an attempt"
        ]
        try store.appendLedger(
            attempt: start.attemptID, trainee: start.traineeID, kind: .result, at: result.finished,
            body: try ExamCoding.encode(result))
        return result
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
