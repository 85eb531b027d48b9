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
            VerifyCommand.self, ReportCommand.self,
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
            exit(withError: error)
        }
    }
}

/// Messages to stderr and the exit statuses of docs/PROTOCOL.md.
enum Diagnostics {
    /// Prints `spacert: error: message` and exits 2 (could not run).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("spacert: error: \(message)\n".utf8))
        Foundation.exit(2)
    }

    /// A line on stderr.
    static func say(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
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
}

extension ColorMode: ExpressibleByArgument {}
