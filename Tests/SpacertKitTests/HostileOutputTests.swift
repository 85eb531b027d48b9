import Foundation
import SpacertKit
import Testing

/// Every command, given hostile text (escape sequences, C1 controls, bidi overrides, newlines) in
/// names, notes, paths and arguments, writes none of it raw to a terminal.
@Suite("hostile text never reaches the terminal raw", .serialized)
struct HostileOutputTests {
    /// A window-title change, a screen clear, an OSC 8 link, C1 CSI, a right-to-left override
    /// and a newline forging a line of its own.
    static let hostile =
        "Eve\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\\u{9B}31m\u{202E}gnp\u{2066}x\nq.xml:1: flag: forged"

    /// Whether `text` holds anything a terminal would act on.
    static func unsafe(_ text: String) -> [String] {
        text.unicodeScalars.compactMap { scalar in
            switch scalar.value {
            case 0x1B, 0x07, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                return String(scalar.value, radix: 16)
            default: return nil
            }
        }
    }

    @Test("no ESC, BEL, C1 or bidi control in any command's output")
    func everyCommand() throws {
        let fixture = try ExamFixture()
        let hostile = Self.hostile
        let scratch = fixture.stores.path("out")
        var environment = [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
            "SPACERT_NOW": "2026-12-02T09:00:00Z", "SPACERT_KEY": fixture.keyPath,
        ]
        // A trainee whose name carries a bidi override, and a flag note full of escapes.
        _ = try fixture.store.addTrainee(named: "Bidi\u{202E}gnp", at: fixture.now)
        let quiz = try runSpacert(
            ["quiz", "--jsonl", "--trainee", "Asha"],
            input: #"{"command":"flag","note":"\#(Self.jsonEscaped(hostile))"}"# + "\n"
                + #"{"command":"quit"}"#
                + "\n",
            environment: environment)
        #expect(quiz.status == 0, "\(quiz.stderr)")
        #expect(try fixture.store.flags().map(\.note) == [hostile])

        // A bank file whose name carries escapes and a newline, and does not read.
        _ = try fixture.banks.write("bad\u{1B}[2J\u{202E}\nq.xml:1: flag: forged.xml", "<bank")
        let runs: [[String]] = [
            ["lint"], ["lint", "--format", "json"], ["banks"],
            ["flags"], ["flags", "--json"], ["trainee", "list"], ["trainee", "list", "--json"],
            ["trainee", "add", hostile], ["trainee", "rename", hostile, "X"],
            ["trainee", "archive", hostile],
            ["report", "trainee", hostile], ["report", "trainee", "Bidi\u{202E}gnp"],
            ["report", "cohort"], ["due", "--trainee", hostile],
            ["exam", "grant", "--trainee", hostile, "--note", hostile], ["exam", "--trainee", hostile],
            ["exam", "show", hostile], ["lint", hostile], ["lint", "--banks", hostile],
            ["verify", hostile], ["report", "cohort", "--out", scratch + "/" + hostile],
            ["report", "cohort", "--banks", hostile], ["audit", "--expect-head", hostile],
            ["keys", "show", "--key", hostile], ["--\(hostile)"], ["trainee", "list", "--color", hostile],
            ["quiz", "--trainee", hostile, "--jsonl"],
        ]
        for arguments in runs {
            let run = try runSpacert(arguments, input: "", environment: environment)
            let found = Self.unsafe(run.stdout) + Self.unsafe(run.stderr)
            #expect(found.isEmpty, "\(arguments.prefix(2)): \(found)\n\(run.stdout)\n\(run.stderr)")
            // A newline in a one-line field never starts a forged line.
            #expect(!(run.stdout + run.stderr).contains("\nq.xml:1: flag: forged"), "\(arguments.prefix(2))")
        }
        environment["SPACERT_DB"] = fixture.stores.path(hostile)
        let store = try runSpacert(["trainee", "list"], environment: environment)
        #expect(Self.unsafe(store.stdout + store.stderr).isEmpty)
    }

    @Test("a flag note over 2,000 characters and a JSONL line over 1 MiB are refused without being echoed")
    func caps() throws {
        let fixture = try ExamFixture()
        let environment = [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
            "SPACERT_NOW": "2026-12-02T09:00:00Z",
        ]
        let longNote = String(repeating: "n", count: 2_001)
        let longLine = #"{"answer":[""# + String(repeating: "z", count: 1_100_000) + #""]}"#
        let run = try runSpacert(
            ["quiz", "--jsonl", "--trainee", "Asha"],
            input: #"{"command":"flag","note":"\#(longNote)"}"# + "\n" + longLine + "\n"
                + #"{"command":"quit"}"#
                + "\n",
            environment: environment)
        #expect(run.status == 0)
        #expect(run.stdout.contains("a flag note is at most 2,000 characters; this one has 2001"))
        #expect(run.stdout.contains("longer than 1 MiB (1,048,576 bytes)"))
        #expect(!run.stdout.contains("zzzzzzzzzz") && !run.stdout.contains("nnnnnnnnnn"))
        #expect(try fixture.store.flags().isEmpty)
        #expect(throws: SpacertError.self) {
            try fixture.store.flag(
                questionID: "q", rev: 1, note: longNote, trainee: fixture.trainee.id, at: fixture.now)
        }
    }

    static func jsonEscaped(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst(2).dropLast(2))
    }
}
