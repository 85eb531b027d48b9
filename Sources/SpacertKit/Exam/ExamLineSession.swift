import Foundation

/// An exam as plain lines: each question in turn, then a review screen to change answers
/// before submitting. No feedback until the result.
public struct ExamLineSession {
    let attempt: ExamAttempt
    let resumed: Bool
    let readLine: () -> String?
    let write: (String) -> Void
    let finish: (ExamEnding) throws -> ExamResult

    public init(
        attempt: ExamAttempt, resumed: Bool, readLine: @escaping () -> String?,
        write: @escaping (String) -> Void,
        finish: @escaping (ExamEnding) throws -> ExamResult
    ) {
        self.attempt = attempt
        self.resumed = resumed
        self.readLine = readLine
        self.write = write
        self.finish = finish
    }

    /// What one question's prompt led to.
    enum Step {
        case answered, skipped, review, leave, timeUp
    }

    /// Runs until submitted or out of time (the result), or until the trainee leaves (nil).
    @discardableResult
    public func run() throws -> ExamResult? {
        ExamText.opening(attempt, resumed: resumed).forEach(write)
        var position = attempt.nextUnanswered(after: 0)
        // First pass: every unanswered question in turn.
        while let current = position {
            switch try ask(current) {
            case .answered, .skipped:
                position = ((current + 1)..<(attempt.count + 1)).first { attempt.answers[$0] == nil }
            case .review: position = nil
            case .leave: return leave()
            case .timeUp: return try finish(.timedOut)
            }
        }
        // The review screen until submitted.
        while true {
            if attempt.isOverTime { return try finish(.timedOut) }
            write("")
            write(
                "Review (\(attempt.answeredCount) of \(attempt.count) answered, \(ExamText.timeLeft(attempt.secondsLeft))):"
            )
            ExamText.review(attempt).forEach(write)
            write("number to change an answer, s to submit, q to save and leave> ")
            guard let line = readLine() else { return leave() }
            let text = line.trimmingCharacters(in: .whitespaces).lowercased()
            if text == "q" || text == "quit" { return leave() }
            if text == "s" || text == "submit" {
                let open = attempt.count - attempt.answeredCount
                if open > 0 {
                    write(ExamText.confirmSubmit(unanswered: open) + " (y/n)> ")
                    guard let confirm = readLine() else { return leave() }
                    guard confirm.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") else {
                        continue
                    }
                }
                return try finish(attempt.isOverTime ? .timedOut : .submitted)
            }
            guard let number = Int(text), (1...attempt.count).contains(number) else {
                if !text.isEmpty { write("type a number from 1 to \(attempt.count), s or q") }
                continue
            }
            switch try ask(number) {
            case .leave: return leave()
            case .timeUp: return try finish(.timedOut)
            case .answered, .skipped, .review: continue
            }
        }
    }

    private func ask(_ position: Int) throws -> Step {
        let presented = attempt.presented[position - 1]
        write("")
        write(ExamText.heading(attempt, position: position))
        SessionText.question(presented).forEach(write)
        if let given = attempt.answers[position] {
            write("Your answer so far: " + ExamText.answerKeys(given.answer))
        }
        while true {
            write(
                "answer (\(TypedAnswer.hint(for: presented.question.type)); Enter skips, ! flag, r review, "
                    + "q save and leave)> "
            )
            guard let line = readLine() else { return .leave }
            if attempt.isOverTime { return .timeUp }
            let text = line.trimmingCharacters(in: .whitespaces)
            switch text.lowercased() {
            case "": return .skipped
            case "r", "review": return .review
            case "q", "quit": return .leave
            case "?", "help":
                write(TypedAnswer.hint(for: presented.question.type))
                continue
            default: break
            }
            if text.hasPrefix(String(SessionText.flagKey)) {
                let note = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
                if let problem = ProgressStore.flagNoteProblem(note) {
                    write(problem)
                } else {
                    try attempt.flag(position, note: note)
                    write("flagged question \(position) for the editors")
                }
                continue
            }
            switch TypedAnswer.read(text, for: presented) {
            case .failure(let problem): write(problem.message)
            case .success(let answer):
                return try attempt.answer(answer, at: position) == .saved ? .answered : .timeUp
            }
        }
    }

    private func leave() -> ExamResult? {
        write(ExamText.leaving(attempt))
        return nil
    }
}
