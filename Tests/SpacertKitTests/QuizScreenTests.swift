import Foundation
import SpacertKit
import SpacertTerminal
import Testing

/// A banks folder with the questions given and a fresh store, for screen tests.
final class ScreenFixture {
    let scratch: BankScratch
    let store: String

    init(_ questions: String) throws {
        scratch = try BankScratch()
        try scratch.write("all.xml", bankXML(questions))
        store = scratch.directory.appendingPathComponent("progress.sqlite").path
    }

    var environment: [String: String] {
        [
            "SPACERT_DB": store, "SPACERT_BANKS": scratch.directory.path,
            "SPACERT_NOW": "2026-03-02T09:00:00Z",
            "TERM": "xterm-256color",
        ]
    }

    func start(width: Int, height: Int, extra: [String: String] = [:]) throws -> TmuxPane {
        try TmuxPane(
            width: width, height: height, command: "\(spacertExecutable) quiz --trainee tina",
            environment: environment.merging(extra) { $1 })
    }

    /// The review log as `id|correct` rows.
    func answers() throws -> [String] {
        try QuizFixture.rows(store, "SELECT question_id || '|' || correct FROM review_log ORDER BY id")
    }

    static let source = #"<source article="000_4844a43459959855.txt">Warming up the back</source>"#

    /// A match question with a scenario and long items: much taller than a 50x12 window.
    static let match = """
          <question id="q-match" type="match">
            <scenario>A regular client arrives with a stiff lower back after a long drive and asks what each part of today's session is for.</scenario>
            <prompt>Match each part of the session to what it does for the client.</prompt>
            <pair><left>Warm compress</left><right>Loosens stiff muscle before any deeper work starts</right></pair>
            <pair><left>Effleurage</left><right>Long gliding strokes that spread oil and warm the tissue</right></pair>
            <pair><left>Check-in</left><right>Asks how the pressure feels so it can be changed at once</right></pair>
            <explanation>Each part has its own job in a safe session.</explanation>
            \(source)
          </question>
        """

    /// A single-choice question whose explanation ends with `THE-END`, far below a 60x20 window.
    static let longExplanation = """
          <question id="q-long" type="single" shuffle="false">
            <prompt>What comes first before massaging a client's lower back?</prompt>
            <choice correct="true">Ask about their health and any pain today</choice>
            <choice>Start with the deepest pressure you can give</choice>
            <explanation>\(Array(repeating: "Asking first lets you find reasons to change or stop the massage before you begin, and it shows the client that their comfort comes first.", count: 6).joined(separator: " ")) THE-END</explanation>
            \(source)
          </question>
        """
}

extension QuizFixture {
    /// Rows of an SQL query on `store`, by the sqlite3 shell.
    static func rows(_ store: String, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// Every line of a captured screen fits `width` columns, and there are at most `height`.
func fits(_ screen: String, width: Int, height: Int) -> Bool {
    let lines = screen.trimmingCharacters(in: .newlines).split(
        separator: "\n", omittingEmptySubsequences: false)
    return lines.count <= height && lines.allSatisfy { displayWidth(of: String($0)) <= width }
}

@Suite("quiz and exam screens that fit any window (tmux)", .serialized)
struct QuizScreenTests {
    /// Scrolls down a line at a time until `text` is on screen; returns the screen.
    @discardableResult
    func scrollDown(_ pane: TmuxPane, until text: String, key: String = "Down") throws -> String {
        for _ in 0..<40 {
            let screen = try pane.screen()
            if screen.contains(text) { return screen }
            try pane.send(key)
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try pane.waitFor(text, seconds: 2)
    }

    @Test("50x12: a match question taller than the window is scrolled through and answered completely")
    func matchAtFiftyByTwelve() throws {
        let fixture = try ScreenFixture(ScreenFixture.match)
        let pane = try fixture.start(width: 50, height: 12)
        let first = try pane.waitFor("more ↓")
        #expect(fits(first, width: 50, height: 12))
        #expect(first.contains("pair"))
        // Read the right-hand items' letters by scrolling down to them.
        var letters: [String: String] = [:]
        let texts = ["Loosens stiff", "Long gliding", "Asks how"]
        for text in texts {
            let screen = try scrollDown(pane, until: text)
            #expect(fits(screen, width: 50, height: 12))
            for line in screen.split(separator: "\n") where line.contains(text) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                letters[text] = String(trimmed.prefix(1))
            }
        }
        #expect(try pane.screen().contains("more ↑") || (try pane.screen()).contains("more ↓"))
        // Warm compress (1), Effleurage (2), Check-in (3), in the written order.
        for (number, text) in texts.enumerated() {
            try pane.send(String(number + 1), try #require(letters[text]))
        }
        // Each pair just made is brought into sight.
        try pane.waitFor("3) Check-in → \(letters[texts[2]]!)")
        try pane.send("Enter")
        let feedback = try pane.waitFor("⏎ next")
        #expect(feedback.contains("✓ Correct"))
        #expect(fits(feedback, width: 50, height: 12))
        #expect(try fixture.answers() == ["q-match|1"])
        try pane.send("q")
        try pane.waitFor("EXIT=0")
    }

    @Test("60x20: a long explanation is scrolled to its end, and back")
    func longExplanation() throws {
        let fixture = try ScreenFixture(ScreenFixture.longExplanation)
        let pane = try fixture.start(width: 60, height: 20, extra: ["NO_COLOR": "1"])
        try pane.waitFor("⏎ submit")
        try pane.send("b", "Enter")
        let feedback = try pane.waitFor("more ↓")
        #expect(feedback.contains("✗ Incorrect"))
        #expect(feedback.contains("✓ a) Ask about their health"))
        #expect(feedback.contains("✗ b) Start with the deepest pressure you can give (your"))
        #expect(!feedback.contains("THE-END"))
        #expect(feedback.contains("PgUp/PgDn scroll"))
        try pane.send("PageDown")
        // j to the end: the marker turns to "more ↑" with the explanation's end and the source.
        let end = try scrollDown(pane, until: "more ↑", key: "j")
        #expect(end.contains("THE-END"))
        #expect(end.contains("Source: Warming up the back, in “How to massage for lower"))
        #expect(fits(end, width: 60, height: 20))
        try pane.send("Home")
        try pane.waitFor("✗ Incorrect")
        try pane.send("q")
        try pane.waitFor("EXIT=0")
    }

    @Test("a resize mid-question redraws the screen to the new size; the picks stay")
    func resizeMidQuestion() throws {
        let fixture = try ScreenFixture(ScreenFixture.match)
        let pane = try fixture.start(width: 100, height: 32)
        let wide = try pane.waitFor("⏎ submit")
        #expect(!wide.contains("more ↓"))
        #expect(wide.contains("Asks how the pressure feels"))
        try pane.send("1", "a")
        try pane.waitFor("Your pairs: 1a")
        try pane.tmux(["resize-window", "-x", "50", "-y", "12"])
        let small = try pane.waitFor("more ↓")
        #expect(fits(small, width: 50, height: 12))
        try pane.tmux(["resize-window", "-x", "60", "-y", "20"])
        let middle = try pane.waitFor("1) Warm compress → a")
        #expect(fits(middle, width: 60, height: 20))
        try pane.send("q")
        try pane.waitFor("EXIT=0")
    }

    @Test("true or false takes t and f; ! flags, in the quiz and the exam alike")
    func trueFalseKeysAndFlag() throws {
        let fixture = try ScreenFixture(
            """
              <question id="q-tf" type="truefalse">
                <prompt>Numbness in the legs is a reason to stop and refer.</prompt><answer>true</answer>
                <explanation>Numbness can mean a nerve is involved.</explanation>\(ScreenFixture.source)
              </question>
            """)
        let pane = try fixture.start(width: 80, height: 24)
        let question = try pane.waitFor("⏎ submit")
        #expect(question.contains("t/f or a/b pick"))
        #expect(question.contains("! flag"))
        #expect(!question.contains("u undo"))  // nothing to undo yet
        try pane.send("f")
        try pane.waitFor("Selected: b")
        try pane.send("t")
        try pane.waitFor("Selected: a")
        try pane.send("!")
        try pane.waitFor("for the editors")
        try pane.send("-l", "fine")
        try pane.send("Enter")
        try pane.waitFor("Flagged q-tf")
        try pane.send("Enter")
        let feedback = try pane.waitFor("⏎ next")
        #expect(feedback.contains("✓ Correct"))
        #expect(try fixture.answers() == ["q-tf|1"])
        try pane.send("q")
        try pane.waitFor("EXIT=0")
        let flags = try runSpacert(["flags", "--json"], environment: fixture.environment)
        #expect(flags.stdout.contains("q-tf") && flags.stdout.contains("fine"))
    }
}
