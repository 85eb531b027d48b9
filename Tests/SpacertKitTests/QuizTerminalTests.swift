import Foundation
import SpacertKit
import Testing

/// A program running in a tmux pane on a private socket, read by polling capture-pane.
final class TmuxPane {
    let socket = "spacert-test-\(UUID().uuidString.prefix(8))"
    /// The program's working folder: relative defaults (`./Reports`) land here.
    let scratch: ScratchFolder

    init(width: Int, height: Int, command: String, environment: [String: String]) throws {
        scratch = try ScratchFolder()
        let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        try tmux([
            "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-c", scratch.path,
            "env \(exports) \(command); echo EXIT=$?; sleep 120",
        ])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // Through system(3), not Process: Foundation's Process hands the child a socket it
        // watches for the child's end, and the tmux server would inherit and hold it.
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: capture) }
        let quoted = (["tmux", "-L", socket] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        let status = system(quoted.joined(separator: " ") + " </dev/null >'\(capture.path)' 2>/dev/null")
        if status != 0 && arguments.first != "kill-server" {
            throw SpacertError.invalidInput("tmux \(arguments.first ?? "") failed (\(status))")
        }
        return (try? String(contentsOf: capture, encoding: .utf8)) ?? ""
    }

    func send(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until it contains `text`; returns the screen (or the last one seen).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        try waitUntil("'\(text)'", seconds: seconds) { $0.contains(text) }
    }

    /// Polls the screen until `condition` holds for it; returns the screen (or the last one
    /// seen, after recording an issue that names `what` was awaited).
    @discardableResult
    func waitUntil(_ what: String, seconds: Double = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); screen:\n\(last)")
        return last
    }
}

@Suite("spacert quiz in a real terminal (tmux)", .serialized)
struct QuizTerminalTests {
    func start(
        _ fixture: QuizFixture, width: Int = 80, height: Int = 24, extra: [String: String] = [:],
        arguments: String = ""
    )
        throws -> TmuxPane
    {
        var environment = fixture.environment
        environment["TERM"] = "xterm-256color"
        for (key, value) in extra { environment[key] = value }
        return try TmuxPane(
            width: width, height: height, command: "\(spacertExecutable) quiz --trainee tina \(arguments)",
            environment: environment)
    }

    @Test("a trainee name with a right-to-left override reaches the header without it")
    func hostileNameInHeader() throws {
        let fixture = try QuizFixture()
        // U+202E as UTF-8 octets, through printf (the pane's shell may not know $'…').
        let pane = try start(fixture, arguments: #"--trainee "$(printf 'Ana\342\200\256Evil')""#)
        let screen = try pane.waitFor("⏎ submit")
        #expect(screen.contains("AnaEvil") || screen.contains("Ana"), "\(screen)")
        #expect(!screen.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) }, "\(screen)")
        try pane.send("q")
        try pane.waitFor("EXIT=")
    }

    @Test("answer right and wrong by keypresses, help, flag, undo, quit; checked on screen and in the store")
    func session() throws {
        let fixture = try QuizFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ submit")
        try pane.send("?")
        try pane.waitFor("How to answer")
        try pane.send("x")
        try pane.waitFor("⏎ submit")
        // The first question is a new one; single is written first and critical ones lead:
        // answer whatever is shown by picking "a" (or pairs 1a 2b 3c) and submitting.
        try answerShown(pane)
        let feedback = try pane.waitFor("⏎ next")
        #expect(
            feedback.contains("Correct") || feedback.contains("Incorrect")
                || feedback.contains("Partly right"))
        #expect(feedback.contains("Why:") && feedback.contains("Source: Tips"))
        try pane.send("!")
        try pane.waitFor("for the editors")
        try pane.send("-l", "wording is unclear")
        try pane.send("Enter")
        try pane.waitFor("Flagged")
        try pane.send("u")
        try pane.waitFor("Undone")
        try answerShown(pane)
        try pane.waitFor("⏎ next")
        try pane.send("Enter")
        try pane.waitFor("⏎ submit")
        try pane.send("q")
        let end = try pane.waitFor("EXIT=0")
        #expect(end.contains("Session done: 1 answered"))
        #expect(try fixture.logRows().count == 1)
        let flags = try runSpacert(["flags", "--json"], environment: fixture.environment)
        #expect(flags.status == 0)
        #expect(flags.stdout.contains("wording is unclear"))
        let listing = try runSpacert(["flags"], environment: fixture.environment)
        #expect(listing.stdout.contains("all.xml:") && listing.stdout.contains("wording is unclear"))
    }

    /// Answers the question on screen with its first key(s), whatever its type.
    func answerShown(_ pane: TmuxPane) throws {
        let screen = try pane.screen()
        if screen.contains("· match") {
            try pane.send("a", "b", "c", "Enter")
        } else if screen.contains("put in order") {
            try pane.send("a", "b", "c", "d", "Enter")
        } else {
            try pane.send("a", "Enter")
        }
    }

    @Test("Ctrl-C exits 130 with the answer saved and the terminal restored; the next quiz resumes")
    func interruptAndResume() throws {
        let fixture = try QuizFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ submit")
        try answerShown(pane)
        try pane.waitFor("⏎ next")
        try pane.send("C-c")
        let screen = try pane.waitFor("EXIT=130")
        #expect(screen.contains("Session done: 1 answered"))
        #expect(try fixture.logRows().count == 1)
        let again = try start(fixture)
        try again.waitFor("⏎ submit")
        try again.send("q")
        try again.waitFor("EXIT=0")
        #expect(try fixture.logRows().count == 1)
    }

    @Test("killed mid-session: every answer given is in the store")
    func killed() throws {
        let fixture = try QuizFixture()
        let pane = try start(fixture)
        try pane.waitFor("⏎ submit")
        try answerShown(pane)
        try pane.waitFor("⏎ next")
        try pane.send("Enter")
        try pane.waitFor("⏎ submit")
        try answerShown(pane)
        try pane.waitFor("⏎ next")
        let pid = try pane.tmux(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        kill.arguments = ["-KILL", "-P", pid, "-f", "quiz --trainee tina"]
        try kill.run()
        kill.waitUntilExit()
        try pane.waitFor("EXIT=137")
        #expect(try fixture.logRows().count == 2)
    }

    @Test("NO_COLOR: no colour codes on screen; --color always: colour")
    func noColor() throws {
        let fixture = try QuizFixture()
        let plain = try start(fixture, extra: ["NO_COLOR": "1"])
        try plain.waitFor("⏎ submit")
        let escaped = try plain.screen(escapes: true)
        #expect(
            !escaped.contains("\u{1B}[3") && !escaped.contains("\u{1B}[7m") && !escaped.contains("\u{1B}[1m"))
        let colored = try start(fixture, arguments: "--color always")
        try colored.waitFor("⏎ submit")
        #expect(try colored.screen(escapes: true).contains("\u{1B}["))
    }

    @Test("a 40x12 window works; a smaller one says so instead of garbling")
    func smallWindows() throws {
        let fixture = try QuizFixture()
        let small = try start(fixture, width: 40, height: 12)
        let screen = try small.waitFor("submit")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 40 })
        let tiny = try start(fixture, width: 30, height: 8)
        try tiny.waitFor("too small")
    }
}
