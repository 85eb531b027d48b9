import SpacertKit
import SpacertTerminal

extension TerminalExam {
    /// Handles one key on the screen shown, in a window of `size`.
    func handle(_ key: Key, size: TerminalSize) throws -> Step {
        var key = key
        if case .flagging(let position, let note) = mode {
            return try handleFlagging(key, position: position, note: note)
        }
        if case .char(let character) = key, character.isUppercase {
            // Caps Lock on: Q still leaves, S still submits (picking letters ignore case anyway).
            let lower = character.lowercased()
            if lower.count == 1, let first = lower.first { key = .char(first) }
        }
        switch key {
        case .resize:
            return .stay
        case .ctrl("c"):
            if result != nil { return .close }
            try keepPicks()
            return .interrupt
        case .eof, .ctrl("d"):
            if result != nil { return .close }
            try keepPicks()
            return .leave
        default:
            break
        }
        if mode == .result {
            return scrolled(by: key, size: size) ? .stay : .close
        }
        if attempt.isOverTime {
            try end(.timedOut)
            return .stay
        }
        guard PageLayout.fits(size) else {
            // Nothing on screen to aim at: only leaving works until the window grows.
            if key == .char("q") {
                try keepPicks()
                return .leave
            }
            return .stay
        }
        notice = nil
        let page = max(1, size.rows / 2)
        switch (key, mode) {
        case (.pageUp, .review):
            reviewCursor = max(0, reviewCursor - page)
            return .stay
        case (.pageDown, .review):
            reviewCursor = min(attempt.count - 1, reviewCursor + page)
            return .stay
        case (.pageUp, _), (.pageDown, _):
            _ = scrolled(by: key, size: size)
            return .stay
        default:
            break
        }
        if mode == .help || mode == .intro, scrolled(by: key, size: size) { return .stay }
        switch mode {
        case .intro: return try handleIntro(key)
        case .question(let position): return try handleQuestion(key, at: position)
        case .review: return try handleReview(key)
        case .confirmSubmit: return try handleConfirm(key)
        case .help:
            show(helpReturn)
            return .stay
        case .result: return .close
        case .flagging: return .stay
        }
    }

    /// ↑/↓ or j/k scroll a line, PgUp/PgDn half a window, Home/End to the top or the end;
    /// false for other keys.
    func scrolled(by key: Key, size: TerminalSize) -> Bool {
        guard let next = PageLayout.scrolled(scroll, by: key, rows: size.rows) else { return false }
        scroll = next
        focus = nil
        return true
    }

    /// Typing the note of a flag: ⏎ saves it, Esc cancels; back to the question either way.
    private func handleFlagging(_ key: Key, position: Int, note: String) throws -> Step {
        switch key {
        case .ctrl("c"):
            try keepPicks()
            return .interrupt
        case .eof, .ctrl("d"):
            try keepPicks()
            return .leave
        case .enter:
            try attempt.flag(position, note: note)
            show(.question(position))
            notice = "Flagged question \(position) for the editors; the exam goes on."
        case .escape:
            show(.question(position))
        case .backspace:
            mode = .flagging(position, String(note.dropLast()))
        case .char(let character) where note.count < ProgressStore.flagNoteLimit:
            mode = .flagging(position, note + String(character))
        default:
            break
        }
        return .stay
    }

    private func handleIntro(_ key: Key) throws -> Step {
        switch key {
        case .enter, .char(" "):
            if let first = attempt.nextUnanswered(after: 0) {
                show(.question(first))
            } else {
                openReview(at: 1)
            }
        case .char("?"):
            openHelp()
        case .char("q"):
            return .leave
        default:
            break
        }
        return .stay
    }

    private func handleQuestion(_ key: Key, at position: Int) throws -> Step {
        var picker = picker(at: position)
        if picker.handle(key) {
            pickers[position] = picker
            focus = QuestionView.focusKey(picker).flatMap { questionRows[$0] }
            return .stay
        }
        if scrolled(by: key, size: TerminalSize.current()) { return .stay }
        switch key {
        case .char(SessionText.flagKey):
            mode = .flagging(position, "")
        case .enter:
            try saveAndGoOn(from: position)
        case .left, .char("p"):
            guard position > 1 else {
                notice = "This is the first question."
                return .stay
            }
            fromReview = false
            if try leaveQuestion(position) { show(.question(position - 1)) }
        case .right, .char("n"):
            fromReview = false
            guard try leaveQuestion(position) else { return .stay }
            if position < attempt.count { show(.question(position + 1)) } else { openReview(at: position) }
        case .char("r"), .escape:
            if try leaveQuestion(position) { openReview(at: position) }
        case .char("?"):
            openHelp()
        case .char("q"):
            try keepPicks()
            return .leave
        default:
            break
        }
        return .stay
    }

    private func handleReview(_ key: Key) throws -> Step {
        let last = attempt.count - 1
        switch key {
        case .up, .char("k"): reviewCursor = max(0, reviewCursor - 1)
        case .down, .char("j"): reviewCursor = min(last, reviewCursor + 1)
        case .home: reviewCursor = 0
        case .end: reviewCursor = last
        case .enter, .char(" "), .right:
            fromReview = true
            show(.question(reviewCursor + 1))
        case .char("s"):
            if attempt.count > attempt.answeredCount || !unsavedPositions.isEmpty {
                mode = .confirmSubmit
            } else {
                try end(.submitted)
            }
        case .char("?"):
            openHelp()
        case .char("q"):
            return .leave
        default:
            break
        }
        return .stay
    }

    private func handleConfirm(_ key: Key) throws -> Step {
        switch key {
        case .char("y"), .char("Y"):
            try end(attempt.isOverTime ? .timedOut : .submitted)
        case .char("q"):
            return .leave
        default:
            mode = .review
            notice = "Not submitted."
        }
        return .stay
    }

    /// The picks on `position`: kept ones, else the saved answer, else none.
    func picker(at position: Int) -> AnswerPicker {
        pickers[position]
            ?? AnswerPicker(attempt.presented[position - 1], given: attempt.answers[position]?.answer)
    }

    /// ⏎ on a question: saves its picks (refusing incomplete ones with the reason), then goes
    /// on to the next unanswered question, or the review screen.
    private func saveAndGoOn(from position: Int) throws {
        switch try save(position, cursorFallback: true) {
        case .incomplete(let problem):
            notice = problem.prefix(1).uppercased() + problem.dropFirst() + "."
            return
        case .timeUp:
            try end(.timedOut)
            return
        case .saved, .unchanged, .nothing:
            break
        }
        let later = ((position + 1)..<(attempt.count + 1)).first { attempt.answers[$0] == nil }
        if fromReview || later == nil {
            openReview(at: fromReview ? position : attempt.nextUnanswered(after: 0) ?? position)
        } else if let later {
            show(.question(later))
        }
    }

    /// Leaving a question any other way than ⏎: saves complete picks, keeps incomplete ones
    /// (and says so). False when the time ran out meanwhile (the result is shown).
    private func leaveQuestion(_ position: Int) throws -> Bool {
        switch try save(position, cursorFallback: false) {
        case .incomplete(let problem):
            notice = "Question \(position) is not saved: \(problem). Your picks are kept."
        case .timeUp:
            try end(.timedOut)
            return false
        case .saved, .unchanged, .nothing:
            break
        }
        return true
    }

    /// Before leaving the exam: saves complete picks on the question shown.
    func keepPicks() throws {
        var shown = mode == .help ? helpReturn : mode
        if case .flagging(let position, _) = shown { shown = .question(position) }
        guard case .question(let position) = shown else { return }
        _ = try save(position, cursorFallback: false)
    }

    /// What saving a question's picks did.
    enum SaveOutcome: Equatable {
        case saved, unchanged, nothing, timeUp
        case incomplete(String)
    }

    /// Saves the picks on `position` when they make a valid answer that differs from the saved one.
    func save(_ position: Int, cursorFallback: Bool) throws -> SaveOutcome {
        let picker = picker(at: position)
        guard let answer = picker.answer(cursorFallback: cursorFallback && picker.cursorMoved) else {
            return .nothing
        }
        if let problem = attempt.presented[position - 1].validate(answer) { return .incomplete(problem) }
        guard attempt.answers[position]?.answer != answer else {
            pickers[position] = nil
            return .unchanged
        }
        guard try attempt.answer(answer, at: position) == .saved else { return .timeUp }
        pickers[position] = nil
        return .saved
    }

    /// Positions whose picks differ from the saved answer (incomplete ones: complete picks are
    /// saved as the trainee moves on).
    var unsavedPositions: [Int] {
        pickers.keys.sorted().filter { position in
            let picker = pickers[position]!
            return !picker.isEmpty && picker.answer() != attempt.answers[position]?.answer
        }
    }

    func show(_ next: Mode) {
        mode = next
        scroll = 0
        focus = nil
    }

    func openReview(at position: Int) {
        reviewCursor = min(max(0, position - 1), attempt.count - 1)
        fromReview = false
        show(.review)
    }

    func openHelp() {
        helpReturn = mode
        show(.help)
    }
}
