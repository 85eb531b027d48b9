import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert certificate print ID|FILE`: the printable certificate again; `spacert certificate
/// issue`: the certificates passes at branch terminals earned, at the manager's desk.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Issue certificates at the manager's desk, and print them.",
        subcommands: [Issue.self, Print.self])

    /// `spacert certificate issue --trainee NAME | --all`.
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue the certificates passes earned without the spa's key (at branch terminals).",
            discussion: """
                Run at the manager's desk, with the spa's signing key (--key): branch terminals on a shared \
                PostgreSQL store hold no key, so a pass there is recorded in the shared exam ledger without a \
                certificate. First the whole ledger is audited as 'spacert audit' does (hash chain, every signed \
                checkpoint, the copy outside the store): if it does not check out nothing is issued. Then each \
                pass without a certificate is graded again from the attempt's own ledger rows against the banks \
                it was drawn from (they must be in the banks folder) and certified only when that agrees. A \
                certificate is dated the exam's end and written as the exam writes one: JSON, PDF and HTML under \
                <out>/certificates/, and the store's copy for 'spacert verify --code'. Running it again issues \
                nothing new. Afterwards 'spacert audit --checkpoint' signs the ledger's head. Exit status: 0 every \
                pass is certified; 1 the ledger does not check out, or a pass was held back (each with its \
                reason); 2 could not run (no key, no store). With --json, one JSON object on stdout says the same \
                (docs/PROTOCOL.md).
                """)

        @Option(help: "Only this trainee's passes.")
        var trainee: String?

        @Flag(help: "Every trainee's passes.")
        var all = false

        @Option(help: "Folder for certificates (default: ./Reports).")
        var out: String = "Reports"

        @Flag(help: "Print JSON on stdout.")
        var json = false

        @OptionGroup var ledgerKey: LedgerKeyOption
        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func validate() throws {
            guard (trainee != nil) != all else {
                throw ValidationError("give --trainee NAME or --all")
            }
        }

        func run() throws {
            let keyPath = ledgerKey.key.path
            do {
                _ = try SigningKey.load(path: keyPath)
            } catch {
                throw SpacertError.invalidInput(
                    "certificates are issued with the spa's signing key, which is not usable here: \(error)")
            }
            let progress = try store.open()
            let person = try trainee.map { try progress.existingTrainee(named: $0) }
            let set = try BankLoader.loadAll(directory: banks.directory)
            let proctor = try ExamProctor(
                store: progress, banks: set, banksDirectory: banks.directory, clock: { Date() })
            let desk = CertificateDesk(
                keyPath: keyPath, outputDirectory: out, banks: set, content: proctor.content, store: progress)
            let outcome = try desk.issueFromLedger(trainee: person?.id, trust: ledgerKey.trust)
            let place = sanitize(progress.path)
            if json {
                try printJSON(Self.json(outcome, store: progress.path))
                if !outcome.auditProblems.isEmpty || !outcome.held.isEmpty { throw ExitCode(1) }
                return
            }
            if !outcome.auditProblems.isEmpty {
                Diagnostics.say(
                    "spacert: no certificate was issued: the exam ledger in \(place) does not check out "
                        + "(\(outcome.auditProblems.count) problem\(outcome.auditProblems.count == 1 ? "" : "s")); "
                        + "'spacert audit' shows each:")
                outcome.auditProblems.forEach { Diagnostics.say("  - " + $0.message) }
                throw ExitCode(1)
            }
            for issued in outcome.issued {
                let certificate = issued.certificate.certificate
                print(
                    "issued \(certificate.id) to \(sanitize(certificate.trainee)) for attempt \(certificate.attemptID) "
                        + "(passed \(ISO8601.format(certificate.issued).prefix(10))): \(issued.path)")
                if let printed = issued.printed {
                    Diagnostics.say("spacert: printable certificate: \(printed.pdf) (and \(printed.html))")
                } else if let problem = issued.printProblem {
                    Diagnostics.say(
                        "spacert: warning: the printable certificate was not made (\(problem)); run "
                            + "'spacert certificate print \(certificate.id)' to try again")
                }
            }
            for held in outcome.held {
                print("not issued: attempt \(held.attemptID) of \(sanitize(held.trainee)): \(held.reason)")
            }
            print(
                "certificates: \(outcome.issued.count) issued now, \(outcome.held.count) held back, "
                    + "\(outcome.alreadyCertified) pass\(outcome.alreadyCertified == 1 ? "" : "es") already certified "
                    + "(\(place))")
            if !outcome.held.isEmpty { throw ExitCode(1) }
        }

        /// The outcome as one JSON object: what was issued (with the files written), what was
        /// held back and why, and the ledger's problems when nothing could be issued.
        private static func json(_ outcome: LedgerIssuing, store: String) -> [String: Any] {
            let issued = outcome.issued.map { issued -> [String: Any] in
                let certificate = issued.certificate.certificate
                return [
                    "certificate": certificate.id, "code": VerificationCode.make(for: issued.certificate),
                    "trainee": certificate.trainee, "attempt": certificate.attemptID,
                    "passed": ISO8601.format(certificate.issued),
                    "expires": ISO8601.format(certificate.expires),
                    "file": issued.path, "pdf": issued.printed?.pdf ?? NSNull(),
                    "html": issued.printed?.html ?? NSNull(),
                    "print_problem": issued.printProblem ?? NSNull(),
                ]
            }
            return [
                "version": 1, "store": store, "issued": issued,
                "held_back": outcome.held.map {
                    ["attempt": $0.attemptID, "trainee": $0.trainee, "reason": $0.reason] as [String: Any]
                },
                "already_certified": outcome.alreadyCertified,
                "ledger_problems": outcome.auditProblems.map(\.json),
            ]
        }
    }

    /// `spacert certificate print ID|FILE [--out DIR]`.
    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Make a certificate's one-page PDF and HTML again, from its id or its JSON file.",
            discussion: """
                The certificate is checked first as 'spacert verify' checks it: only a genuine one (valid or
                expired) is printed. The spa's name and logo come from the policy in the banks folder. The files
                are written to <out>/certificates/, named as the certificate's JSON is, replacing earlier prints.
                Exit status: 0 printed; 2 not found, not genuine, or not writable.
                """)

        @Argument(help: "The certificate id (SPC-…), looked up in the store, or its JSON file.")
        var certificate: String

        @Option(help: "Folder to write to (default: ./Reports).")
        var out: String = "Reports"

        @Option(name: .long, help: "The spa's public key (default: the .pub beside the signing key).")
        var publicKey: String?

        @OptionGroup var key: KeyOption
        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let trustedPath =
                publicKey.flatMap { $0.isEmpty ? nil : $0 } ?? SigningKey.publicKeyPath(for: key.path)
            let trusted = try PublicSigningKey.load(path: trustedPath)
            let document: Data
            let source: String
            if certificate.lowercased().hasSuffix(".json") || certificate.contains("/") {
                document = try CertificateVerifier.readDocument(path: certificate)
                source = "'\(certificate)'"
            } else {
                let progress = try store.open(readOnly: true)
                guard let stored = try progress.certificate(id: certificate) else {
                    throw SpacertError.invalidInput(
                        "no certificate '\(sanitize(certificate))' in '\(progress.path)'; give its id "
                            + "(SPC-…) or its JSON file")
                }
                document = Data(stored.document.utf8)
                source = "certificate \(stored.id)"
            }
            let (signed, verdict) = try CertificateVerifier.genuine(
                document: document, from: source, trustedKey: trusted, now: try environment.now())
            let policy = try BankLoader.loadAll(directory: banks.directory).policy
            let sheet = try CertificateSheet(
                signed: signed, spa: policy?.spaName ?? "Spa certification", logo: policy?.logo)
            let paths = try sheet.write(to: out)
            print(paths.pdf)
            print(paths.html)
            if !verdict.isValid { Diagnostics.say("spacert: note: \(verdict.text)") }
        }
    }
}
