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
    public static let minimumSize = TerminalSize(columns: 40, rows: 12)

    let session: PracticeSession
    let style: Style
    private let screen = Screen()
    private var mode: Mode = .answering
    private var presented: PresentedQuestion?
    /// Picked keys: the selection (single, multiple), the sequence (order) or pairs (match).
    private var picked: [String] = []
    private var cursor = 0
    private var pendingLeft: String?
    private var pairs: [(left: String, right: String)] = []
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
        resetInput()
        presented = session.next()
    }

    private func undo() throws {
        if let question = try session.undo() {
            notice = "Undone: \(question.id) will be asked again."
            lastFeedback = nil
            mode = .answering
            resetInput()
            presented = session.next()
        } else {
            notice = "Nothing to undo in this session."
        }
    }

    private func resetInput() {
        picked = []
        pairs = []
        pendingLeft = nil
        cursor = 0
    }

    private func handleAnswering(_ key: Key) throws -> Bool {
        guard let presented else { return false }
        let type = presented.question.type
        let itemKeys = type == .match ? presented.right.map(\.key) : presented.items.map(\.key)
        switch key {
        case .char(let character):
            let text = String(character).lowercased()
            if itemKeys.contains(text) {
                pick(text, type: type, presented: presented)
            } else if type == .match, presented.left.map(\.key).contains(text) {
                pendingLeft = text
            } else if text == " " {
                let keys = presented.items.map(\.key)
                if keys.indices.contains(cursor) { pick(keys[cursor], type: type, presented: presented) }
            } else if text == "?" {
                mode = .help
            } else if text == "q" {
                return false
            } else if text == "u" {
                try undo()
            } else if text == "f" {
                lastFeedback = nil
                mode = .flagging("")
            }
        case .up:
            cursor = max(0, cursor - 1)
        case .down:
            cursor = min(max(0, presented.items.count - 1), cursor + 1)
        case .backspace:
            if type == .match {
                if pendingLeft != nil { pendingLeft = nil } else if !pairs.isEmpty { pairs.removeLast() }
            } else if !picked.isEmpty {
                picked.removeLast()
            }
        case .enter:
            if type != .match, picked.isEmpty, type != .multiple, presented.items.indices.contains(cursor) {
                picked = [presented.items[cursor].key]
            }
            let answer: Answer =
                type == .match
                ? .pairs(Dictionary(pairs.map { ($0.left, $0.right) }, uniquingKeysWith: { $1 }))
                : .keys(picked)
            if let problem = presented.validate(answer) {
                notice = problem.prefix(1).uppercased() + problem.dropFirst() + "."
                return true
            }
            let feedback = try session.submit(answer)
            self.presented = nil
            lastFeedback = feedback
            mode = .feedback(feedback)
            resetInput()
        default:
            break
        }
        return true
    }

    private func pick(_ key: String, type: QuestionType, presented: PresentedQuestion) {
        switch type {
        case .single, .truefalse:
            picked = [key]
            cursor = presented.items.firstIndex { $0.key == key } ?? cursor
        case .multiple:
            if let index = picked.firstIndex(of: key) { picked.remove(at: index) } else { picked.append(key) }
            cursor = presented.items.firstIndex { $0.key == key } ?? cursor
        case .order:
            if let index = picked.firstIndex(of: key) { picked.remove(at: index) } else { picked.append(key) }
        case .match:
            let left =
                pendingLeft ?? presented.left.map(\.key).first { l in !pairs.contains { $0.left == l } }
            guard let left else { return }
            pairs.removeAll { $0.left == left || $0.right == key }
            pairs.append((left, key))
            pendingLeft = nil
        }
    }

    // MARK: drawing

    private func draw() {
        let size = TerminalSize.current()
        guard size.columns >= Self.minimumSize.columns, size.rows >= Self.minimumSize.rows else {
            _ = screen.draw(
                frameTooSmall(
                    minWidth: Self.minimumSize.columns, minHeight: Self.minimumSize.rows, size: size),
                size: size)
            return
        }
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
            guard let presented else { return }
            body = questionLines(presented, width: width, feedback: nil)
            body.append("")
            body += wrap(inputLine(presented), width: width)
            footer = answeringKeys(presented.question.type)
        }
        var lines = [style.reverse(truncate(progressLine(), width: width).padding(toLength: width))]
        lines.append("")
        lines += body
        if let notice { lines += ["", style.yellow(notice)].flatMap { wrap($0, width: width) } }
        let footerLines = wrap(footer, width: width).map { style.dim($0) }
        let room = size.rows - footerLines.count
        if lines.count > room { lines = Array(lines.prefix(max(1, room - 1))) + [style.dim("…")] }
        while lines.count < room { lines.append("") }
        lines += footerLines
        var frame = Frame()
        for line in lines { frame.append(line) }
        _ = screen.draw(frame, size: size)
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

    private func questionLines(_ presented: PresentedQuestion, width: Int, feedback: Feedback?) -> [String] {
        let question = presented.question
        var lines = [
            style.cyan(SessionText.heading(presented, kind: feedback == nil ? session.currentKind : nil))
        ]
        if let scenario = question.scenario {
            lines += wrap(sanitize(scenario), width: width).map { style.dim($0) }
            lines.append("")
        }
        lines += wrap(sanitize(question.prompt), width: width).map { style.bold($0) }
        lines.append("")
        let expectedKeys: Set<String>
        if case .keys(let keys)? = feedback?.expected { expectedKeys = Set(keys) } else { expectedKeys = [] }
        switch question.type {
        case .match:
            for item in presented.left {
                let pair = pairs.first { $0.left == item.key }?.right
                let mark = pair.map { " → \($0)" } ?? (pendingLeft == item.key ? " → _" : "")
                lines += wrap(
                    "\(item.key)) \(sanitize(item.text))\(mark)", width: width, indent: "  ",
                    hangingIndent: "     ")
            }
            lines.append("")
            for item in presented.right {
                lines += wrap(
                    "\(item.key)) \(sanitize(item.text))", width: width, indent: "  ", hangingIndent: "     ")
            }
        default:
            for (index, item) in presented.items.enumerated() {
                let selected = picked.contains(item.key)
                var marker: String
                switch question.type {
                case .multiple: marker = selected ? "[x]" : "[ ]"
                case .order: marker = picked.firstIndex(of: item.key).map { "(\($0 + 1))" } ?? "( )"
                default: marker = selected ? "(•)" : "( )"
                }
                if feedback != nil {
                    marker = expectedKeys.contains(item.key) && question.type != .order ? " ✓ " : "   "
                }
                let pointer = feedback == nil && index == cursor ? "›" : " "
                var text = wrap("\(item.key)) \(sanitize(item.text))", width: width - 6)
                if text.isEmpty { text = [""] }
                var first = "\(pointer)\(marker) \(text[0])"
                if feedback != nil && expectedKeys.contains(item.key) && question.type != .order {
                    first = style.green(first)
                }
                lines.append(first)
                lines += text.dropFirst().map { "      " + $0 }
            }
        }
        return lines
    }

    private func inputLine(_ presented: PresentedQuestion) -> String {
        switch presented.question.type {
        case .order:
            return "Your order: "
                + (picked.isEmpty ? "(type the letters, first step first)" : picked.joined(separator: " → "))
        case .match:
            let done = pairs.map { "\($0.left)\($0.right)" }.joined(separator: " ")
            return "Your pairs: "
                + (done.isEmpty
                    ? "(press a letter for item 1, then for item 2…, or a number then a letter)" : done)
        case .multiple:
            return "Selected: " + (picked.isEmpty ? "none" : picked.sorted().joined(separator: " "))
        default: return "Selected: " + (picked.first ?? "none")
        }
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

extension String {
    fileprivate func padding(toLength width: Int) -> String {
        let current = displayWidth(of: self)
        return current >= width ? self : self + String(repeating: " ", count: width - current)
    }
}
