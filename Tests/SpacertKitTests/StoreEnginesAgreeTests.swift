import Foundation
import Testing

@testable import SpacertKit

/// Every command gives the same output on SQLite and on PostgreSQL: one spa's day (trainees in
/// branches, practice, a flag, an exam passed and certified, the manager's reports, the audit)
/// run as processes on each engine, compared command by command.
@Suite(
    "the same commands give the same output on SQLite and PostgreSQL",
    .enabled(
        if: PostgresTestServer.isEnabled,
        "needs a PostgreSQL server: SPACERT_TEST_POSTGRES (.ci/run starts a private cluster)"),
    .serialized)
struct StoreEnginesAgreeTests {
    /// One command's exit status and output, both streams.
    struct Step: Equatable, CustomStringConvertible {
        var command: String
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "$ spacert \(command) → \(status)\n\(stdout)\(stderr)" }
    }

    /// A policy that a blank attempt passes, so the day ends with a certificate; it draws every
    /// question of the banks, so that only their order is left to chance.
    static let policy = ExamFixture.policy(areas: 4, mark: "0", minimum: "0", attempts: 2)
        .replacingOccurrences(of: #"all-critical="true""#, with: #"all-critical="false""#)

    /// The day, on `engine`: each command with its input, in order.
    func day(on engine: StoreEngineKind) throws -> [Step] {
        let fixture = try ExamFixture(policy: Self.policy, engine: engine)
        let environment = [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
            "SPACERT_NOW": "2026-12-02T09:00:00Z", "SPACERT_KEY": fixture.keyPath, "NO_COLOR": "1",
        ]
        let quiz =
            [
                #"{"answer":["a"]}"#, #"{"answer":["b"]}"#, #"{"command":"undo"}"#, #"{"answer":["c"]}"#,
                #"{"command":"flag","note":"two choices read as right"}"#, #"{"answer":["a"]}"#,
                #"{"command":"quit"}"#,
            ].joined(separator: "\n") + "\n"
        let commands: [([String], String)] = [
            (["trainee", "add", "Ben", "--branch", "North"], ""),
            (["trainee", "add", "Cleo", "--branch", "north"], ""),
            (["trainee", "add", "Dee", "--branch", "Harbour"], ""),
            (["trainee", "move", "Dee", "--branch", "NORTH"], ""),
            (["trainee", "archive", "Cleo"], ""),
            (["trainee", "list", "--all"], ""),
            (["quiz", "--trainee", "Asha", "--jsonl"], quiz),
            (["quiz", "--trainee", "Ben", "--limit", "2"], "1\n\n2\n\n"),
            (["due", "--trainee", "Asha"], ""),
            (["flags"], ""),
            (["flags", "--json"], ""),
            (["exam", "check", "--all"], ""),
            (["exam", "check", "--branch", "north", "--json"], ""),
            (
                ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports],
                #"{"command":"submit"}"# + "\n"
            ),
            (
                ["exam", "--jsonl", "--trainee", "Ben", "--out", fixture.reports],
                #"{"command":"submit"}"# + "\n"
            ),
            (["exam", "grant", "--trainee", "Ben", "--attempts", "1", "--note", "second try"], ""),
            (["report", "cohort"], ""),
            (["report", "cohort", "--branch", "NORTH", "--format", "json"], ""),
            (["report", "cohort", "--format", "csv"], ""),
            (["report", "trainee", "Asha"], ""),
            (["report", "items"], ""),
            (["report", "expiring", "--within", "400d"], ""),
            (["audit"], ""),
            (["audit", "--checkpoint"], ""),
            (["audit", "--json"], ""),
        ]
        var steps: [Step] = []
        for (arguments, input) in commands {
            let run = try runSpacert(arguments, input: input, environment: environment)
            var stdout = normalized(run.stdout, fixture)
            // An exam shows its questions in an order drawn for the attempt, its first question
            // among them: its result is compared, and the trainee report's lines in any order.
            // Certificates expire at the instant of each pass, which the time a process takes to
            // start moves (SPACERT_NOW starts each process's clock): two passes of one day may
            // come in either order.
            if arguments.starts(with: ["exam", "--jsonl"]) {
                stdout = stdout.split(separator: "\n").filter { $0.contains(#""event":"result""#) }.joined(
                    separator: "\n")
            }
            if arguments.starts(with: ["report", "trainee"])
                || arguments.starts(with: ["report", "expiring"])
            {
                stdout = stdout.replacingOccurrences(
                    of: #"Question [0-9]+:"#, with: "Question #:", options: .regularExpression)
                // Ids were numbered in the order they appeared, which is the order in question.
                stdout = stdout.replacingOccurrences(
                    of: #"<([^#>]*)#[0-9]+>"#, with: "<$1#>", options: .regularExpression)
                stdout = stdout.split(separator: "\n", omittingEmptySubsequences: false).sorted().joined(
                    separator: "\n")
            }
            steps.append(
                Step(
                    command: normalized(arguments.joined(separator: " "), fixture), status: run.status,
                    stdout: stdout, stderr: normalized(run.stderr, fixture)))
        }
        return steps
    }

    /// The output with what differs by nature between two runs put in words: the store's own
    /// name and scratch folders, and the random part of attempt ids (with all that signs or
    /// hashes them: certificate ids and codes, hashes and signatures), numbered in order of
    /// appearance so that equal ids stay equal.
    func normalized(_ text: String, _ fixture: ExamFixture) -> String {
        var text = text.replacingOccurrences(of: fixture.store.path, with: "<store>")
            .replacingOccurrences(of: fixture.stores.directory, with: "<scratch>")
            .replacingOccurrences(of: fixture.directory, with: "<banks>")
        let patterns = [
            #"EX-[0-9]{8}-[A-Za-z0-9]+"#, #"[0-9a-f]{64}"#, #"[A-Za-z0-9+/]{86}=="#, #"[A-Za-z0-9_-]{86}"#,
            #"SPC-[0-9A-F]{12}"#, #"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b"#, #"\b[A-Z0-9]{10}\b"#,
        ]
        for pattern in patterns {
            var seen: [String: Int] = [:]
            let regex = try! NSRegularExpression(pattern: pattern)
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed()
            var replaced = text
            for match in matches.reversed() {
                let value = (text as NSString).substring(with: match.range)
                if seen[value] == nil { seen[value] = seen.count + 1 }
            }
            for match in matches {
                let value = (text as NSString).substring(with: match.range)
                replaced = (replaced as NSString).replacingCharacters(
                    in: match.range, with: "<\(pattern.prefix(4))#\(seen[value]!)>")
            }
            text = replaced
        }
        return text
    }

    @Test("a day at the spa: every command's output and exit status are equal on both engines")
    func sameDayOnBothEngines() throws {
        let sqlite = try day(on: .sqlite)
        let postgres = try day(on: .postgres)
        #expect(sqlite.count == postgres.count)
        for (left, right) in zip(sqlite, postgres) {
            #expect(left == right, "SQLite:\n\(left)\nPostgreSQL:\n\(right)")
        }
        // The day did what it says: a pass certified, a flag kept, branches joined by spelling.
        let expiring = try #require(sqlite.first { $0.command.hasPrefix("report expiring") })
        #expect(expiring.stdout.contains("Asha"), "\(expiring)")
        let flags = try #require(sqlite.first { $0.command == "flags" })
        #expect(flags.stdout.contains("two choices read as right"), "\(flags)")
        let list = try #require(sqlite.first { $0.command == "trainee list --all" })
        #expect(list.stdout.contains("North") && !list.stdout.contains("NORTH"), "\(list)")
        let audit = try #require(sqlite.last)
        #expect(audit.status == 0, "\(audit)")
    }
}
