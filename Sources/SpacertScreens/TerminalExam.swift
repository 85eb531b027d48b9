import Foundation
import SpacertKit
import SpacertTerminal

/// The certification exam on a terminal: one question per screen with the time left always in
/// sight, single keypresses, a review screen to change answers and submit, and the result.
///
/// No feedback before the result. Each answer is saved to the ledger when it is given (⏎, or
/// moving on with complete picks), so a killed process loses nothing that was saved. The flow
/// is the plain line exam's (`ExamLineSession`): every unanswered question in turn, then the
/// review screen until submitted.
public final class TerminalExam {
    /// How the exam on the terminal ended.
    public enum Outcome: Sendable, Equatable {
        /// Submitted, or the time ran out: graded and recorded.
        case graded(ExamResult)
        /// Left with q or Ctrl-D, or the terminal closed: the attempt stays open to resume.
        case left
        /// Left with Ctrl-C: the attempt stays open to resume (exit status 130).
        case interrupted
    }

    /// What a key led to.
    enum Step: Equatable {
        case stay, leave, interrupt, close
    }

    /// Which screen is shown.
    enum Mode: Equatable {
        case intro
        case question(Int)
        case review
        case confirmSubmit
        case help
        case result
        /// Writing a note to flag the question at a position for the editors.
        case flagging(Int, String)
    }

    let attempt: ExamAttempt
    let resumed: Bool
    let style: Style
    let finish: (ExamEnding) throws -> ExamResult
    let certificatePath: () -> String?
    /// A pass is certified later, at the manager's desk (no signing key on this terminal).
    let certificatePending: Bool

    /// The screen shown.
    var mode = Mode.intro
    /// The screen to go back to from the help.
    var helpReturn = Mode.intro
    /// Picks per 1-based position, kept while moving between questions.
    var pickers: [Int: AnswerPicker] = [:]
    /// Whether the question shown was opened from the review screen (⏎ goes back there).
    var fromReview = false
    /// The highlighted row of the review screen (0-based).
    var reviewCursor = 0
    /// A message for the trainee on the next screen.
    var notice: String?
    /// The first body line shown when a screen does not fit.
    var scroll = 0
    /// A body line to bring into sight on the next drawing (a pick just made), then forgotten.
    var focus: Int?
    /// Where each item of the question shown starts in the body, by key.
    var questionRows: [String: Int] = [:]
    /// The result, once graded.
    var result: ExamResult?

    /// - finish: grades and records the attempt (issuing a certificate on a pass).
    /// - certificatePath: where the certificate was written, after `finish`.
    /// - skipIntro: open at the first question, for an attempt begun just now after the rules
    ///   and the time limit were shown and the trainee chose to begin (`spacert exam`).
    /// - certificatePending: a pass is certified later, at the manager's desk.
    public init(
        attempt: ExamAttempt, resumed: Bool, style: Style,
        finish: @escaping (ExamEnding) throws -> ExamResult,
        certificatePath: @escaping () -> String? = { nil }, skipIntro: Bool = false,
        certificatePending: Bool = false
    ) {
        self.certificatePending = certificatePending
        self.attempt = attempt
        self.resumed = resumed
        self.style = style
        self.finish = finish
        self.certificatePath = certificatePath
        if skipIntro, let first = attempt.nextUnanswered(after: 0) {
            mode = .question(first)
            helpReturn = mode
        }
    }

    /// Runs the exam in raw mode on the alternate screen. Afterwards prints the result, or how
    /// to resume, on the normal screen so that it stays in the scrollback.
    public func run() throws -> Outcome {
        let terminal = RawTerminal()
        try terminal.enter(hideCursor: true, alternateScreen: true)
        let step: Step
        do {
            step = try loop()
        } catch {
            terminal.restore()
            throw error
        }
        terminal.restore()
        let output = LineOutput.standardOutput
        if let result {
            for line in resultLines(result) { _ = output.writeLine(line) }
            return .graded(result)
        }
        _ = output.writeLine(ExamText.leaving(attempt))
        return step == .interrupt ? .interrupted : .left
    }

    private func loop() throws -> Step {
        var reader = KeyReader()
        let screen = Screen()
        if attempt.isOverTime { try end(.timedOut) }
        var drawn: (frame: Frame, size: TerminalSize)?
        var ticked = false
        while true {
            let size = TerminalSize.current()
            let next = frame(size: size)
            // A tick rewrites only the rows that changed (the clock); a key redraws it all.
            if ticked, let drawn, drawn.size == size {
                screen.update(next, over: drawn.frame, size: size)
            } else {
                screen.draw(next, size: size)
            }
            drawn = (next, size)
            let timeout = result == nil ? Self.millisecondsToNextTick(attempt.secondsLeft) : -1
            guard let key = reader.next(timeoutMilliseconds: timeout) else {
                ticked = true
                if result == nil, attempt.isOverTime { try end(.timedOut) }
                continue
            }
            ticked = false
            let step = try handle(key, size: TerminalSize.current())
            if step != .stay { return step }
        }
    }

    /// How long until the clock on screen shows one second less (a few milliseconds after).
    static func millisecondsToNextTick(_ secondsLeft: TimeInterval) -> Int32 {
        let fraction = secondsLeft - secondsLeft.rounded(.down)
        return Int32(max(10, min(1000, (fraction * 1000).rounded(.up) + 5)))
    }

    /// Grades the attempt now and shows the result.
    func end(_ ending: ExamEnding) throws {
        result = try finish(ending)
        mode = .result
        notice = nil
        scroll = 0
    }

    /// The result in words, for the screen and the scrollback.
    func resultLines(_ result: ExamResult) -> [String] {
        ExamText.result(
            result, policy: attempt.policy, certificate: certificatePath(),
            certificatePending: certificatePending)
    }
}
