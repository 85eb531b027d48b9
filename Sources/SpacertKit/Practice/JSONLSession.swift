import Foundation
import SpacertTerminal

/// Drives a practice session over the `--jsonl` protocol of docs/PROTOCOL.md: one JSON object
/// per line each way (``SessionCommand`` in, ``SessionEvent`` out). Events go to `write`; answer and command lines come from `readLine`.
public struct JSONLSession {
    let session: PracticeSession
    let readLine: () -> String?
    let write: (String) -> Void

    public init(
        session: PracticeSession, readLine: @escaping () -> String?, write: @escaping (String) -> Void
    ) {
        self.session = session
        self.readLine = readLine
        self.write = write
    }

    /// Runs until the queue is empty, `quit`, or the end of input; answers are saved as given.
    public func run() throws {
        while let presented = session.next() {
            emit(questionEvent(presented))
            var answered = false
            while !answered {
                guard let line = readLine() else {
                    try finish()
                    return
                }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                switch SessionCommand.read(line) {
                case .failure(let failure):
                    emit(.error(message: failure.message))
                    emit(questionEvent(presented))
                case .success(.quit):
                    try finish()
                    return
                case .success(.undo):
                    if let question = try session.undo() {
                        emit(.undone(id: question.id))
                        answered = true
                    } else {
                        emit(.error(message: "there is no answer of this session to undo"))
                    }
                case .success(.flag(let note)):
                    try session.flag(note: note)
                    emit(.flagged(id: presented.question.id))
                case .success(.goto), .success(.submit):
                    emit(
                        .error(message: "goto and submit are for the exam; use an answer, quit, undo or flag")
                    )
                    emit(questionEvent(presented))
                case .success(.answer(let answer, let grade)):
                    if let problem = presented.validate(answer) {
                        emit(.error(message: problem))
                        emit(questionEvent(presented))
                        continue
                    }
                    let feedback = try session.submit(answer, grade: grade)
                    emit(Self.feedbackEvent(feedback))
                    answered = true
                }
            }
        }
        try finish()
    }

    private func finish() throws {
        emit(Self.summaryEvent(try session.summary()))
    }

    /// The question event with the session's progress: this question's place, and the
    /// answers still to come after it.
    private func questionEvent(_ presented: PresentedQuestion) -> SessionEvent {
        .question(
            Self.questionEvent(
                presented, index: session.position, total: session.position + max(0, session.remaining - 1)))
    }

    private func emit(_ event: SessionEvent) {
        write(event.line)
    }

    static func questionEvent(_ presented: PresentedQuestion, index: Int, total: Int)
        -> SessionEvent.QuestionEvent
    {
        let question = presented.question
        let keyed = { (items: [KeyedText]) in items.map { SessionEvent.Item(key: $0.key, text: $0.text) } }
        let match = question.type == .match
        return SessionEvent.QuestionEvent(
            id: question.id, bank: question.bankID, category: question.category.rawValue,
            type: question.type.rawValue, prompt: question.prompt, scenario: question.scenario,
            critical: question.critical, choices: match ? nil : keyed(presented.items),
            left: match ? keyed(presented.left) : nil, right: match ? keyed(presented.right) : nil,
            progress: .init(index: index, total: max(index, total)))
    }

    static func feedbackEvent(_ feedback: Feedback) -> SessionEvent {
        let question = feedback.presented.question
        return .feedback(
            .init(
                id: question.id, correct: feedback.graded.correct, score: feedback.graded.score,
                expected: feedback.expected, explanation: question.explanation,
                source: .init(
                    title: question.source.title, url: question.source.url, article: question.source.article,
                    section: question.source.section),
                rating: feedback.rating.rawValue))
    }

    static func summaryEvent(_ summary: SessionSummary) -> SessionEvent {
        var categories: [String: SessionEvent.Count] = [:]
        for (category, entry) in summary.tally.byCategory {
            categories[category.rawValue] = .init(answered: entry.answered, correct: entry.correct)
        }
        return .summary(
            .init(
                answered: summary.tally.answered, correct: summary.tally.correct,
                percent: (summary.percentCorrect * 10).rounded() / 10, categories: categories,
                elapsedSeconds: Int(summary.elapsed.rounded()), dueLaterToday: summary.dueLaterToday,
                dueTomorrow: summary.dueTomorrow, dueThisWeek: summary.dueThisWeek,
                missed: summary.missed.map { .init(id: $0.id, prompt: $0.prompt, times: $0.times) }))
    }
}
