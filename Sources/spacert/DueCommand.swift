import ArgumentParser
import Foundation
import SpacertKit

/// `spacert due`: what a trainee has to practise now, today and in the next week.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Show what a trainee has due now, later today and on each of the next 7 days.",
        discussion: """
            A review is due for the whole of its due day; a learning step at its time. Questions that \
            left the banks are not counted; a question whose rev rose counts as new again.
            """)

    @Option(help: "The trainee (default: your login name).")
    var trainee: String?

    @Option(name: .customLong("new"), help: "New questions a trainee may start per day.")
    var newPerDay = QueueOptions.defaultNewPerDay

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @OptionGroup var store: StoreOption
    @OptionGroup var banks: BanksOption

    func validate() throws {
        guard newPerDay >= 0 else { throw ValidationError("--new must be 0 or more") }
    }

    func run() throws {
        let environment = SpacertEnvironment()
        let now = try environment.now()
        let progress = try store.open()
        let trainee = try progress.existingTrainee(named: trainee ?? environment.loginName)
        let set = try BankLoader.loadAll(directory: banks.directory)
        if set.hasErrors {
            Diagnostics.say("spacert: warning: the banks have errors; run 'spacert lint' to see them")
        }
        let options = QueueOptions(newPerDay: newPerDay)
        let summary = try DueSummary.load(
            from: progress, trainee: trainee.id, questions: set.questions, now: now, newPerDay: newPerDay,
            calendar: options.calendar)
        if json {
            print(try DueJSON(trainee: trainee, summary: summary, calendar: options.calendar).encoded())
        } else {
            print(text(trainee: trainee, summary: summary, calendar: options.calendar))
        }
    }

    private func text(trainee: Trainee, summary: DueSummary, calendar: Calendar) -> String {
        var lines = [
            "\(trainee.name): \(summary.dueNow) due now, \(summary.dueLaterToday) later today; "
                + "\(summary.newAvailable) new available today "
                + "(\(summary.newIntroducedToday) started today, \(summary.newPerDay) a day)"
        ]
        for day in summary.days {
            let count = String(day.due)
            let padding = String(repeating: " ", count: max(0, 5 - count.count))
            lines.append("  \(ISO8601.weekdayAndDay(day.start, in: calendar))\(padding)\(count)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `spacert due --json`.
struct DueJSON: Encodable {
    struct Day: Encodable {
        var date: String
        var due: Int
    }

    var version = 1
    var trainee: String
    var now: String
    var dueNow: Int
    var dueLaterToday: Int
    var days: [Day]
    var newAvailable: Int
    var newIntroducedToday: Int
    var newPerDay: Int
    var unseen: Int
    var learning: Int
    var review: Int

    enum CodingKeys: String, CodingKey {
        case version, trainee, now, days, unseen, learning, review
        case dueNow = "due_now"
        case dueLaterToday = "due_later_today"
        case newAvailable = "new_available"
        case newIntroducedToday = "new_introduced_today"
        case newPerDay = "new_per_day"
    }

    init(trainee: Trainee, summary: DueSummary, calendar: Calendar) {
        self.trainee = trainee.name
        now = ISO8601.format(summary.now)
        dueNow = summary.dueNow
        dueLaterToday = summary.dueLaterToday
        days = summary.days.map { Day(date: ISO8601.day($0.start, in: calendar), due: $0.due) }
        newAvailable = summary.newAvailable
        newIntroducedToday = summary.newIntroducedToday
        newPerDay = summary.newPerDay
        unseen = summary.unseen
        learning = summary.learning
        review = summary.review
    }
}
