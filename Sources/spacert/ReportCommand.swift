import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert report`: the trainee report, the manager's cohort report and the editors' item
/// analysis, in text, Markdown, HTML, CSV and JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the trainee, cohort or item-analysis report.",
        discussion: """
            --format takes one format or several separated by commas (text, markdown, html, csv, json). \
            Without --out, text prints on stdout (JSON too when text is not asked for) and the other \
            formats are written under ./Reports; with --out DIR every format is a file in DIR. Files are \
            named trainee-<name>-<id>-<date>, cohort-<date> and items-<date>; each path written is printed on \
            stderr.
            """,
        subcommands: [Trainee.self, Cohort.self, Items.self, Expiring.self])

    /// `spacert report trainee [NAME]`.
    struct Trainee: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A trainee's attempts, area scores, certification, missed questions and practice.")

        @Argument(help: "The trainee (default: your login name).")
        var name: String?

        @OptionGroup var options: ReportOptions

        func run() throws {
            let context = try options.context()
            let person = try context.store.existingTrainee(named: name ?? context.environment.loginName)
            let input = try context.input(.trainee(person))
            try options.emit(TraineeReport(trainee: person, input: input))
        }
    }

    /// `spacert report cohort`.
    struct Cohort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every trainee's status, weak areas, most-missed questions and practice activity.",
            discussion: """
                Status: certified; expiring (within the policy's warn-days of expiry); expired; in-training \
                (practised or sat the exam, never certified); not-started. A certificate expires the policy's \
                validity months after the passing attempt finished (UTC).
                """)

        @Flag(name: .customLong("all"), help: "Include archived trainees.")
        var includeArchived = false

        @Option(help: "Only the trainees of this branch (names ignore ASCII case).")
        var branch: String?

        @OptionGroup var options: ReportOptions

        func run() throws {
            let context = try options.context()
            let branch = try branch.map(SpacertKit.Trainee.validatedBranch)
            if let branch,
                try context.store.trainees(includingArchived: includeArchived, branch: branch).isEmpty
            {
                throw SpacertError.invalidInput(
                    "no trainee in branch '\(branch)'; 'spacert trainee list' shows each trainee's branch")
            }
            let input = try context.input(.cohort(includingArchived: includeArchived, branch: branch))
            try options.emit(CohortReport(input: input))
        }
    }

    /// `spacert report items`.
    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Item analysis for editors: Moodle's quiz statistics and the distractor table.",
            discussion: """
                Per question: facility, standard deviation, random guess score, intended and effective weight, \
                discrimination index and discriminative efficiency, over the attempts that contained it; per \
                exam: Cronbach's alpha, error ratio, standard error, skewness and kurtosis. Questions that need \
                checking are listed with the reasons.
                """)

        @Option(help: "Attempts to count: first, last, highest (Moodle's default) or all.")
        var attempts: AttemptSelection = .default

        @OptionGroup var options: ReportOptions

        func run() throws {
            let context = try options.context()
            let input = try context.input(.items)
            try options.emit(ItemsReport(input: input, selection: attempts))
        }
    }
}

extension ReportCommand {
    /// `spacert report expiring --within 60d`.
    struct Expiring: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Certificates that lapse within a window, with each therapist's readiness to recertify.",
            discussion: """
                Lists every therapist whose certificate expires within --within of now (60d, 8w, or days), \
                soonest first, and those already lapsed; for each, whether they may sit the exam now to renew \
                or the first rule not met. Exit status: 1 when a certificate lapses within the window (for a \
                cron job to mail the report), else 0; 2 when it could not run.
                """)

        @Option(help: "The window: days (60d), weeks (8w) or a number of days.")
        var within = "60d"

        @OptionGroup var options: ReportOptions

        func run() throws {
            let days = try ExpiringReport.days(within)
            let context = try options.context()
            let input = try context.input(.cohort(includingArchived: false, branch: nil))
            let report = ExpiringReport(input: input, withinDays: days)
            try options.emit(report)
            if report.lapsingInWindow > 0 { throw ExitCode(1) }
        }
    }
}

/// The options every report takes.
struct ReportOptions: ParsableArguments {
    @Option(help: "text, markdown, html, csv or json; several separated by commas.")
    var format = "text"

    @Option(help: "Folder to write the report files in (default: ./Reports; then text is a file too).")
    var out: String?

    @Option(help: "Colour the text on a terminal: auto, always or never.")
    var color: ColorMode = .auto

    @OptionGroup var store: StoreOption
    @OptionGroup var banks: BanksOption
    @OptionGroup var ledgerKey: LedgerKeyOption

    func validate() throws {
        do { _ = try ReportFormat.list(format) } catch { throw ValidationError("\(error)") }
    }

    /// What a report command works with.
    struct Context {
        var environment: SpacertEnvironment
        var now: Date
        var store: ProgressStore
        var set: BankSet
        var policy: CertificationPolicy
        var trust: LedgerTrust

        func input(_ scope: ReportInput.Scope) throws -> ReportInput {
            try ReportInput.load(
                from: store, scope: scope, questions: set.questions, policy: policy, now: now,
                calendar: QueueOptions().calendar, trust: trust)
        }
    }

    /// Opens the store and loads the banks and the policy.
    func context() throws -> Context {
        let environment = SpacertEnvironment()
        let now = try environment.now()
        let progress = try store.open()
        let set = try BankLoader.loadAll(directory: banks.directory)
        guard let policy = set.policy else {
            throw SpacertError.invalidInput(
                "no sound certification policy in '\(banks.directory)'; reports need one (run 'spacert lint')"
            )
        }
        if set.hasErrors {
            Diagnostics.say("spacert: warning: the banks have errors; run 'spacert lint' to see them")
        }
        return Context(
            environment: environment, now: now, store: progress, set: set, policy: policy,
            trust: ledgerKey.trust)
    }

    /// Writes `report` in every format asked for: to stdout or to files, each path on stderr.
    func emit(_ report: some RenderableReport) throws {
        let formats = try ReportFormat.list(format)
        let environment = SpacertEnvironment()
        for (format, destination) in ReportOutput.plan(formats: formats, outDirectory: out, report: report) {
            switch destination {
            case .standardOutput:
                let output = LineOutput.standardOutput
                let colour = colorEnabled(
                    mode: color, isTTY: output.isTerminal, environment: environment.variables)
                _ = output.write(try report.rendered(format, style: Style(enabled: colour)))
            case .file(let path):
                try ReportFile.write(try report.rendered(format), to: path)
                Diagnostics.say("wrote \(path)")
                guard format == .csv else { break }
                let folder = (path as NSString).deletingLastPathComponent
                for extra in report.extraCSV {
                    let extraPath = (folder as NSString).appendingPathComponent(
                        report.extraCSVFileName(extra.name))
                    try ReportFile.write(extra.table.render(), to: extraPath)
                    Diagnostics.say("wrote \(extraPath)")
                }
            }
        }
    }
}

extension AttemptSelection: ExpressibleByArgument {}
