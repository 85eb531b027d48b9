import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert exam`: the certification exam, and a manager's grant of further attempts.
struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Sit the certification exam under the policy in the banks folder.",
        subcommands: [Take.self, Show.self, Grant.self],
        defaultSubcommand: Take.self)

    /// `spacert exam [take] --trainee NAME`.
    struct Take: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "take",
            abstract: "Sit the exam (the default).",
            discussion: """
                Questions are drawn per the policy's blueprint. No feedback until the end; review and
                change answers before submitting. In a terminal: one question per screen with the time
                left, single keypresses (? for help). Without one: plain lines. With --jsonl: the
                session protocol of PROTOCOL.md. Answers are saved as they are given: if the exam is left
                or the machine stops, the same command resumes it while time remains. Refused, with every
                reason, when the prerequisites are not met, a wait applies, or the banks do not lint clean.
                Exit status: 0 when graded (passed or not) or saved to resume; 1 when refused; 130 after
                Ctrl-C in a terminal (saved to resume).
                """)

        @Option(help: "The trainee (default: your login name).")
        var trainee: String?

        @Flag(help: "Speak the session protocol: JSON lines on stdin and stdout.")
        var jsonl = false

        @Option(help: "Colour on a terminal: auto, always or never.")
        var color: ColorMode = .auto

        @Option(help: "Folder for certificates (default: ./Reports).")
        var out: String = "Reports"

        @OptionGroup var ledgerKey: LedgerKeyOption
        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let clock = try environment.sessionClock()
            let progress = try ProgressStore(path: store.path)
            let person = try progress.existingTrainee(named: trainee ?? environment.loginName)
            let set = try BankLoader.loadAll(directory: banks.directory)
            var proctor = try ExamProctor(
                store: progress, banks: set, banksDirectory: banks.directory, clock: clock)
            let certificates = CertificateDesk(
                keyPath: ledgerKey.key.path, outputDirectory: out, banks: set, content: proctor.content)
            // Without the key no exam starts: a pass could not be certified, nor the ledger signed.
            let keyRefusals = certificates.refusals().map {
                $0 + "; the exam ledger is signed with the same key"
            }
            if let key = certificates.signingKey {
                proctor.signer = LedgerSigner(key: key, outsidePath: ledgerKey.checkpointPath)
            }
            let output = LineOutput.standardOutput
            let write: (String) -> Void = { _ = output.writeLine($0) }
            let opening = try proctor.open(
                trainee: person, extraRefusals: keyRefusals, issue: certificates.sign)
            try certificates.writeSigned()
            switch opening {
            case .refused(let reasons):
                if jsonl {
                    write(JSONLSession.encode(ExamJSONLSession.refusedEvent(reasons)))
                } else {
                    Diagnostics.say("spacert: \(person.name) may not start the exam now:")
                    reasons.forEach { Diagnostics.say("  - " + $0) }
                }
                throw ExitCode(1)
            case .closed(let result):
                if jsonl {
                    write(
                        JSONLSession.encode(
                            ExamJSONLSession.resultEvent(result, certificate: certificates.path)))
                } else {
                    ExamText.result(result, policy: set.policy, certificate: certificates.path).forEach(write)
                }
            case .ready(let attempt, let resumed):
                let finish = { (ending: ExamEnding) -> ExamResult in
                    let result = try attempt.finish(ending: ending, issue: certificates.sign)
                    try certificates.writeSigned()
                    return result
                }
                if jsonl {
                    try ExamJSONLSession(
                        attempt: attempt, readLine: InputLines().next, write: write, finish: finish,
                        certificatePath: { certificates.path }
                    ).run()
                    return
                }
                if isatty(0) == 1 && output.isTerminal {
                    let enabled = colorEnabled(mode: color, isTTY: true, environment: environment.variables)
                    let outcome = try TerminalExam(
                        attempt: attempt, resumed: resumed, style: Style(enabled: enabled), finish: finish,
                        certificatePath: { certificates.path }
                    ).run()
                    if outcome == .interrupted { throw ExitCode(130) }
                    return
                }
                let result = try ExamLineSession(
                    attempt: attempt, resumed: resumed, readLine: InputLines().next, write: write,
                    finish: finish
                ).run()
                if let result {
                    write("")
                    ExamText.result(result, policy: set.policy, certificate: certificates.path).forEach(write)
                }
            }
        }
    }

    /// `spacert exam show ATTEMPT`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an attempt again exactly: the questions as shown, the answers and the grading.")

        @Argument(help: "The attempt id (EX-…), as the result and reports give it.")
        var attempt: String

        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption
        @OptionGroup var ledgerKey: LedgerKeyOption

        func run() throws {
            let progress = try ProgressStore(path: store.path)
            let set = try BankLoader.loadAll(directory: banks.directory)
            let transcript = try ExamTranscript(
                store: progress, attemptID: attempt, questions: set.questions, trust: ledgerKey.trust)
            let output = LineOutput.standardOutput
            for line in transcript.lines() { _ = output.writeLine(line) }
        }
    }

    /// `spacert exam grant --trainee NAME --note TEXT`.
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allow a trainee further attempts after the policy's limit (recorded in the ledger).")

        @Option(help: "The trainee.")
        var trainee: String

        @Option(help: "Why, for the record.")
        var note: String

        @OptionGroup var store: StoreOption
        @OptionGroup var ledgerKey: LedgerKeyOption

        func run() throws {
            let environment = SpacertEnvironment()
            let now = try environment.now()
            let progress = try ProgressStore(path: store.path)
            let person = try progress.existingTrainee(named: trainee)
            // A grant is signed like every other record; where the key is not at hand the
            // next checkpoint covers it.
            try progress.grantAttempts(trainee: person, note: note, at: now, signer: try? ledgerKey.signer())
            Diagnostics.say("\(person.name) may make further attempts (recorded in the exam ledger)")
        }
    }
}
