import Foundation
import SpacertTerminal

/// Drives a practice session over the `--jsonl` protocol of `PROTOCOL.md`: one JSON object
/// per line each way. Events go to `write`; answer and command lines come from `readLine`.
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
            emit(
                questionEvent(presented))
            var answered = false
            while !answered {
                guard let line = readLine() else {
                    try finish()
                    return
                }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                switch Self.parse(line) {
                case .failure(let failure):
                    emit(["event": "error", "message": failure.message])
                    emit(
                        questionEvent(presented))
                case .success(.quit):
                    try finish()
                    return
                case .success(.undo):
                    if let question = try session.undo() {
                        emit(["event": "undone", "id": question.id])
                        answered = true
                    } else {
                        emit(["event": "error", "message": "there is no answer of this session to undo"])
                    }
                case .success(.flag(let note)):
                    try session.flag(note: note)
                    emit(["event": "flagged", "id": presented.question.id])
                case .success(.answer(let answer, let grade)):
                    if let problem = presented.validate(answer) {
                        emit(["event": "error", "message": problem])
                        emit(
                            questionEvent(presented))
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
    /// questions still planned after it.
    private func questionEvent(_ presented: PresentedQuestion) -> [String: Any] {
        Self.questionEvent(
            presented, index: session.position, total: session.position + max(0, session.remaining - 1))
    }

    private func emit(_ object: [String: Any]) {
        write(Self.encode(object))
    }

    /// A driver's line, understood.
    enum Line {
        case answer(Answer, AnswerGrade?)
        case quit, undo
        case flag(String)
    }

    static func parse(_ line: String) -> Result<Line, ParseFailure> {
        if line == InputLines.tooLong { return .failure(ParseFailure(InputLines.tooLongMessage)) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .failure(
                ParseFailure("not a JSON object: expected {\"answer\":[...]} or {\"command\":\"quit\"}"))
        }
        if let command = object["command"] {
            switch command as? String {
            case "quit": return .success(.quit)
            case "undo": return .success(.undo)
            case "flag":
                let note = object["note"] as? String ?? ""
                if let problem = ProgressStore.flagNoteProblem(note) {
                    return .failure(ParseFailure(problem))
                }
                return .success(.flag(note))
            default: return .failure(ParseFailure("unknown command \(command); use quit, undo or flag"))
            }
        }
        var grade: AnswerGrade?
        if let value = object["grade"] {
            guard let text = value as? String, let parsed = AnswerGrade(rawValue: text) else {
                return .failure(ParseFailure("grade must be \"hard\", \"good\" or \"easy\""))
            }
            grade = parsed
        }
        switch object["answer"] {
        case let keys as [Any]:
            guard let strings = keys as? [String] else {
                return .failure(ParseFailure("answer keys must be strings"))
            }
            return .success(.answer(.keys(strings), grade))
        case let pairs as [String: Any]:
            guard let strings = pairs as? [String: String] else {
                return .failure(ParseFailure("match answers map keys to keys"))
            }
            return .success(.answer(.pairs(strings), grade))
        case nil:
            return .failure(ParseFailure("no \"answer\" or \"command\" in the line"))
        default:
            return .failure(ParseFailure("answer must be a list of keys or an object of pairs"))
        }
    }

    struct ParseFailure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func questionEvent(_ presented: PresentedQuestion, index: Int, total: Int) -> [String: Any] {
        let question = presented.question
        var event: [String: Any] = [
            "event": "question", "id": question.id, "bank": question.bankID,
            "category": question.category.rawValue,
            "type": question.type.rawValue, "prompt": question.prompt, "critical": question.critical,
            "progress": ["index": index, "total": max(index, total)],
        ]
        if let scenario = question.scenario { event["scenario"] = scenario }
        let keyed = { (items: [KeyedText]) in items.map { ["key": $0.key, "text": $0.text] } }
        if question.type == .match {
            event["left"] = keyed(presented.left)
            event["right"] = keyed(presented.right)
        } else {
            event["choices"] = keyed(presented.items)
        }
        return event
    }

    static func feedbackEvent(_ feedback: Feedback) -> [String: Any] {
        let question = feedback.presented.question
        return [
            "event": "feedback", "id": question.id, "correct": feedback.graded.correct,
            "score": feedback.graded.score,
            "expected": feedback.expected.jsonObject, "explanation": question.explanation,
            "source": sourceObject(question.source),
            "rating": feedback.rating.rawValue,
        ]
    }

    /// A source as JSON: its title, and the seed article and section or the web address.
    static func sourceObject(_ source: Citation) -> [String: Any] {
        var object: [String: Any] = ["title": source.title]
        if let article = source.article { object["article"] = article }
        if let section = source.section { object["section"] = section }
        if let url = source.url { object["url"] = url }
        return object
    }

    static func summaryEvent(_ summary: SessionSummary) -> [String: Any] {
        var categories: [String: Any] = [:]
        for (category, entry) in summary.tally.byCategory {
            categories[category.rawValue] = ["answered": entry.answered, "correct": entry.correct]
        }
        return [
            "event": "summary", "answered": summary.tally.answered, "correct": summary.tally.correct,
            "percent": (summary.percentCorrect * 10).rounded() / 10, "categories": categories,
            "elapsed_seconds": Int(summary.elapsed.rounded()), "due_tomorrow": summary.dueTomorrow,
            "due_this_week": summary.dueThisWeek,
        ]
    }

    /// One protocol line: `object` with `"version": 1`, keys sorted.
    public static func encode(_ object: [String: Any]) -> String {
        var object = object
        object["version"] = 1
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return escapeControlsForJSON(String(decoding: data, as: UTF8.self))
    }
}
