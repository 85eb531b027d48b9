import Foundation
import SpacertKit
import SpacertTerminal
import Testing

@Suite("spacert exam in a real terminal (tmux)", .serialized)
struct ExamTerminalTests {
    func start(
        _ fixture: ExamFixture, width: Int = 80, height: Int = 24, now: String = "2026-12-02T09:00:00Z",
        extra: [String: String] = [:], arguments: String = ""
    ) throws -> TmuxPane {
        var environment = [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory, "SPACERT_NOW": now,
            "SPACERT_KEY": fixture.keyPath, "TERM": "xterm-256color",
        ]
        for (key, value) in extra { environment[key] = value }
        return try TmuxPane(
            width: width, height: height,
            command: "\(spacertExecutable) exam --trainee Asha --out '\(fixture.reports)' \(arguments)",
            environment: environment)
    }

    /// Types the right answer to `position` and ⏎, then waits for the screen after it.
    func answer(_ pane: TmuxPane, _ attempt: ExamAttempt, _ position: Int, enter: Bool = true) throws {
        let keys = rightKeys(attempt.presented[position - 1]).map { key -> String in
            guard case .char(let character) = key else { return "" }
            return String(character)
        }
        try pane.tmux(["send-keys"] + keys + (enter ? ["Enter"] : []))
        if enter {
            try pane.waitFor(position == attempt.count ? "Review ·" : "[\(position + 1)/\(attempt.count)]")
        }
    }

    /// The attempt the running exam has open, read back from the store by a clock a minute on
    /// (a resume by a clock earlier than the attempt's last record is refused).
    func runningAttempt(_ fixture: ExamFixture) throws -> ExamAttempt {
        fixture.now = fixture.now.addingTimeInterval(60)
        return try fixture.begin()
    }

    /// Answers saved in the ledger for `attempt`.
    func savedAnswers(_ fixture: ExamFixture, _ attempt: ExamAttempt) throws -> Int {
        try fixture.store.ledger(attempt: attempt.start.attemptID).filter { $0.kind == .answer }.count
    }

    /// `29:58` from `29:58 left` on the screen's first line.
    func clock(_ screen: String) -> String? {
        let first = screen.split(separator: "\n").first.map(String.init) ?? ""
        guard let range = first.range(of: #"\d+:\d\d left"#, options: .regularExpression) else { return nil }
        return String(first[range])
    }

    @Test("the keys that work and the time left are on screen; the clock ticks while waiting")
    func keysAndClock() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        // The rules and the time limit come before the attempt: nothing is recorded until ⏎.
        let intro = try pane.waitFor("⏎ start the clock")
        #expect(intro.contains("Trainee: Asha"))
        #expect(intro.contains("The exam: 8 questions; 30 minutes"))
        #expect(try fixture.store.auditLedger().entries == 0)
        try pane.send("Enter")
        let question = try pane.waitFor("⏎ save & next")
        #expect(question.contains(" [1/8] "))
        #expect(question.contains("←/→ or p/n prev/next") && question.contains("r review"))
        #expect(question.contains("? help") && question.contains("q save & leave"))
        let before = try #require(clock(question))
        // The clock ticks with no key pressed: wait for the next second to show (no fixed sleep).
        let ticked = try pane.waitUntil("the clock to move on from \(before)", seconds: 5) { screen in
            clock(screen).map { $0 != before } ?? false
        }
        #expect(clock(ticked) != before)
        try pane.send("?")
        try pane.waitFor("How to answer")
        try pane.send("x")
        try pane.waitFor("⏎ save & next")
        try pane.send("q")
        try pane.waitFor("EXIT=0")
    }

    @Test(
        "every question answered by keys, the review, submit: the result on screen, after it and in the ledger"
    )
    func answerAllAndSubmit() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ start")
        // The attempt begins at ⏎, not before.
        try pane.send("Enter")
        try pane.waitFor("[1/8]")
        let attempt = try runningAttempt(fixture)
        for position in 1...attempt.count {
            try pane.waitFor("[\(position)/8]")
            try answer(pane, attempt, position)
        }
        let review = try pane.waitFor("Every question has an answer")
        #expect(review.contains("8 of 8 answered"))
        #expect(try savedAnswers(fixture, attempt) == 8)
        #expect(try fixture.store.examResults().isEmpty)
        try pane.send("s")
        let result = try pane.waitFor("PASSED")
        #expect(result.contains("PASSED: 100% overall"))
        #expect(try fixture.store.examResults().map(\.passed) == [true])
        try pane.send("x")
        let end = try pane.waitFor("EXIT=0")
        #expect(end.contains("PASSED: 100% overall — attempt \(attempt.start.attemptID)"))
    }

    @Test("q saves and leaves; the next run resumes the same attempt at the first unanswered question")
    func leaveAndResume() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ start")
        // The attempt begins at ⏎, not before.
        try pane.send("Enter")
        try pane.waitFor("[1/8]")
        let attempt = try runningAttempt(fixture)
        try pane.waitFor("[1/8]")
        try answer(pane, attempt, 1)
        try pane.send("Right")
        try pane.waitFor("[3/8]")
        try answer(pane, attempt, 3)
        try pane.send("q")
        let left = try pane.waitFor("EXIT=0")
        #expect(left.contains("Saved: 2 of 8 answered. Run the same 'spacert exam' to go on"))
        #expect(try fixture.store.examResults().isEmpty)

        let again = try start(fixture, now: "2026-12-02T09:02:00Z")
        try again.waitFor("(resumed, 2 of 8 answered)")
        try again.send("Enter")
        let resumed = try again.waitFor("[2/8]")
        #expect(resumed.contains("Not answered yet · 2 of 8 answered"))
        #expect(try fixture.store.openAttempts(trainee: fixture.trainee.id) == [attempt.start.attemptID])
        try again.send("q")
        try again.waitFor("EXIT=0")
    }

    @Test("Ctrl-C exits 130 with every answer saved, the picks on screen too")
    func interrupt() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ start")
        // The attempt begins at ⏎, not before.
        try pane.send("Enter")
        try pane.waitFor("[1/8]")
        let attempt = try runningAttempt(fixture)
        try pane.waitFor("[1/8]")
        try answer(pane, attempt, 1)
        try answer(pane, attempt, 2, enter: false)
        try pane.waitFor("⏎ saves")
        try pane.send("C-c")
        let end = try pane.waitFor("EXIT=130")
        #expect(end.contains("Saved: 2 of 8 answered"))
        #expect(try savedAnswers(fixture, attempt) == 2)
        #expect(try fixture.store.examResults().isEmpty)
    }

    @Test("killed: every answer saved is in the ledger")
    func killed() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ start")
        // The attempt begins at ⏎, not before.
        try pane.send("Enter")
        try pane.waitFor("[1/8]")
        let attempt = try runningAttempt(fixture)
        try pane.waitFor("[1/8]")
        try answer(pane, attempt, 1)
        try answer(pane, attempt, 2)
        let pid = try pane.tmux(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(system("pkill -KILL -P \(pid) -f 'exam --trainee Asha'") == 0)
        try pane.waitFor("EXIT=137")
        #expect(try savedAnswers(fixture, attempt) == 2)
    }

    @Test("q at the question before beginning leaves with no attempt recorded and no clock running")
    func leaveBeforeBeginning() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        let intro = try pane.waitFor("⏎ start the clock")
        #expect(intro.contains("The rules for starting, each met:"))
        try pane.send("q", "Enter")
        let left = try pane.waitFor("EXIT=0")
        #expect(left.contains("Nothing was started"))
        #expect(try fixture.store.auditLedger().entries == 0)
    }

    @Test("when the time runs out while waiting for a key, the saved answers are graded as timed out")
    func timeRunsOut() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt, skip: Set(2...attempt.count))
        let pane = try start(fixture, now: "2026-12-02T09:29:57Z")
        try pane.waitFor("(resumed, 1 of 8 answered)")
        let result = try pane.waitFor("(time ran out)")
        #expect(result.contains("NOT PASSED"))
        let recorded = try #require(try fixture.store.examResults().first)
        #expect(recorded.ending == .timedOut)
        try pane.send("x")
        try pane.waitFor("EXIT=0")
    }

    @Test("a 40x12 window is usable and nothing is wider than it; a smaller one says so")
    func smallWindows() throws {
        let fixture = try ExamFixture()
        let small = try start(fixture, width: 40, height: 12)
        try small.waitFor("⏎ start")
        try small.send("Enter")
        let screen = try small.waitFor("⏎ save")
        let lines = screen.trimmingCharacters(in: .newlines).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 12)
        #expect(lines.allSatisfy { displayWidth(of: String($0)) <= 40 })
        #expect(clock(screen) != nil)
        #expect(screen.contains("[1/8]") && screen.contains("q leave"))
        try small.send("r")
        try small.waitFor("s submit")
        try small.send("q")
        try small.waitFor("EXIT=0")
        let tiny = try start(fixture, width: 30, height: 8, now: "2026-12-02T09:01:00Z")
        try tiny.waitFor("too small")
        try tiny.send("q")
        try tiny.waitFor("EXIT=0")
    }

    @Test("! flags the question shown (listed by spacert flags); the review says answered in words")
    func flagAndReview() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ start")
        // The attempt begins at ⏎, not before.
        try pane.send("Enter")
        let question = try pane.waitFor("[1/8]")
        let attempt = try runningAttempt(fixture)
        #expect(question.contains("! flag"))
        try pane.send("!")
        try pane.waitFor("Flag question 1 for the editors")
        try pane.send("-l", "Which Spanish?")
        try pane.send("Enter")
        try pane.waitFor("Flagged question 1 for the editors")
        try answer(pane, attempt, 1)
        try pane.send("r")
        let review = try pane.waitFor("Review ·")
        #expect(review.contains("1. answered "))
        #expect(review.contains("2. not answered"))
        #expect(!review.contains("✓"))
        try pane.send("q")
        try pane.waitFor("EXIT=0")
        let flags = try runSpacert(
            ["flags", "--json"],
            environment: ["SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory])
        #expect(flags.status == 0)
        #expect(flags.stdout.contains(attempt.presented[0].question.id))
        #expect(flags.stdout.contains("Which Spanish?"))
    }

    @Test("50x12: every exam screen scrolls; the help is read to its end")
    func examScrolls() throws {
        let fixture = try ExamFixture()
        let pane = try start(fixture, width: 50, height: 12)
        try pane.waitFor("⏎ start")
        try pane.send("Enter")
        try pane.waitFor("[1/8]")
        try pane.send("?")
        let help = try pane.waitFor("more ↓")
        #expect(fits(help, width: 50, height: 12))
        for _ in 0..<40 {
            if try pane.screen().contains("feedback until the result") { break }
            try pane.send("j")
            Thread.sleep(forTimeInterval: 0.05)
        }
        let end = try pane.waitFor("feedback until the result")
        #expect(end.contains("more ↑"))
        try pane.send("x")
        try pane.waitFor("[1/8]")
        try pane.send("q")
        try pane.waitFor("EXIT=0")
    }

    @Test("NO_COLOR and --color never: no escape sequences for colour; --color always: colour")
    func colour() throws {
        let fixture = try ExamFixture()
        for (extra, arguments, now) in [
            (["NO_COLOR": "1"], "", "2026-12-02T09:00:00Z"), ([:], "--color never", "2026-12-02T09:01:00Z"),
        ] {
            let pane = try start(fixture, now: now, extra: extra, arguments: arguments)
            try pane.waitFor(now.hasSuffix("00:00Z") ? "⏎ start the clock" : "? help · q save & leave")
            try pane.send("Enter")
            try pane.waitFor("⏎ save & next")
            let escaped = try pane.screen(escapes: true)
            #expect(!escaped.contains("\u{1B}[3") && !escaped.contains("\u{1B}[7m"))
            #expect(!escaped.contains("\u{1B}[1m") && !escaped.contains("\u{1B}[2m"))
            try pane.send("q")
            try pane.waitFor("EXIT=0")
        }
        let coloured = try start(fixture, now: "2026-12-02T09:02:00Z", arguments: "--color always")
        try coloured.waitFor("? help · q save & leave")
        #expect(try coloured.screen(escapes: true).contains("\u{1B}["))
    }
}
