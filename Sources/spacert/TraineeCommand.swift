import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert trainee`: the people who practise.
struct TraineeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainee",
        abstract: "Add, list, rename and archive trainees.",
        discussion: "A trainee is also added on first use by 'spacert quiz'. Names ignore ASCII case.",
        subcommands: [Add.self, List.self, Rename.self, Archive.self])

    /// `spacert trainee add NAME`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a trainee.")

        @Argument(help: "The trainee's name (1 to 64 characters, no control characters).")
        var name: String

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let progress = try ProgressStore(path: environment.storePath(flag: store.db))
            let trainee = try progress.addTrainee(named: name, at: try environment.now())
            Diagnostics.say("added trainee '\(trainee.name)'")
        }
    }

    /// `spacert trainee list [--all] [--json]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trainees.")

        @Flag(help: "Include archived trainees.")
        var all = false

        @Flag(help: "Print JSON on stdout.")
        var json = false

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let progress = try ProgressStore(path: store.path)
            let trainees = try progress.trainees(includingArchived: all)
            if json {
                print(try TraineeListJSON(trainees: trainees).encoded())
            } else if trainees.isEmpty {
                Diagnostics.say(all ? "no trainees yet" : "no trainees yet (or all archived: see --all)")
            } else {
                let names = trainees.map { sanitize($0.name, escapeNewlines: true) }
                let width = names.map(\.count).max() ?? 0
                for (trainee, name) in zip(trainees, names) {
                    let padding = String(repeating: " ", count: width - name.count)
                    let created = ISO8601.format(trainee.created).prefix(10)
                    print("\(name)\(padding)  since \(created)\(trainee.archived ? "  (archived)" : "")")
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
            let progress = try ProgressStore(path: store.path)
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
            let progress = try ProgressStore(path: store.path)
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
    }

    var version = 1
    var trainees: [Entry]

    init(trainees: [Trainee]) {
        self.trainees = trainees.map {
            Entry(id: $0.id, name: $0.name, created: ISO8601.format($0.created), archived: $0.archived)
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
