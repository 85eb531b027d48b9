import SpacertKit
import SpacertTerminal

extension TerminalExam {
    /// The screen shown, fitted to a window of `size` (below the minimum: the too-small notice).
    func frame(size: TerminalSize) -> Frame {
        let width = size.columns
        var page: PageLayout
        switch mode {
        case .intro: page = introPage(width: width)
        case .question(let position): page = questionPage(position, width: width)
        case .review, .confirmSubmit: page = reviewPage(width: width)
        case .help: page = helpPage(width: width)
        case .result: page = resultPage(width: width)
        case .flagging(let position, let note): page = flagPage(position, note: note, width: width)
        }
        if page.notice == nil { page.notice = notice }
        page.barRight = clock()
        page.scroll = scroll
        if let focus { page.focus = focus }
        page.scrollKeys = true
        if page.overflows(size: size) {
            // On the review screen and on choices ↑/↓ move the highlight; PgUp/PgDn scroll.
            var arrows = "↑↓ PgUp/PgDn"
            if mode == .review || mode == .confirmSubmit { arrows = "PgUp/PgDn" }
            if case .question(let position) = mode, !attempt.presented[position - 1].items.isEmpty {
                arrows = "PgUp/PgDn"
            }
            var parts = page.footer.components(separatedBy: " · ")
            let first = mode == .help || mode == .intro || mode == .result
            parts.insert("\(arrows) scroll", at: first ? 0 : min(1, parts.count))
            page.footer = parts.joined(separator: " · ")
        }
        let fitted = page.frame(size: size, style: style)
        scroll = fitted.scroll
        focus = nil
        return fitted.frame
    }

    /// `41:10 left`, bold and red under five minutes; empty once graded.
    func clock() -> String {
        guard result == nil else { return "" }
        let left = attempt.secondsLeft
        let text = ExamText.timeLeft(left)
        return (left < 300 ? style.red(style.bold(text)) : text) + " "
    }

    private func introPage(width: Int) -> PageLayout {
        var body = ExamText.opening(attempt, resumed: resumed).flatMap { wrap($0, width: width) }
        body.append("")
        body += [
            "How it works",
            "  One question per screen. Pick with the letters; ⏎ saves your answer and goes on.",
            "  ←/→ move between questions and keep your picks. r shows every answer, to change any "
                + "and to submit.",
            "  q saves and leaves: the same 'spacert exam' goes on later, but the clock keeps running.",
        ].flatMap { wrap($0, width: width, hangingIndent: "  ") }
        return PageLayout(
            bar:
                " Exam · \(sanitize(attempt.start.trainee)) · \(attempt.answeredCount) of \(attempt.count) answered",
            body: body,
            footer: [resumed ? "⏎ go on" : "⏎ start", "? help", "q save & leave"].joined(separator: " · "))
    }

    private func questionPage(_ position: Int, width: Int) -> PageLayout {
        let presented = attempt.presented[position - 1]
        let picker = picker(at: position)
        let layout = QuestionView.layout(presented, picker: picker, style: style, width: width)
        questionRows = layout.rows
        var body = layout.lines
        body.append("")
        body += wrap(QuestionView.picksLine(picker), width: width)
        body += wrap(savedLine(position, picker: picker), width: width).map { style.dim($0) }
        return PageLayout(
            bar: " [\(position)/\(attempt.count)] " + SessionText.heading(presented, kind: nil), body: body,
            footer: questionKeys(picker, width: width))
    }

    /// `Saved: a c · 3 of 8 answered`, or what is not saved yet.
    private func savedLine(_ position: Int, picker: AnswerPicker) -> String {
        let saved = attempt.answers[position]?.answer
        var state = saved.map { "Saved: " + ExamText.answerKeys($0) } ?? "Not answered yet"
        if !picker.isEmpty, picker.answer() != saved {
            state += saved == nil ? "; ⏎ saves your picks" : "; your new picks are not saved yet (⏎ saves)"
        }
        return state + " · \(attempt.answeredCount) of \(attempt.count) answered"
    }

    /// The keys that work on a question, leaving out letters the question's items take; in
    /// short words on a narrow window.
    private func questionKeys(_ picker: AnswerPicker, width: Int) -> String {
        let taken = Set(picker.pickingKeys)
        let short = width < 70
        let keys = QuestionView.pickingKeys(picker)
        var parts: [String]
        switch picker.type {
        case .single, .truefalse: parts = ["\(keys) pick"]
        case .multiple: parts = [short ? "\(keys) toggle" : "\(keys) or space toggle"]
        case .order: parts = ["\(keys) in order", "⌫ back"]
        case .match: parts = ["\(keys) pair", "⌫ back"]
        }
        if short {
            parts.append("⏎ save")
            parts.append("←/→ move")
        } else {
            parts.append(fromReview ? "⏎ save & review" : "⏎ save & next")
            let letters = taken.contains("p") || taken.contains("n") ? "" : " or p/n"
            parts.append("←/→\(letters) prev/next")
        }
        parts.append(taken.contains("r") ? "Esc review" : "r review")
        parts.append("\(SessionText.flagKey) flag")
        parts.append("? help")
        let leave = short ? "leave" : "save & leave"
        parts.append(taken.contains("q") ? "Ctrl-D \(leave)" : "q \(leave)")
        return parts.joined(separator: " · ")
    }

    private func flagPage(_ position: Int, note: String, width: Int) -> PageLayout {
        var body = wrap(
            "Flag question \(position) for the editors: what is wrong or unclear? The clock keeps running.",
            width: width)
        body.append("")
        body += wrap("> " + note + "▏", width: width)
        // The line being typed stays in sight however long the note grows.
        return PageLayout(
            bar: " [\(position)/\(attempt.count)] Flag for the editors", body: body,
            footer: "⏎ save · Esc cancel", focus: body.count - 1)
    }

    private func reviewPage(width: Int) -> PageLayout {
        let open = attempt.count - attempt.answeredCount
        var body = [
            open == 0
                ? "Every question has an answer. s submits."
                : "\(open) not answered: \(open == 1 ? "it scores" : "they score") 0 if you submit now."
        ]
        let unsaved = unsavedPositions
        if !unsaved.isEmpty {
            body.append(
                "Picks not complete, so not saved, on " + unsaved.map(String.init).joined(separator: ", ")
                    + ".")
        }
        body = body.flatMap { wrap($0, width: width) }
        body.append("")
        let top = body.count
        for (index, line) in ExamText.review(attempt, width: width - 2).enumerated() {
            body.append(index == reviewCursor ? style.reverse("› " + line) : "  " + line)
        }
        var page = PageLayout(
            bar: " Review · \(attempt.answeredCount) of \(attempt.count) answered", body: body,
            footer: "↑/↓ choose · ⏎ open · s submit · ? help · q " + (width < 70 ? "leave" : "save & leave"),
            focus: top + reviewCursor)
        if mode == .confirmSubmit {
            var question = ExamText.confirmSubmit(unanswered: open)
            if !unsaved.isEmpty {
                question =
                    "Picks on \(unsaved.map(String.init).joined(separator: ", ")) are not saved. " + question
            }
            page.notice = question + " (y/n)"
            page.footer = "y submit · n go back"
        }
        return page
    }

    private func helpPage(width: Int) -> PageLayout {
        let lines = [
            "How to answer",
            "  One answer: press its letter (or move with ↑↓ and press space).",
            "  Select all that apply: press each letter (or space on the highlighted one).",
            "  Put in order: press the letters in order, first step first; ⌫ takes the last back.",
            "  Match: press a letter for item 1, then item 2, and so on; or a number then a letter.",
            "",
            "Saving and moving",
            "  ⏎ saves the answer and goes on. ←/→ (or p/n) go to the question before or after; "
                + "complete picks are saved as you go, incomplete ones are kept until you finish them.",
            "  A saved answer can be changed until you submit; it cannot be taken back to none.",
            "  r: the review screen, with every answer; ⏎ there opens a question, s submits.",
            "  \(SessionText.flagKey) flags the question shown for the editors, with a note; it does not change the answer.",
            "  A screen taller than the window says 'more ↓': PgDn/PgUp (and ↑/↓ or j/k where they "
                + "do not move a highlight) scroll it.",
            "",
            "Time and leaving",
            "  The time left is at the top right. When it runs out, the answers saved are graded.",
            "  q, Ctrl-D or Ctrl-C save and leave; the same 'spacert exam' goes on, the clock keeps running.",
            "  There is no feedback until the result.",
        ]
        return PageLayout(
            bar: " Help", body: lines.flatMap { wrap($0, width: width, hangingIndent: "    ") },
            footer: "other keys: back")
    }

    private func resultPage(width: Int) -> PageLayout {
        guard let result else { return PageLayout(bar: " Result", body: [], footer: "any key: close") }
        var body: [String] = []
        for (index, line) in resultLines(result).enumerated() {
            let wrapped = wrap(line, width: width, hangingIndent: "    ")
            guard index == 0 else {
                body += wrapped
                continue
            }
            body += wrapped.map { result.passed ? style.green(style.bold($0)) : style.red(style.bold($0)) }
        }
        return PageLayout(bar: " Result · attempt \(result.attemptID)", body: body, footer: "any key: close")
    }
}
