import ArgumentParser
import Foundation
import SpacertKit
import SpacertScreens
import SpacertTerminal

/// `spacert exam`: the certification exam, and a manager's grant of further attempts.
struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Sit the certification exam under the policy in the banks folder.",
        subcommands: [Take.self, Check.self, Show.self, Grant.self],
        defaultSubcommand: Take.self)

    /// `spacert exam [take] --trainee NAME`.
    struct Take: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "take",
            abstract: "Sit the exam (the default).",
            discussion: """
                Questions are drawn per the policy's blueprint. No feedback until the end; review and \
                change answers before submitting. In a terminal: one question per screen with the time \
                left, single keypresses (? for help). Without one: plain lines. With --jsonl: the \
                session protocol of docs/PROTOCOL.md. Answers are saved as they are given: if the exam is left \
                or the machine stops, the same command resumes it while time remains. Refused, with every \
                reason, when the prerequisites are not met, a wait applies, or the banks do not lint clean. \
                The spa's signing key (--key) certifies a pass and signs the exam ledger; on an SQLite store \
                the exam does not start without it. On a shared PostgreSQL store a branch terminal holds no \
                key: the result is kept unsigned in the shared ledger and the certificate is issued at the \
                manager's desk ('spacert certificate issue'). Exit status: 0 when graded (passed or not) or saved to resume; 1 when refused; 130 after \
                Ctrl-C in a terminal (saved to resume).
                """)

        @Option(help: "The trainee (default: your login name).")
        var trainee: String?

        @Flag(help: "Speak the session protocol: JSON lines on stdin and stdout.")
        var jsonl = false

        @Option(help: "Colour on a terminal: auto, always or never.")
        var color: ColorMode = .auto

        @Option(help: "Folder for certificates.")
        var out: String = "Reports"

        @OptionGroup var ledgerKey: LedgerKeyOption
        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let clock = try environment.sessionClock()
            let progress = try store.open()
            let person = try progress.existingTrainee(named: trainee ?? environment.loginName)
            let set = try BankLoader.loadAll(directory: banks.directory)
            var proctor = try ExamProctor(
                store: progress, banks: set, banksDirectory: banks.directory, clock: clock)
            let certificates = CertificateDesk(
                keyPath: ledgerKey.key.path, outputDirectory: out, banks: set, content: proctor.content,
                store: progress)
            // Without the key no exam starts on one site's store: a pass could not be certified,
            // nor the ledger signed. On a shared store a branch terminal holds no key: the result
            // goes to the shared ledger unsigned and the manager's desk certifies it
            // (docs/POSTGRES.md); a key that is there but unusable is still refused.
            let keyRefusals = certificates.refusals(keyMayBeElsewhere: progress.isShared).map {
                $0 + "; the exam ledger is signed with the same key"
            }
            let pending = certificates.deferred
            if let key = certificates.signingKey {
                proctor.signer = LedgerSigner(key: key, outsidePath: ledgerKey.checkpointPath)
            }
            let output = LineOutput.standardOutput
            let write: (String) -> Void = { _ = output.writeLine($0) }
            // In a terminal, a new attempt starts only when the trainee, shown the rules and the
            // time limit, chooses to begin: the clock starts then, not on an intro screen.
            let interactive = !jsonl && isatty(0) == 1 && output.isTerminal
            var begunNow = false
            if interactive, try progress.openAttempts(trainee: person.id).isEmpty, let policy = set.policy {
                let readiness = try ExamReadiness.check(trainee: person, proctor: proctor, now: clock())
                if readiness.ready && keyRefusals.isEmpty {
                    let width = max(20, min(100, TerminalSize.current().columns))
                    ExamText.beforeBeginning(readiness, policy: policy).flatMap {
                        $0.isEmpty
                            ? [""] : wrap($0, width: width, hangingIndent: $0.hasPrefix("  ") ? "    " : "  ")
                    }.forEach(write)
                    _ = output.write("Begin the exam now? ⏎ start the clock · q leave without starting: ")
                    let answer = (Swift.readLine() ?? "q").trimmingCharacters(in: .whitespaces).lowercased()
                    guard ["", "b", "begin", "y", "yes"].contains(answer) else {
                        write("Nothing was started: no attempt is recorded and no clock is running.")
                        return
                    }
                    begunNow = true
                }
            }
            let opening = try proctor.open(
                trainee: person, extraRefusals: keyRefusals, issue: certificates.sign)
            try certificates.writeSigned()
            ExamCommand.reportPrinting(certificates)
            switch opening {
            case .refused(let reasons):
                if jsonl {
                    write(ExamJSONLSession.refusedEvent(reasons).line)
                } else {
                    Diagnostics.say("spacert: \(person.name) may not start the exam now:")
                    reasons.forEach { Diagnostics.say("  - " + $0) }
                }
                throw ExitCode(1)
            case .closed(let result):
                if jsonl {
                    write(
                        ExamJSONLSession.resultEvent(result, certificate: certificates.path, pending: pending)
                            .line)
                } else {
                    ExamText.result(
                        result, policy: set.policy, certificate: certificates.path,
                        certificatePending: pending
                    ).forEach(write)
                }
            case .ready(let attempt, let resumed):
                // After the session's screen is gone.
                defer { ExamCommand.reportPrinting(certificates) }
                let finish = { (ending: ExamEnding) -> ExamResult in
                    let result = try attempt.finish(ending: ending, issue: certificates.sign)
                    try certificates.writeSigned()
                    return result
                }
                if jsonl {
                    try ExamJSONLSession(
                        attempt: attempt, readLine: InputLines().next, write: write, finish: finish,
                        certificatePath: { certificates.path }, certificatePending: pending
                    ).run()
                    return
                }
                if isatty(0) == 1 && output.isTerminal {
                    let enabled = colorEnabled(mode: color, isTTY: true, environment: environment.variables)
                    let outcome = try TerminalExam(
                        attempt: attempt, resumed: resumed, style: Style(enabled: enabled), finish: finish,
                        certificatePath: { certificates.path }, skipIntro: begunNow,
                        certificatePending: pending
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
                    ExamText.result(
                        result, policy: set.policy, certificate: certificates.path,
                        certificatePending: pending
                    ).forEach(write)
                }
            }
        }
    }

    /// Where the printable certificate went, or why it could not be made (on stderr, so the
    /// session's own output is left as it is).
    static func reportPrinting(_ desk: CertificateDesk) {
        if let printed = desk.printed {
            Diagnostics.say("spacert: printable certificate: \(printed.pdf) (and \(printed.html))")
        } else if let problem = desk.printProblem {
            Diagnostics.say(
                "spacert: warning: the printable certificate was not made (\(problem)); the signed certificate "
                    + "is kept: run 'spacert certificate print' to try again")
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
            let progress = try store.open()
            let set = try BankLoader.loadAll(directory: banks.directory)
            let transcript = try ExamTranscript(
                store: progress, attemptID: attempt, questions: set.questions, trust: ledgerKey.trust)
            let output = LineOutput.standardOutput
            for line in transcript.lines() { _ = output.writeLine(line) }
        }
    }

    /// `spacert exam check --trainee NAME | --all`: readiness, starting nothing.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether a trainee may sit the exam now, rule by rule, without starting one.",
            discussion: """
                Each rule of the policy (certification, attempts, the wait after a failed attempt, practice
                answers, recall of the critical questions) is shown met or not, with what is left and how long it
                should take at the trainee's pace. Nothing is written to the store. Exit status: 0 ready (with
                --all: everyone listed is ready); 1 not yet; 2 could not check.
                """)

        @Option(help: "The trainee (default: your login name).")
        var trainee: String?

        @Flag(help: "Every trainee who is not archived.")
        var all = false

        @Option(help: "Every trainee of this branch who is not archived.")
        var branch: String?

        @Flag(help: "Print JSON on stdout.")
        var json = false

        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func validate() throws {
            guard trainee == nil || (!all && branch == nil) else {
                throw ValidationError("give --trainee NAME, or --all or --branch NAME, not both")
            }
        }

        func run() throws {
            let environment = SpacertEnvironment()
            let now = try environment.now()
            let progress = try store.open(readOnly: true)
            // Without --all or --branch, one trainee: --trainee, else the login name (as quiz and
            // due take it).
            let people: [Trainee]
            if let branch {
                people = try progress.trainees(branch: try Trainee.validatedBranch(branch))
                guard !people.isEmpty else {
                    throw SpacertError.invalidInput(
                        "no trainee in branch '\(branch)'; 'spacert trainee list' shows each trainee's branch"
                    )
                }
            } else if all {
                people = try progress.trainees(includingArchived: false)
            } else {
                people = [try progress.existingTrainee(named: trainee ?? environment.loginName)]
            }
            let set = try BankLoader.loadAll(directory: banks.directory)
            let proctor = try ExamProctor(
                store: progress, banks: set, banksDirectory: banks.directory, clock: { now })
            let readiness = try people.map {
                try ExamReadiness.check(trainee: $0, proctor: proctor, now: now)
            }
            if json {
                print(ExamReadiness.json(readiness, policy: set.policy))
            } else {
                let output = LineOutput.standardOutput
                for (index, entry) in readiness.enumerated() {
                    if index > 0 { _ = output.writeLine("") }
                    entry.lines(policy: set.policy).forEach { _ = output.writeLine($0) }
                }
                if readiness.isEmpty { _ = output.writeLine("No trainees in \(progress.path).") }
            }
            if !readiness.allSatisfy(\.ready) { throw ExitCode(1) }
        }
    }

    /// `spacert exam grant --trainee NAME [--attempts N] [--waive-wait] --note TEXT`.
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Give a trainee further attempts, or waive the wait after a failed attempt (recorded in the ledger).",
            discussion: """
                --attempts N allows N attempts on top of the policy's, until the trainee's next pass; attempts
                already used still count. --waive-wait lets the next attempt start now instead of after the
                policy's wait following the failed attempts made so far; it gives no attempts. Give one or both,
                and --note saying why. The grant, its effects and its note are kept in the exam ledger and listed
                in the trainee report. Exit status: 0 recorded; 2 refused (nothing recorded).
                """)

        @Option(help: "The trainee.")
        var trainee: String

        @Option(help: "Further attempts allowed on top of the policy's, until the next pass.")
        var attempts: Int = 0

        @Flag(help: "No wait after the failed attempts made so far.")
        var waiveWait = false

        @Option(help: "Why, for the record.")
        var note: String

        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption
        @OptionGroup var ledgerKey: LedgerKeyOption

        func run() throws {
            let environment = SpacertEnvironment()
            let now = try environment.now()
            let progress = try store.open()
            let person = try progress.existingTrainee(named: trainee)
            // A grant is signed like every other record; where the key is not at hand the next
            // checkpoint covers it.
            let grant = try progress.grantAttempts(
                trainee: person, attempts: attempts, waiveWait: waiveWait, note: note, at: now,
                signer: try? ledgerKey.signer())
            print("Granted to \(sanitize(person.name)): \(grant.effects) (recorded in the exam ledger).")
            print("Note: \(sanitize(grant.note))")
            // Where that leaves the trainee, when the policy can be read.
            let set = try? BankLoader.loadAll(directory: banks.directory)
            if let set, set.policy != nil,
                let proctor = try? ExamProctor(
                    store: progress, banks: set, banksDirectory: banks.directory, clock: { now }),
                let readiness = try? ExamReadiness.check(trainee: person, proctor: proctor, now: now)
            {
                print("")
                readiness.lines(policy: set.policy).forEach { print($0) }
            }
        }
    }
}
