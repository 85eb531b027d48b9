import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert store`: the progress store itself, on either engine.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Migrate, describe and copy progress stores (SQLite files or PostgreSQL databases).",
        subcommands: [Migrate.self, Info.self, Copy.self])

    /// `spacert store migrate [--db …]`.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring a store's schema up to date, and say from which version to which.",
            discussion: """
                Commands that write already do this when they open an older store; read-only ones (such as \
                'spacert exam check', or a terminal whose role may not change tables) refuse it and point here. \
                An empty PostgreSQL database gets a new store; a missing SQLite file is refused. A store written \
                by a newer spacert, or a database of another program, is refused and left as it is (exit 2).
                """)

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let migration = try ProgressStore.migrate(
                environment.storeLocation(flag: store.db), variables: environment.variables)
            let place = "'\(migration.location)'"
            if migration.from == migration.to {
                Diagnostics.say(
                    "the store \(place) is already at schema version \(migration.to); nothing to do")
            } else if migration.from == 0 {
                Diagnostics.say("made a new store at \(place), schema version \(migration.to)")
            } else {
                Diagnostics.say(
                    "the store \(place) was migrated from schema version \(migration.from) to \(migration.to)"
                )
            }
        }
    }

    /// `spacert store info [--db …] [--json]`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a store's engine, location, schema version and row counts.")

        @Flag(help: "Print JSON on stdout.")
        var json = false

        @OptionGroup var store: StoreOption
        @OptionGroup(visibility: .hidden) var banks: BanksOption

        func run() throws {
            let description = try store.open(readOnly: true).describe()
            let rows = description.rows
            let counts: [(String, Int)] = [
                ("trainees", rows.trainees), ("cards", rows.cards), ("answers", rows.reviews),
                ("flags", rows.flags), ("ledger_entries", rows.ledger), ("checkpoints", rows.checkpoints),
                ("certificates", rows.certificates),
            ]
            if json {
                let object: [String: Any] = [
                    "version": 1, "engine": description.engine, "location": description.location,
                    "schema_version": description.schemaVersion,
                    "rows": Dictionary(uniqueKeysWithValues: counts.map { ($0.0, $0.1 as Any) }),
                ]
                try printJSON(object)
            } else {
                print("engine: \(description.engine)")
                print("location: \(sanitize(description.location, escapeNewlines: true))")
                print("schema version: \(description.schemaVersion)")
                for (name, count) in counts {
                    print("\(name.replacingOccurrences(of: "_", with: " ")): \(count)")
                }
            }
        }
    }

    /// `spacert store copy --from STORE --to STORE`.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole store into a new, empty one (an SQLite file into PostgreSQL, say).",
            discussion: """
                Trainees, cards, the review log, flags, the exam ledger, its checkpoints and the certificates \
                are copied as they are: ids, sequence numbers, hashes and times kept, so 'spacert audit' passes \
                on the copy with the same key. The source is only read (it must be at this spacert's schema: \
                see 'spacert store migrate'). The target is made or brought up to date, must hold no trainee, \
                ledger entry or checkpoint, and is written in one transaction: if anything fails it stays empty.
                """)

        @Option(help: "The store to copy: an SQLite file's path or a postgres:// URL.")
        var from: String

        @Option(help: "The new store: an SQLite file's path or a postgres:// URL of an empty database.")
        var to: String

        func run() throws {
            let environment = SpacertEnvironment()
            let source = try StoreLocation.parse(from, origin: "--from")
            let target = try StoreLocation.parse(to, origin: "--to")
            if source.isSameStore(as: target) {
                throw SpacertError.invalidInput(
                    "--from and --to name the same store; copy into a new, empty one")
            }
            if case .sqlite(let path) = source, !FileManager.default.fileExists(atPath: path) {
                throw SpacertError.store("there is no progress store at '\(path)' (--from) to copy")
            }
            let sourceStore = try ProgressStore.open(source, variables: environment.variables, readOnly: true)
            let targetStore = try ProgressStore.open(target, variables: environment.variables)
            let copied = try sourceStore.copy(to: targetStore)
            Diagnostics.say("copied \(copied.summary) from '\(sourceStore.path)' to '\(targetStore.path)'")
        }
    }
}
