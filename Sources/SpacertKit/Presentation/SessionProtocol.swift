import Foundation
import SpacertTerminal

/// One line a driver writes in a `--jsonl` session (docs/PROTOCOL.md): an answer, or a command.
///
/// Decoding a line that is not one gives a ``SessionProtocolError`` whose message says why.
public enum SessionCommand: Sendable, Hashable, Codable {
    /// `{"answer":["b"]}`, `{"answer":{"1":"b"}}`, with `"grade":"hard"|"good"|"easy"` optional.
    case answer(Answer, grade: AnswerGrade?)
    /// `{"command":"quit"}`: leave; everything answered is kept.
    case quit
    /// `{"command":"undo"}`: take back the last answer (practice).
    case undo
    /// `{"command":"flag","note":"..."}`: flag the question shown for the editors.
    case flag(note: String)
    /// `{"command":"goto","index":N}`: show exam question N again (exam).
    case goto(index: Int)
    /// `{"command":"submit"}`: submit the exam now (exam).
    case submit

    private enum Keys: String, CodingKey {
        case command, answer, grade, note, index
    }

    public init(from decoder: Decoder) throws {
        let container: KeyedDecodingContainer<Keys>
        do {
            container = try decoder.container(keyedBy: Keys.self)
        } catch {
            throw SessionProtocolError.notAnObject
        }
        if container.contains(.command) {
            guard let command = try? container.decode(String.self, forKey: .command) else {
                throw SessionProtocolError("the command must be a string: quit, undo, flag, goto or submit")
            }
            switch command {
            case "quit": self = .quit
            case "undo": self = .undo
            case "submit": self = .submit
            case "flag":
                let note = (try? container.decodeIfPresent(String.self, forKey: .note)) ?? ""
                if let problem = ProgressStore.flagNoteProblem(note) { throw SessionProtocolError(problem) }
                self = .flag(note: note)
            case "goto":
                guard let index = try? container.decode(Int.self, forKey: .index) else {
                    throw SessionProtocolError("goto needs an \"index\", the question's number from 1")
                }
                self = .goto(index: index)
            default:
                throw SessionProtocolError(
                    "unknown command \"\(command)\"; use quit, undo, flag, goto or submit")
            }
            return
        }
        var grade: AnswerGrade?
        if container.contains(.grade) {
            guard let parsed = try? container.decode(AnswerGrade.self, forKey: .grade) else {
                throw SessionProtocolError("grade must be \"hard\", \"good\" or \"easy\"")
            }
            grade = parsed
        }
        guard container.contains(.answer) else {
            throw SessionProtocolError("no \"answer\" or \"command\" in the line")
        }
        guard let answer = try? container.decode(Answer.self, forKey: .answer) else {
            throw SessionProtocolError(
                "answer must be a list of keys (strings) or an object of pairs of keys, for example {\"1\":\"b\"}"
            )
        }
        self = .answer(answer, grade: grade)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .answer(let answer, let grade):
            try container.encode(answer, forKey: .answer)
            try container.encodeIfPresent(grade, forKey: .grade)
        case .quit: try container.encode("quit", forKey: .command)
        case .undo: try container.encode("undo", forKey: .command)
        case .submit: try container.encode("submit", forKey: .command)
        case .flag(let note):
            try container.encode("flag", forKey: .command)
            try container.encode(note, forKey: .note)
        case .goto(let index):
            try container.encode("goto", forKey: .command)
            try container.encode(index, forKey: .index)
        }
    }

    /// Reads one line: the command, or the message that says why it is not one.
    public static func read(_ line: String) -> Result<SessionCommand, SessionProtocolError> {
        if line == InputLines.tooLong { return .failure(SessionProtocolError(InputLines.tooLongMessage)) }
        do {
            return .success(try JSONDecoder().decode(SessionCommand.self, from: Data(line.utf8)))
        } catch let error as SessionProtocolError {
            return .failure(error)
        } catch {
            return .failure(.notAnObject)
        }
    }
}

/// Why a driver's line was not taken, in words for the `error` event.
public struct SessionProtocolError: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }

    static let notAnObject = SessionProtocolError(
        "not a JSON object: expected {\"answer\":[...]} or {\"command\":\"quit\"}")
}

/// One line `spacert quiz --jsonl` or `spacert exam --jsonl` writes (docs/PROTOCOL.md): the
/// event's name is its `"event"` field, and every line has `"version": 1`.
public enum SessionEvent: Sendable, Hashable, Codable {
    case question(QuestionEvent)
    case feedback(FeedbackEvent)
    case summary(SummaryEvent)
    case error(message: String)
    case undone(id: String)
    case flagged(id: String)
    case result(ResultEvent)
    case refused(reasons: [String])
    case saved(SavedEvent)

    /// The protocol's version, on every line.
    public static let version = 1

    /// `{"key":"a","text":"..."}`: a choice, a step, or a match item.
    public struct Item: Sendable, Hashable, Codable {
        public var key: String
        public var text: String
    }

    /// Where a question stands: its number and how many there are (or are planned).
    public struct Progress: Sendable, Hashable, Codable {
        public var index: Int
        public var total: Int
    }

    /// A question to answer; the exam adds the attempt, the time left, the count answered
    /// and the answer saved before (`given`).
    public struct QuestionEvent: Sendable, Hashable, Codable {
        public var id: String
        public var bank: String
        public var category: String
        public var type: String
        public var prompt: String
        public var scenario: String?
        public var critical: Bool
        public var choices: [Item]?
        public var left: [Item]?
        public var right: [Item]?
        public var progress: Progress
        public var attempt: String?
        public var secondsLeft: Int?
        public var answered: Int?
        public var given: Answer?

        enum CodingKeys: String, CodingKey {
            case id, bank, category, type, prompt, scenario, critical, choices, left, right, progress
            case attempt, answered, given
            case secondsLeft = "seconds_left"
        }
    }

    /// The cited source of a question: its title, and the seed article's file and section, or
    /// a web page's address.
    public struct Source: Sendable, Hashable, Codable {
        public var title: String
        public var url: String?
        public var article: String?
        public var section: String?
    }

    /// Right or not after a practice answer, the right answer and why.
    public struct FeedbackEvent: Sendable, Hashable, Codable {
        public var id: String
        public var correct: Bool
        public var score: Double
        public var expected: Answer
        public var explanation: String
        public var source: Source
        /// The FSRS rating recorded: 1 again, 2 hard, 3 good, 4 easy.
        public var rating: Int
    }

    /// Answers and right answers.
    public struct Count: Sendable, Hashable, Codable {
        public var answered: Int
        public var correct: Int
    }

    /// A question missed in the session and how often.
    public struct Miss: Sendable, Hashable, Codable {
        public var id: String
        public var prompt: String
        public var times: Int
    }

    /// The end of a practice session.
    public struct SummaryEvent: Sendable, Hashable, Codable {
        public var answered: Int
        public var correct: Int
        public var percent: Double
        public var categories: [String: Count]
        public var elapsedSeconds: Int
        public var dueLaterToday: Int
        public var dueTomorrow: Int
        public var dueThisWeek: Int
        public var missed: [Miss]

        enum CodingKeys: String, CodingKey {
            case answered, correct, percent, categories, missed
            case elapsedSeconds = "elapsed_seconds"
            case dueLaterToday = "due_later_today"
            case dueTomorrow = "due_tomorrow"
            case dueThisWeek = "due_this_week"
        }
    }

    /// The end of an exam: graded and recorded.
    public struct ResultEvent: Sendable, Hashable, Codable {
        public var attempt: String
        public var passed: Bool
        public var score: Double
        public var categories: [String: Double]
        public var reasons: [String]
        /// The certificate's path on a pass, else null (always written).
        public var certificate: String?
        /// A pass recorded without the spa's key (a branch terminal on a shared store): its
        /// certificate is issued later, at the manager's desk. Always written; false otherwise.
        public var certificatePending: Bool
        public var ending: String
        public var answered: Int
        public var total: Int

        enum CodingKeys: String, CodingKey {
            case attempt, passed, score, categories, reasons, certificate, ending, answered, total
            case certificatePending = "certificate_pending"
        }

        public init(
            attempt: String, passed: Bool, score: Double, categories: [String: Double], reasons: [String],
            certificate: String?, certificatePending: Bool = false, ending: String, answered: Int, total: Int
        ) {
            self.attempt = attempt
            self.passed = passed
            self.score = score
            self.categories = categories
            self.reasons = reasons
            self.certificate = certificate
            self.certificatePending = certificatePending
            self.ending = ending
            self.answered = answered
            self.total = total
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            attempt = try container.decode(String.self, forKey: .attempt)
            passed = try container.decode(Bool.self, forKey: .passed)
            score = try container.decode(Double.self, forKey: .score)
            categories = try container.decode([String: Double].self, forKey: .categories)
            reasons = try container.decode([String].self, forKey: .reasons)
            certificate = try container.decodeIfPresent(String.self, forKey: .certificate)
            // Added after version 1's first release: a line without it is an ordinary result.
            certificatePending =
                try container.decodeIfPresent(Bool.self, forKey: .certificatePending) ?? false
            ending = try container.decode(String.self, forKey: .ending)
            answered = try container.decode(Int.self, forKey: .answered)
            total = try container.decode(Int.self, forKey: .total)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(attempt, forKey: .attempt)
            try container.encode(passed, forKey: .passed)
            try container.encode(score, forKey: .score)
            try container.encode(categories, forKey: .categories)
            try container.encode(reasons, forKey: .reasons)
            try container.encode(certificate, forKey: .certificate)
            try container.encode(certificatePending, forKey: .certificatePending)
            try container.encode(ending, forKey: .ending)
            try container.encode(answered, forKey: .answered)
            try container.encode(total, forKey: .total)
        }
    }

    /// An exam left open to resume.
    public struct SavedEvent: Sendable, Hashable, Codable {
        public var attempt: String
        public var answered: Int
        public var total: Int
        public var deadline: String
    }

    private enum Keys: String, CodingKey {
        case event, version, message, id, reasons
    }

    /// The event's name, its `"event"` field.
    public var name: String {
        switch self {
        case .question: return "question"
        case .feedback: return "feedback"
        case .summary: return "summary"
        case .error: return "error"
        case .undone: return "undone"
        case .flagged: return "flagged"
        case .result: return "result"
        case .refused: return "refused"
        case .saved: return "saved"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "version \(version), expected 1")
        }
        let name = try container.decode(String.self, forKey: .event)
        switch name {
        case "question": self = .question(try QuestionEvent(from: decoder))
        case "feedback": self = .feedback(try FeedbackEvent(from: decoder))
        case "summary": self = .summary(try SummaryEvent(from: decoder))
        case "result": self = .result(try ResultEvent(from: decoder))
        case "saved": self = .saved(try SavedEvent(from: decoder))
        case "error": self = .error(message: try container.decode(String.self, forKey: .message))
        case "undone": self = .undone(id: try container.decode(String.self, forKey: .id))
        case "flagged": self = .flagged(id: try container.decode(String.self, forKey: .id))
        case "refused": self = .refused(reasons: try container.decode([String].self, forKey: .reasons))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .event, in: container, debugDescription: "unknown event '\(name)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .question(let event): try event.encode(to: encoder)
        case .feedback(let event): try event.encode(to: encoder)
        case .summary(let event): try event.encode(to: encoder)
        case .result(let event): try event.encode(to: encoder)
        case .saved(let event): try event.encode(to: encoder)
        case .error, .undone, .flagged, .refused: break
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .event)
        try container.encode(Self.version, forKey: .version)
        switch self {
        case .error(let message): try container.encode(message, forKey: .message)
        case .undone(let id), .flagged(let id): try container.encode(id, forKey: .id)
        case .refused(let reasons): try container.encode(reasons, forKey: .reasons)
        default: break
        }
    }

    /// The event as one protocol line: keys sorted, slashes as they are, and whatever a
    /// terminal would act on (escape, C1 controls, bidi overrides from a bank) written as `\u`
    /// escapes, so the line is safe to show as it is.
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, number, bool, list or object: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return escapeControlsForJSON(String(decoding: data, as: UTF8.self))
    }
}
