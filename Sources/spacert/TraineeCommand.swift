import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert trainee`: the people who practise.
struct TraineeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainee",
        abstract: "Add, list, rename, move and archive trainees.",
        discussion: """
            A trainee is also added on first use by 'spacert quiz' (to the branch 'main'). Each trainee belongs \
            to a branch of the spa; names and branches ignore ASCII case.
            """,
        subcommands: [Add.self, List.self, Rename.self, Move.self, Archive.self])

    /// `spacert trainee add NAME`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a trainee.")

        @Argument(help: "The trainee's name (1 to 64 characters, no control characters).")
        var name: String

        @Option(help: "The branch of the spa the trainee works at (1 to 64 characters).")
        var branch: String = Trainee.defaultBranch

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let progress = try store.open()
            let trainee = try progress.addTrainee(named: name, branch: branch, at: try environment.now())
            Diagnostics.say("added trainee '\(trainee.name)' to branch '\(trainee.branch)'")
        }
    }

    /// `spacert trainee move NAME --branch BRANCH`.
    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a trainee to another branch; their progress stays.")

        @Argument(help: "The trainee's name.")
        var name: String

        @Option(help: "The branch to move to.")
        var branch: String

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let progress = try store.open()
            let trainee = try progress.moveTrainee(named: name, toBranch: branch)
            Diagnostics.say("moved trainee '\(trainee.name)' to branch '\(trainee.branch)'")
        }
    }

    /// `spacert trainee list [--all] [--json]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trainees.")

        @Flag(help: "Include archived trainees.")
        var all = false

        @Option(help: "Only the trainees of this branch.")
        var branch: String?

        @Flag(help: "Print JSON on stdout.")
        var json = false

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let progress = try store.open()
            let trainees = try progress.trainees(
                includingArchived: all, branch: try branch.map(Trainee.validatedBranch))
            if json {
                print(try TraineeListJSON(trainees: trainees).encoded())
            } else if trainees.isEmpty {
                Diagnostics.say(all ? "no trainees yet" : "no trainees yet (or all archived: see --all)")
            } else {
                let names = trainees.map { sanitize($0.name, escapeNewlines: true) }
                let branches = trainees.map { sanitize($0.branch, escapeNewlines: true) }
                let width = names.map(\.count).max() ?? 0
                let branchWidth = branches.map(\.count).max() ?? 0
                for ((trainee, name), branch) in zip(zip(trainees, names), branches) {
                    let padding = String(repeating: " ", count: width - name.count)
                    let branchPadding = String(repeating: " ", count: branchWidth - branch.count)
                    let created = ISO8601.format(trainee.created).prefix(10)
                    print(
                        "\(name)\(padding)  \(branch)\(branchPadding)  since \(created)"
                            + (trainee.archived ? "  (archived)" : ""))
                }
            }
        }
    }

    /// `spacert trainee rename OLD NEW`.
    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a trainee; their progress stays.")

        @Argument(help: "The current name.")
        var name: String

        @Argument(help: "The new name.")
        var newName: String

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let progress = try store.open()
            let trainee = try progress.renameTrainee(named: name, to: newName)
            Diagnostics.say("renamed trainee '\(name)' to '\(trainee.name)'")
        }
    }

    /// `spacert trainee archive NAME [--restore]`.
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive a trainee: hidden from lists, progress kept.")

        @Argument(help: "The trainee's name.")
        var name: String

        @Flag(help: "Bring an archived trainee back.")
        var restore = false

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let progress = try store.open()
            let trainee = try progress.archiveTrainee(named: name, archived: !restore)
            Diagnostics.say("\(restore ? "restored" : "archived") trainee '\(trainee.name)'")
        }
    }
}

/// `spacert trainee list --json`.
struct TraineeListJSON: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var name: String
        var created: String
        var archived: Bool
        var branch: String
    }

    var version = 1
    var trainees: [Entry]

    init(trainees: [Trainee]) {
        self.trainees = trainees.map {
            Entry(
                id: $0.id, name: $0.name, created: ISO8601.format($0.created), archived: $0.archived,
                branch: $0.branch)
        }
    }
}

extension Encodable {
    /// The value as one line of JSON with sorted keys.
    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
