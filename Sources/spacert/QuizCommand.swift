import ArgumentParser
import Foundation
import SpacertKit
import SpacertScreens
import SpacertTerminal

/// `spacert quiz`: a trainee's practice session.
struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Practise: questions come back just before you would forget them.",
        discussion: """
            In a terminal: single keypresses (letters pick, t/f for true or false, space toggles, \
            Enter submits, ! flags, ? for help; a screen taller than the window scrolls). Without \
            one: plain lines. With --jsonl: the session protocol of docs/PROTOCOL.md. Every answer \
            is saved as it is given; the next 'spacert quiz' goes on from there. --limit counts \
            answers: a missed question that comes back counts again.
            """)

    @Option(help: "Trainee name (default: your login name; created on first use).")
    var trainee: String?

    @Option(name: .customLong("new"), help: "New questions per day.")
    var newPerDay: Int = QueueOptions.defaultNewPerDay

    @Option(help: "Most answers in this session, missed questions coming back included.")
    var limit: Int?

    @Option(
        help: "Only this area (techniques, body-mechanics, communication, contraindications); repeatable.")
    var category: [String] = []

    @Option(help: "Only questions with this tag; repeatable.")
    var tag: [String] = []

    @Flag(help: "Practise without changing the schedule (before an exam).")
    var cram = false

    @Flag(help: "Speak the session protocol: JSON lines on stdin and stdout.")
    var jsonl = false

    @Option(help: "Colour: auto, always or never.")
    var color: ColorMode = .auto

    @OptionGroup var store: StoreOption
    @OptionGroup var banks: BanksOption

    func validate() throws {
        for name in category where Category(rawValue: name) == nil {
            throw ValidationError(
                "unknown area '\(name)'; use techniques, body-mechanics, communication or contraindications")
        }
        if newPerDay < 0 { throw ValidationError("--new must be 0 or more") }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
        let environment = SpacertEnvironment()
        let now = try environment.now()
        let clock = try environment.sessionClock()
        let set = try BankLoader.loadAll(directory: banks.directory)
        for warning in set.leftOutWarnings { Diagnostics.say("spacert: warning: " + warning) }
        if set.hasErrors {
            Diagnostics.say(
                "spacert: warning: some questions have errors and are left out; run 'spacert lint'")
        }
        if set.questions.isEmpty { Diagnostics.fail("\(banks.directory): no questions to practise") }
        let known = Set(set.questions.flatMap(\.tags))
        let unknown = tag.filter { !known.contains($0) }
        if !unknown.isEmpty {
            let names = known.sorted()
            let shown = names.prefix(40).joined(separator: ", ")
            let more = names.count > 40 ? " and \(names.count - 40) more" : ""
            Diagnostics.say(
                "spacert: error: no question has the tag \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                    + (names.isEmpty ? "the banks have no tags" : "the tags are: \(shown)\(more)"))
            throw ExitCode(64)
        }
        let progress = try store.open()
        let (person, created) = try progress.ensureTrainee(named: trainee ?? environment.loginName, at: now)
        if created && !jsonl {
            Diagnostics.say("spacert: welcome, \(person.name): a new trainee record was created")
        }
        let options = QueueOptions(
            mode: cram ? .cram : .practice, newPerDay: newPerDay, limit: limit,
            categories: Set(category.compactMap(Category.init(rawValue:))), tags: Set(tag))
        if !set.questions.contains(where: options.admits) {
            Diagnostics.say(
                "spacert: error: no question is in the areas and tags asked for; widen --category or --tag")
            throw ExitCode(64)
        }
        let session = try PracticeSession(
            store: progress, trainee: person, questions: set.questions, options: options, clock: clock)
        let output = LineOutput.standardOutput
        if jsonl {
            try JSONLSession(
                session: session, readLine: InputLines().next, write: { _ = output.writeLine($0) }
            ).run()
            return
        }
        if isatty(0) == 1 && output.isTerminal {
            let enabled = colorEnabled(mode: color, isTTY: true, environment: environment.variables)
            let outcome = try TerminalQuiz(session: session, style: Style(enabled: enabled)).run()
            if outcome == .interrupted { throw ExitCode(130) }
            return
        }
        try LineSession(session: session, readLine: InputLines().next, write: { _ = output.writeLine($0) })
            .run()
    }
}
