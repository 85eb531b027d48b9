import Foundation

/// Drives an exam over the `--jsonl` protocol of docs/PROTOCOL.md (``SessionCommand`` in,
/// ``SessionEvent`` out). No feedback is given before
/// the `result` event. After each answer the next unanswered question follows; when none is
/// left the exam is submitted. `{"command":"goto","index":N}` shows question N again to change
/// its answer, `{"command":"submit"}` submits early, and `quit` or the end of input leaves the
/// attempt open to resume while time remains.
public struct ExamJSONLSession {
    let attempt: ExamAttempt
    let readLine: () -> String?
    let write: (String) -> Void
    let finish: (ExamEnding) throws -> ExamResult
    let certificatePath: () -> String?
    let certificatePending: Bool

    /// - finish: grades and records the attempt (issuing a certificate on a pass).
    /// - certificatePath: where the certificate was written, after `finish`.
    /// - certificatePending: a pass is certified later, at the manager's desk (no key here).
    public init(
        attempt: ExamAttempt, readLine: @escaping () -> String?, write: @escaping (String) -> Void,
        finish: @escaping (ExamEnding) throws -> ExamResult, certificatePath: @escaping () -> String?,
        certificatePending: Bool = false
    ) {
        self.certificatePending = certificatePending
        self.attempt = attempt
        self.readLine = readLine
        self.write = write
        self.finish = finish
        self.certificatePath = certificatePath
    }

    /// Runs until the exam is submitted or times out (returns the result), or the driver
    /// leaves (returns nil; the attempt stays open).
    @discardableResult
    public func run() throws -> ExamResult? {
        guard !attempt.isOverTime else { return try end(.timedOut) }
        var position = attempt.nextUnanswered(after: 0) ?? 1
        emit(questionEvent(position))
        while true {
            guard let line = readLine() else { return leave() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if attempt.isOverTime { return try end(.timedOut) }
            switch SessionCommand.read(line) {
            case .failure(let failure):
                emit(.error(message: failure.message))
                emit(questionEvent(position))
            case .success(.goto(let index)):
                guard (1...attempt.count).contains(index) else {
                    emit(.error(message: "there is no question \(index); the exam has 1 to \(attempt.count)"))
                    emit(questionEvent(position))
                    continue
                }
                position = index
                emit(questionEvent(position))
            case .success(.submit):
                return try end(.submitted)
            case .success(.quit):
                return leave()
            case .success(.undo):
                emit(
                    .error(
                        message:
                            "undo is for practice; change an answer with {\"command\":\"goto\",\"index\":N}"))
                emit(questionEvent(position))
            case .success(.flag(let note)):
                try attempt.flag(position, note: note)
                emit(.flagged(id: attempt.presented[position - 1].question.id))
            case .success(.answer(let answer, _)):
                let shown = attempt.presented[position - 1]
                if let problem = shown.validate(answer) {
                    emit(.error(message: problem))
                    emit(questionEvent(position))
                    continue
                }
                if try attempt.answer(answer, at: position) == .timeUp { return try end(.timedOut) }
                guard let next = attempt.nextUnanswered(after: position) else { return try end(.submitted) }
                position = next
                emit(questionEvent(position))
            }
        }
    }

    private func end(_ ending: ExamEnding) throws -> ExamResult {
        let result = try finish(ending)
        emit(Self.resultEvent(result, certificate: certificatePath(), pending: certificatePending))
        return result
    }

    private func leave() -> ExamResult? {
        emit(
            .saved(
                .init(
                    attempt: attempt.start.attemptID, answered: attempt.answeredCount, total: attempt.count,
                    deadline: ISO8601.format(attempt.start.deadline))))
        return nil
    }

    private func questionEvent(_ position: Int) -> SessionEvent {
        var event = JSONLSession.questionEvent(
            attempt.presented[position - 1], index: position, total: attempt.count)
        event.attempt = attempt.start.attemptID
        event.secondsLeft = max(0, Int(attempt.secondsLeft.rounded(.up)))
        event.answered = attempt.answeredCount
        event.given = attempt.answers[position]?.answer
        return .question(event)
    }

    /// The `result` event of docs/PROTOCOL.md.
    /// `pending`: a pass is certified later, at the manager's desk (`certificate_pending`).
    public static func resultEvent(_ result: ExamResult, certificate: String?, pending: Bool = false)
        -> SessionEvent
    {
        .result(
            .init(
                attempt: result.attemptID, passed: result.passed, score: result.score,
                categories: result.categories, reasons: result.reasons, certificate: certificate,
                certificatePending: pending && certificate == nil && result.passed,
                ending: result.ending.rawValue, answered: result.items.filter { $0.answer != nil }.count,
                total: result.items.count))
    }

    /// The `refused` event of docs/PROTOCOL.md.
    public static func refusedEvent(_ reasons: [String]) -> SessionEvent {
        .refused(reasons: reasons)
    }

    private func emit(_ event: SessionEvent) {
        write(event.line)
    }
}
