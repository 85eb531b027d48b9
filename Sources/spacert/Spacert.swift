import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// The `spacert` command: trains and certifies a spa's massage therapists.
@main
struct Spacert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spacert",
        abstract: "Train and certify massage therapists with spaced repetition.",
        discussion: """
            Trainees practise with `spacert quiz`; editors check banks with `spacert lint`.
            Progress is kept in --db (else $SPACERT_DB, else ~/.local/share/spacert/spacert.sqlite);
            banks are read from --banks (else $SPACERT_BANKS, else ./QuestionBanks).
            """,
        version: "0.1.0",
        subcommands: [
            LintCommand.self, BanksCommand.self, ReplayCommand.self, QuizCommand.self, TraineeCommand.self,
            DueCommand.self, FlagsCommand.self, ExamCommand.self, AuditCommand.self, KeysCommand.self,
            VerifyCommand.self, CertificateCommand.self, ReportCommand.self, StoreCommand.self,
        ])

    static func main() {
        ignoreSigpipe()
        if ReplayCommand.runFast(argc: CommandLine.argc, argv: CommandLine.unsafeArgv) { return }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SpacertError {
            Diagnostics.fail(error.description)
        } catch {
            // ArgumentParser's words echo the arguments: they go through the sanitiser too.
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            // The error itself is one line, whatever newlines an argument brought; usage keeps its lines.
            let short = self.message(for: error)
            if code != .success, !short.isEmpty, let range = message.range(of: short) {
                message.replaceSubrange(range, with: sanitize(short, escapeNewlines: true))
            }
            if !message.isEmpty {
                let text = sanitize(message, keepNewlines: true) + "\n"
                if code == .success {
                    FileHandle.standardOutput.write(Data(text.utf8))
                } else {
                    FileHandle.standardError.write(Data(text.utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Prints a `--json` object on one line: keys sorted, slashes kept, through ``print(_:)``.
func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(
        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

/// Every line spacert prints on stdout passes the one sanitiser (``sanitize(_:keepNewlines:escapeNewlines:)``),
/// whatever it holds: no escape sequence, C1 control or bidi override from a bank, a name, a
/// note or an argument reaches the terminal. Fields that must stay on one line are sanitised
/// with `escapeNewlines` where they are put in.
func print(_ text: String) {
    // JSON (`--json`) keeps its values: what a terminal would act on is written as \u escapes.
    Swift.print(text.hasPrefix("{") ? escapeControlsForJSON(text) : sanitize(text, keepNewlines: true))
}

/// Messages to stderr and the exit statuses of docs/PROTOCOL.md.
enum Diagnostics {
    /// Prints `spacert: error: message` and exits 2 (could not run).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(
            Data("spacert: error: \(sanitize(message, escapeNewlines: true))\n".utf8))
        Foundation.exit(2)
    }

    /// A line on stderr, through the one sanitiser (a newline in it shows as `\n`).
    static func say(_ message: String) {
        FileHandle.standardError.write(Data((sanitize(message, escapeNewlines: true) + "\n").utf8))
    }
}

/// `--banks`, shared by every command that reads banks.
struct BanksOption: ParsableArguments {
    @Option(name: .long, help: "Folder of question banks (default: $SPACERT_BANKS, else ./QuestionBanks).")
    var banks: String?

    var directory: String { SpacertEnvironment().banksDirectory(flag: banks) }
}

/// `--db`, shared by every command that reads progress.
struct StoreOption: ParsableArguments {
    @Option(
        name: .long,
        help: "Progress store (default: $SPACERT_DB, else ~/.local/share/spacert/spacert.sqlite).")
    var db: String?

    var path: String { SpacertEnvironment().storePath(flag: db) }

    /// Opens the store `--db` / `$SPACERT_DB` names: an SQLite file or a PostgreSQL database.
    func open(readOnly: Bool = false) throws -> ProgressStore {
        let environment = SpacertEnvironment()
        return try ProgressStore.open(
            environment.storeLocation(flag: db), variables: environment.variables, readOnly: readOnly)
    }
}

extension ColorMode: ExpressibleByArgument {}
