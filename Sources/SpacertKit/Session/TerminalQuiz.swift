import Foundation
import SpacertTerminal

/// The practice session on a terminal: single keypresses, the keys that work always on
/// screen, immediate feedback, undo, flags, resize, and a summary at the end.
public final class TerminalQuiz {
    /// How a session ended.
    public enum Outcome: Sendable, Equatable {
        case finished, quit, interrupted
    }

    private enum Mode {
        case answering
        case feedback(Feedback)
        case help
        case flagging(String)
    }

    /// The smallest window the quiz draws in.
    public static let minimumSize = PageLayout.minimumSize

    let session: PracticeSession
    let style: Style
    private let screen = Screen()
    private var mode: Mode = .answering
    /// The question being answered; a new one starts with nothing picked.
    private var presented: PresentedQuestion? {
        didSet { picker = presented.map { AnswerPicker($0) } }
    }
    /// The picks on the question being answered.
    private var picker: AnswerPicker?
    private var notice: String?

    public init(session: PracticeSession, style: Style) {
        self.session = session
        self.style = style
    }

    /// Runs the session in raw mode on the alternate screen; prints the summary after.
    public func run() throws -> Outcome {
        let terminal = RawTerminal()
        try terminal.enter(hideCursor: true, alternateScreen: true)
        var outcome = Outcome.finished
        do {
            outcome = try loop()
        } catch {
            terminal.restore()
            throw error
        }
        terminal.restore()
        let summary = try session.summary()
        let output = LineOutput.standardOutput
        for line in SessionText.summary(summary) { _ = output.writeLine(line) }
        return outcome
    }

    private func loop() throws -> Outcome {
        var reader = KeyReader()
        presented = session.next()
        while presented != nil || !isAnswering {
            draw()
            let key = reader.next()
            switch key {
            case .ctrl("c"): return .interrupted
            case .eof, .ctrl("d"): return .quit
            case .resize: continue
            default: break
            }
            if try handle(key) == false { return .quit }
        }
        return .finished
    }

    private var isAnswering: Bool {
        if case .answering = mode { return true }
        return false
    }

    private var isFeedback: Bool {
        if case .feedback = mode { return true }
        return false
    }

    // MARK: keys

    /// Returns false to quit.
    private func handle(_ key: Key) throws -> Bool {
        notice = nil
        switch mode {
        case .help:
            mode = .answering
            return true
        case .flagging(let note):
            switch key {
            case .enter:
                if let question = currentOrLastQuestion {
                    try session.flag(question, note: note)
                    notice = "Flagged \(question.id) for the editors."
                }
                mode = lastFeedback.map(Mode.feedback) ?? .answering
            case .escape:
                mode = lastFeedback.map(Mode.feedback) ?? .answering
            case .backspace:
                mode = .flagging(String(note.dropLast()))
            case .char(let character):
                mode = .flagging(note + String(character))
            default:
                break
            }
            return true
        case .feedback(let feedback):
            switch key {
            case .char("q"): return false
            case .char("u"):
                try undo()
            case .char("f"):
                lastFeedback = feedback
                mode = .flagging("")
            case .char("h") where feedback.graded.correct:
                try session.regradeLast(.hard)
                advance()
            case .char("e") where feedback.graded.correct:
                try session.regradeLast(.easy)
                advance()
            case .enter, .char(" "), .char("n"), .char("g"):
                advance()
            case .char("?"):
                notice = "Enter: next question · h/e: it was hard/easy · u: undo · f: flag · q: quit"
            default:
                break
            }
            return true
        case .answering:
            return try handleAnswering(key)
        }
    }

    private var lastFeedback: Feedback?

    private var currentOrLastQuestion: Question? {
        if case .feedback(let feedback) = mode { return feedback.presented.question }
        return lastFeedback?.presented.question ?? presented?.question
    }

    private func advance() {
        lastFeedback = nil
        mode = .answering
        presented = session.next()
    }

    private func undo() throws {
        if let question = try session.undo() {
            notice = "Undone: \(question.id) will be asked again."
            lastFeedback = nil
            mode = .answering
            presented = session.next()
        } else {
            notice = "Nothing to undo in this session."
        }
    }

    private func handleAnswering(_ key: Key) throws -> Bool {
        guard let presented, var picker else { return false }
        if picker.handle(key) {
            self.picker = picker
            return true
        }
        switch key {
        case .char("?"):
            mode = .help
        case .char("q"), .char("Q"):
            return false
        case .char("u"), .char("U"):
            try undo()
        case .char("f"), .char("F"):
            lastFeedback = nil
            mode = .flagging("")
        case .enter:
            let answer =
                picker.answer(cursorFallback: true)
                ?? (presented.question.type == .match ? .pairs([:]) : .keys([]))
            if let problem = presented.validate(answer) {
                notice = problem.prefix(1).uppercased() + problem.dropFirst() + "."
                return true
            }
            let feedback = try session.submit(answer)
            self.presented = nil
            lastFeedback = feedback
            mode = .feedback(feedback)
        default:
            break
        }
        return true
    }

    // MARK: drawing

    private func draw() {
        let size = TerminalSize.current()
        let width = size.columns
        var body: [String] = []
        var footer: String
        switch mode {
        case .help:
            body = helpLines(width: width)
            footer = "any key: back"
        case .flagging(let note):
            body = ["Flag \(currentOrLastQuestion?.id ?? "") for the editors: what is wrong or unclear?", ""]
            body += wrap("> " + note + "▏", width: width)
            footer = "Enter: save · Esc: cancel"
        case .feedback(let feedback):
            let question = feedback.presented.question
            body = [style.cyan(SessionText.heading(feedback.presented, kind: nil))]
            body += wrap(sanitize(question.prompt), width: width).map { style.bold($0) }
            let shown = SessionText.feedback(feedback)
            body.append("")
            let verdict =
                feedback.graded.correct
                ? style.green(style.bold("✓ " + shown.verdict)) : style.red(style.bold("✗ " + shown.verdict))
            body.append(verdict)
            for line in shown.lines { body += wrap(line, width: width, indent: "  ", hangingIndent: "  ") }
            footer =
                feedback.graded.correct
                ? "Enter: next · h: was hard · e: was easy · u: undo · f: flag · q: quit"
                : "Enter: next · u: undo · f: flag · q: quit"
        case .answering:
            guard let presented, let picker else { return }
            body = [style.cyan(SessionText.heading(presented, kind: session.currentKind))]
            body += QuestionView.lines(presented, picker: picker, style: style, width: width)
            body.append("")
            body += wrap(QuestionView.picksLine(picker), width: width)
            footer = answeringKeys(presented.question.type)
        }
        let page = PageLayout(bar: progressLine(), body: body, notice: notice, footer: footer)
        _ = screen.draw(page.frame(size: size, style: style).frame, size: size)
    }

    private func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String? = nil)
        -> [String]
    {
        SpacertTerminal.wrap(text, width: width, indent: indent, hangingIndent: hangingIndent ?? indent)
    }

    private func progressLine() -> String {
        let tally = session.tally
        let wrong = tally.answered - tally.correct
        let elapsed = SessionText.duration(Date().timeIntervalSince(session.startTime))
        return
            " spacert · \(session.trainee.name) · Q\(tally.answered + (isFeedback ? 0 : 1)) · ✓\(tally.correct) ✗\(wrong) · \(session.remaining) left · \(elapsed)"
    }

    private func answeringKeys(_ type: QuestionType) -> String {
        let pick: String
        switch type {
        case .single, .truefalse: pick = "a–z: choose · ↑↓: move"
        case .multiple: pick = "a–z or space: toggle · ↑↓: move"
        case .order: pick = "letters: next step · ⌫: back"
        case .match: pick = "1–9 then a–z: pair · ⌫: back"
        }
        return pick + " · Enter: submit · u: undo · f: flag · ?: help · q: quit"
    }

    private func helpLines(width: Int) -> [String] {
        [
            "How to answer",
            "  One answer: press its letter (or move with ↑↓), then Enter.",
            "  Select all that apply: press each letter (or space on the highlighted one), then Enter.",
            "  Put in order: press the letters in order, first step first; ⌫ takes the last back.",
            "  Match: press a letter for item 1, then item 2, and so on; or a number then a letter.",
            "",
            "After answering",
            "  Enter: next question. If it felt hard or easy, press h or e instead: the question",
            "  comes back sooner or later. u undoes the last answer; f flags a question for editors.",
            "",
            "Every answer is saved as you give it. q or Ctrl-C stops; the next 'spacert quiz' goes on.",
        ].flatMap { wrap($0, width: width) }
    }
}
