import Foundation
import SpacertKit
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
    /// The screen the help goes back to.
    private var helpReturn: Mode = .answering
    /// The question being answered; a new one starts with nothing picked.
    private var presented: PresentedQuestion? {
        didSet { picker = presented.map { AnswerPicker($0) } }
    }
    /// The picks on the question being answered.
    private var picker: AnswerPicker?
    private var notice: String?
    /// The first body line shown when the screen does not fit the window.
    private var scroll = 0
    /// A body line to bring into sight on the next drawing (a pick just made), then forgotten.
    private var focus: Int?
    /// Where each item of the question shown starts in the body, by key.
    private var itemRows: [String: Int] = [:]

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

    /// Shows another screen, from its top.
    private func show(_ next: Mode) {
        mode = next
        scroll = 0
        focus = nil
    }

    /// Scrolls on ↑/↓ or j/k (a line), PgUp/PgDn (half a window), Home/End; false for other keys.
    private func scrolled(by key: Key) -> Bool {
        guard let next = PageLayout.scrolled(scroll, by: key, rows: TerminalSize.current().rows) else {
            return false
        }
        scroll = next
        focus = nil
        return true
    }

    /// Returns false to quit.
    private func handle(_ key: Key) throws -> Bool {
        notice = nil
        switch mode {
        case .help:
            if !scrolled(by: key) { show(helpReturn) }
            return true
        case .flagging(let note):
            switch key {
            case .enter:
                if let question = currentOrLastQuestion {
                    try session.flag(question, note: note)
                    notice = "Flagged \(question.id) for the editors."
                }
                show(lastFeedback.map(Mode.feedback) ?? .answering)
            case .escape:
                show(lastFeedback.map(Mode.feedback) ?? .answering)
            case .backspace:
                mode = .flagging(String(note.dropLast()))
            case .char(let character) where note.count < ProgressStore.flagNoteLimit:
                mode = .flagging(note + String(character))
            default:
                break
            }
            return true
        case .feedback(let feedback):
            if scrolled(by: key) { return true }
            switch key {
            case .char("q"), .char("Q"): return false
            case .char("u"), .char("U"):
                try undo()
            case .char(SessionText.flagKey):
                lastFeedback = feedback
                show(.flagging(""))
            case .char("h") where feedback.graded.correct:
                try session.regradeLast(.hard)
                advance()
            case .char("e") where feedback.graded.correct:
                try session.regradeLast(.easy)
                advance()
            case .enter, .char(" "), .char("n"):
                advance()
            case .char("?"):
                helpReturn = mode
                show(.help)
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
        show(.answering)
        presented = session.next()
    }

    private func undo() throws {
        if let question = try session.undo() {
            lastFeedback = nil
            show(.answering)
            presented = session.next()
            notice = "Undone: \(question.id) will be asked again."
        } else {
            notice = "Nothing to undo in this session."
        }
    }

    private func handleAnswering(_ key: Key) throws -> Bool {
        guard let presented, var picker else { return false }
        if picker.handle(key) {
            self.picker = picker
            focus = QuestionView.focusKey(picker).flatMap { itemRows[$0] }
            return true
        }
        if scrolled(by: key) { return true }
        switch key {
        case .char("?"):
            helpReturn = mode
            show(.help)
        case .char("q"), .char("Q"):
            return false
        case .char("u"), .char("U"):
            try undo()
        case .char(SessionText.flagKey):
            lastFeedback = nil
            show(.flagging(""))
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
            show(.feedback(feedback))
        default:
            break
        }
        return true
    }

    // MARK: drawing

    private func draw() {
        let size = TerminalSize.current()
        let width = size.columns
        let short = width < 70
        var body: [String] = []
        var keys: [String]
        switch mode {
        case .help:
            body = helpLines(width: width)
            keys = ["any key: back"]
        case .flagging(let note):
            body = wrap(
                "Flag \(currentOrLastQuestion?.id ?? "") for the editors: what is wrong or unclear?",
                width: width)
            body.append("")
            body += wrap("> " + note + "▏", width: width)
            keys = ["⏎ save", "Esc cancel"]
            // The line being typed stays in sight however long the note grows.
            focus = body.count - 1
        case .feedback(let feedback):
            body = feedbackLines(feedback, width: width)
            keys = ["⏎ next"]
            if feedback.graded.correct { keys += short ? ["h/e hard/easy"] : ["h was hard", "e was easy"] }
            keys += ["u undo", "\(SessionText.flagKey) flag", "? help", "q quit"]
        case .answering:
            guard let presented, let picker else { return }
            body = [style.cyan(SessionText.heading(presented, kind: session.currentKind))]
            let layout = QuestionView.layout(presented, picker: picker, style: style, width: width)
            itemRows = layout.rows.mapValues { $0 + 1 }
            body += layout.lines
            body.append("")
            body += wrap(QuestionView.picksLine(picker), width: width)
            keys = answeringKeys(picker, short: short)
        }
        var page = PageLayout(
            bar: progressLine(), body: body, notice: notice, footer: keys.joined(separator: " · "),
            scroll: scroll, focus: focus, scrollKeys: true)
        if page.overflows(size: size) {
            // ↑↓ move between choices while a question with choices is answered.
            let arrows = isAnswering && !(picker?.itemKeys.isEmpty ?? true) ? "PgUp/PgDn" : "↑↓ PgUp/PgDn"
            keys.insert("\(arrows) scroll", at: min(keys.count, isAnswering ? 1 : 0))
            if case .help = mode { keys = ["\(arrows) scroll", "any other key: back"] }
            page.footer = keys.joined(separator: " · ")
        }
        let fitted = page.frame(size: size, style: style)
        scroll = fitted.scroll
        focus = nil
        _ = screen.draw(fitted.frame, size: size)
    }

    /// The feedback screen: verdict, the question as it was asked (scenario and prompt), every
    /// choice marked ✓/✗ against the picks, the explanation and the source.
    private func feedbackLines(_ feedback: Feedback, width: Int) -> [String] {
        let question = feedback.presented.question
        let verdict = SessionText.verdict(feedback)
        var body = [
            feedback.graded.correct
                ? style.green(style.bold("✓ " + verdict)) : style.red(style.bold("✗ " + verdict)),
            "",
        ]
        if let scenario = question.scenario {
            body += wrap(sanitize(scenario), width: width)
            body.append("")
        }
        body += wrap(sanitize(question.prompt), width: width).map { style.bold($0) }
        body.append("")
        for row in SessionText.marked(feedback) {
            let symbol: String
            switch row.mark {
            case .right: symbol = style.green(row.mark.symbol)
            case .wrong: symbol = style.red(row.mark.symbol)
            case .neither: symbol = row.mark.symbol
            }
            body += wrap(symbol + " " + row.text, width: width, indent: "  ", hangingIndent: "      ")
        }
        body.append("")
        for line in SessionText.closing(feedback) { body += wrap(line, width: width, hangingIndent: "  ") }
        return body
    }

    private func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String? = nil)
        -> [String]
    {
        SpacertTerminal.wrap(text, width: width, indent: indent, hangingIndent: hangingIndent ?? indent)
    }

    private func progressLine() -> String {
        let tally = session.tally
        let wrong = tally.answered - tally.correct
        let elapsed = SessionText.duration(session.elapsed)
        return
            " spacert · \(sanitize(session.trainee.name)) · Q\(tally.answered + (isFeedback ? 0 : 1)) · ✓\(tally.correct) ✗\(wrong) · \(session.remaining) left · \(elapsed)"
    }

    /// The keys that work on a question: those that pick (by its type and items), submit,
    /// undo when there is something to undo, flag, help and quit.
    private func answeringKeys(_ picker: AnswerPicker, short: Bool) -> [String] {
        let keys = QuestionView.pickingKeys(picker)
        var parts: [String]
        switch picker.type {
        case .single, .truefalse: parts = short ? ["\(keys) pick"] : ["\(keys) pick", "↑↓ move"]
        case .multiple: parts = short ? ["\(keys) toggle"] : ["\(keys) or space toggle", "↑↓ move"]
        case .order: parts = ["\(keys) in order", "⌫ back"]
        case .match: parts = ["\(keys) pair", "⌫ back"]
        }
        parts.append("⏎ submit")
        if session.canUndo { parts.append("u undo") }
        parts += ["\(SessionText.flagKey) flag", "? help", "q quit"]
        return parts
    }

    private func helpLines(width: Int) -> [String] {
        [
            "How to answer",
            "  One answer: press its letter (or move with ↑↓), then Enter. True or false: t or f.",
            "  Select all that apply: press each letter (or space on the highlighted one), then Enter.",
            "  Put in order: press the letters in order, first step first; ⌫ takes the last back.",
            "  Match: press a letter for item 1, then item 2, and so on; or a number then a letter.",
            "",
            "Moving around",
            "  When a screen is taller than the window, 'more ↓' says so: PgDn/PgUp, j/k (and ↑↓",
            "  where they do not move between choices) scroll it.",
            "",
            "After answering",
            "  Enter: next question. If it felt hard or easy, press h or e instead: the question",
            "  comes back sooner or later. u undoes the last answer; \(SessionText.flagKey) flags a question for editors.",
            "",
            "Every answer is saved as you give it. q or Ctrl-C stops; the next 'spacert quiz' goes on.",
        ].flatMap { wrap($0, width: width) }
    }
}
