import Foundation
import SpacertTerminal
import Testing

@testable import SpacertKit
@testable import SpacertScreens

/// The keys that give the right answer to a shown question, as a trainee would press them.
func rightKeys(_ shown: PresentedQuestion) -> [Key] {
    switch shown.expected {
    case .keys(let keys): return keys.map { .char(Character($0)) }
    case .pairs(let pairs):
        return pairs.keys.sorted().flatMap { [Key.char(Character($0)), .char(Character(pairs[$0]!))] }
    }
}

@Suite("The exam's terminal screens, driven key by key without a terminal")
struct TerminalExamTests {
    let fixture: ExamFixture
    let attempt: ExamAttempt
    let exam: TerminalExam
    let size = TerminalSize(columns: 80, rows: 24)

    init() throws { try self.init(style: .plain) }

    init(style: Style) throws {
        fixture = try ExamFixture()
        let attempt = try fixture.begin()
        self.attempt = attempt
        exam = TerminalExam(
            attempt: attempt, resumed: false, style: style, finish: { try attempt.finish(ending: $0) })
    }

    @discardableResult
    func press(_ keys: Key...) throws -> TerminalExam.Step {
        var step = TerminalExam.Step.stay
        for key in keys { step = try exam.handle(key, size: size) }
        return step
    }

    func screen(_ size: TerminalSize? = nil) -> String {
        exam.frame(size: size ?? self.size).lines.joined(separator: "\n")
    }

    @Test("the opening, then the first question with the time left and the keys that work")
    func firstQuestion() throws {
        #expect(screen().contains("Test policy: exam "))
        #expect(screen().contains("30:00 left"))
        try press(.enter)
        let shown = screen()
        #expect(shown.contains("[1/8] "))
        #expect(shown.contains("SAFETY"))
        #expect(shown.contains("⏎ save & next"))
        #expect(shown.contains("←/→ or p/n prev/next") && shown.contains("q save & leave"))
        #expect(shown.contains("Not answered yet · 0 of 8 answered"))
        fixture.now = fixture.now.addingTimeInterval(61)
        #expect(screen().contains("28:59 left"))
    }

    @Test("answers by keys are saved at once; the review follows the last; submitting grades")
    func answerAllAndSubmit() throws {
        try press(.enter)
        for position in 1...attempt.count {
            #expect(screen().contains("[\(position)/8]"))
            for key in rightKeys(attempt.presented[position - 1]) { try press(key) }
            try press(.enter)
            #expect(attempt.answers[position] != nil)
        }
        #expect(exam.mode == .review)
        #expect(screen().contains("Every question has an answer"))
        #expect(try fixture.store.examResults().isEmpty)
        try press(.char("s"))
        #expect(exam.mode == .result)
        #expect(screen().contains("PASSED: 100% overall"))
        #expect(try press(.char("x")) == .close)
        #expect(try fixture.store.examResults().map(\.passed) == [true])
    }

    @Test("moving keeps picks; incomplete picks are not saved; a saved answer can be changed")
    func movingAndChanging() throws {
        try press(.enter)
        let order = try #require(attempt.presented.firstIndex { $0.question.type == .order }) + 1
        try press(.char("a"), .enter)
        #expect(attempt.answers[1] != nil)
        while exam.mode != .question(order) { try press(.right) }
        try press(.char("a"), .char("b"), .enter)
        #expect(screen().contains("Give every step exactly once"))
        try press(.right)
        #expect(screen().contains("Question \(order) is not saved"))
        try press(.left)
        #expect(screen().contains("Your order: a → b"))
        try press(.char("c"), .char("d"), .left)
        #expect(attempt.answers[order]?.answer == .keys(["a", "b", "c", "d"]))
        while exam.mode != .question(1) { try press(.left) }
        #expect(screen().contains("Saved: a"))
        try press(.char("b"))
        #expect(screen().contains("your new picks are not saved yet"))
        try press(.enter)
        #expect(attempt.answers[1]?.answer == .keys(["b"]))
        #expect(attempt.answeredCount == 2)
    }

    @Test("submitting with questions unanswered asks first; n goes back, y submits")
    func confirmSubmit() throws {
        try press(.enter, .char("a"), .enter, .char("r"))
        #expect(exam.mode == .review)
        #expect(screen().contains("7 not answered: they score 0"))
        try press(.char("s"))
        #expect(screen().contains("7 questions are unanswered and will score 0. Submit? (y/n)"))
        try press(.char("n"))
        #expect(exam.mode == .review && screen().contains("Not submitted."))
        try press(.down, .enter)
        #expect(exam.mode == .question(3))
        try press(.escape, .char("s"), .char("y"))
        #expect(exam.mode == .result)
        #expect(try fixture.store.examResults().first?.ending == .submitted)
    }

    @Test("when the time runs out no answer is taken: the saved ones are graded")
    func timeUp() throws {
        try press(.enter, .char("a"), .enter)
        fixture.now = fixture.now.addingTimeInterval(30 * 60)
        try press(.char("a"))
        #expect(exam.mode == .result)
        #expect(screen().contains("(time ran out)"))
        let result = try #require(try fixture.store.examResults().first)
        #expect(result.ending == .timedOut)
        #expect(result.items.filter { $0.answer != nil }.count == 1)
    }

    @Test("q and Ctrl-C leave with complete picks saved; the attempt stays open")
    func leaving() throws {
        try press(.enter, .char("a"))
        #expect(try press(.char("Q")) == .leave)
        #expect(attempt.answers[1] != nil)
        try press(.enter)
        #expect(try press(.ctrl("c")) == .interrupt)
        #expect(try fixture.store.openAttempts(trainee: fixture.trainee.id) == [attempt.start.attemptID])
        #expect(ExamText.leaving(attempt).hasPrefix("Saved: 1 of 8 answered."))
    }

    @Test("under five minutes the clock is bold and red when colour is on; no escapes when off")
    func clockColour() throws {
        let coloured = try TerminalExamTests(style: Style(enabled: true))
        #expect(!coloured.screen().contains("\u{1B}[31m"))
        coloured.fixture.now = coloured.fixture.now.addingTimeInterval(25 * 60 + 1)
        #expect(coloured.screen().contains("\u{1B}[31m\u{1B}[1m4:59 left"))
        fixture.now = fixture.now.addingTimeInterval(25 * 60 + 1)
        try press(.enter)
        #expect(!screen().contains("\u{1B}["))
    }

    @Test("every screen fits 40x12; below that the too-small notice, and keys other than q wait")
    func smallWindows() throws {
        let small = TerminalSize(columns: 40, rows: 12)
        for keys in [
            [Key.enter], [.enter, .char("?")], [.char("x"), .char("r")], [.char("s")], [.char("y")],
        ] {
            for key in keys { _ = try exam.handle(key, size: small) }
            let lines = exam.frame(size: small).lines
            #expect(lines.count <= 12)
            #expect(lines.allSatisfy { displayWidth(of: truncate($0, width: 40)) <= 40 })
            #expect(lines.first?.contains("left") == true || exam.mode == .result)
        }
        let tiny = TerminalSize(columns: 30, rows: 8)
        let fresh = try TerminalExamTests()
        _ = try fresh.exam.handle(.enter, size: tiny)
        #expect(fresh.exam.mode == .intro)
        #expect(fresh.screen(tiny).contains("too small"))
        #expect(try fresh.exam.handle(.char("q"), size: tiny) == .leave)
    }

    @Test("a long review scrolls to keep the cursor in sight")
    func reviewScrolls() throws {
        let small = TerminalSize(columns: 40, rows: 12)
        try press(.enter, .char("r"), .end)
        let lines = exam.frame(size: small).lines
        #expect(lines.contains { $0.contains("›   8.") })
        #expect(lines.contains { $0.contains("PgUp") })
        _ = try exam.handle(.pageUp, size: small)
        #expect(exam.reviewCursor == 1)
        #expect(exam.frame(size: small).lines.contains { $0.contains("›   2.") })
    }
}
