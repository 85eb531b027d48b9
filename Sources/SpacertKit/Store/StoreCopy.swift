import Foundation

// Copying a whole store (`spacert store copy`) and bringing one up to date (`spacert store
// migrate`), on either engine, through the store protocol: the source's read transaction
// exports its rows in batches (``StoreTransaction/exportRows(batchSize:_:)``), the target's one
// write transaction inserts them as they are (``StoreTransaction/importRows(_:)``). Rows are
// the columns as stored (times as whole microseconds), never values converted back, so the
// exam ledger's hashes and the checkpoints' signatures still hold on the copy.

/// Rows of the store's tables exactly as stored, for copying.
enum StoreRow {
    struct Trainee: Sendable, Hashable {
        var id: Int64
        var name: String
        var created: Int64
        var archived: Int
        var branch: String
    }

    struct Card: Sendable, Hashable {
        var traineeID: Int64
        var questionID: String
        var questionRev: Int64
        var state: Int
        var step: Int?
        var stability: Double?
        var difficulty: Double?
        var due: Int64
        var lastReview: Int64?
        var reps: Int64
        var lapses: Int64
        var introduced: Int64
    }

    struct Review: Sendable, Hashable {
        var id: Int64
        var traineeID: Int64
        var questionID: String
        var questionRev: Int64
        var answer: String
        var shownOrder: String
        var correct: Int
        var score: Double
        var rating: Int
        var reviewedAt: Int64
        var durationMilliseconds: Int64
        var mode: String
    }

    struct Flag: Sendable, Hashable {
        var id: Int64
        var traineeID: Int64
        var questionID: String
        var questionRev: Int64
        var note: String
        var created: Int64
    }

    struct Ledger: Sendable, Hashable {
        var seq: Int64
        var attempt: String
        var traineeID: Int64
        var kind: String
        var at: Int64
        var body: String
        var previousHash: String
        var hash: String
    }

    struct Checkpoint: Sendable, Hashable {
        var id: Int64
        var seq: Int64
        var head: String
        var at: Int64
        var key: String
        var signature: String
    }

    struct Certificate: Sendable, Hashable {
        var id: String
        var traineeID: Int64
        var attempt: String
        var code: String
        var issued: Int64
        var expires: Int64
        var document: String
    }
}

/// One batch of rows of one table, as ``StoreTransaction/exportRows(batchSize:_:)`` lends them.
/// `open_attempts` is not among them: the ledger's own triggers rebuild it as its rows go in.
enum StoreRowBatch: Sendable, Hashable {
    case trainees([StoreRow.Trainee])
    case cards([StoreRow.Card])
    case reviews([StoreRow.Review])
    case flags([StoreRow.Flag])
    case ledger([StoreRow.Ledger])
    case checkpoints([StoreRow.Checkpoint])
    case certificates([StoreRow.Certificate])

    var count: Int {
        switch self {
        case .trainees(let rows): rows.count
        case .cards(let rows): rows.count
        case .reviews(let rows): rows.count
        case .flags(let rows): rows.count
        case .ledger(let rows): rows.count
        case .checkpoints(let rows): rows.count
        case .certificates(let rows): rows.count
        }
    }
}

/// How many rows a store holds, table by table.
public struct StoreRowCounts: Sendable, Hashable, Codable {
    public var trainees = 0
    public var cards = 0
    public var reviews = 0
    public var flags = 0
    public var ledger = 0
    public var checkpoints = 0
    public var certificates = 0

    public init() {}

    /// No trainee, no ledger row and no checkpoint (every other row belongs to a trainee).
    public var isEmpty: Bool { trainees == 0 && ledger == 0 && checkpoints == 0 }

    /// `3 trainees, 40 cards, …` for people.
    public var summary: String {
        func count(_ number: Int, _ one: String, _ many: String) -> String {
            "\(number) \(number == 1 ? one : many)"
        }
        return [
            count(trainees, "trainee", "trainees"), count(cards, "card", "cards"),
            count(reviews, "answer", "answers"), count(flags, "flag", "flags"),
            count(ledger, "ledger entry", "ledger entries"), count(checkpoints, "checkpoint", "checkpoints"),
            count(certificates, "certificate", "certificates"),
        ].joined(separator: ", ")
    }
}

/// What opening a store for ``ProgressStore/migrate(_:variables:)`` found and did.
public struct StoreMigration: Sendable, Hashable {
    /// The path, or the database's address (never a password).
    public var location: String
    /// The schema version before (0: there was no store yet).
    public var from: Int
    /// The schema version now.
    public var to: Int
}

/// A store described: engine, place, schema version and its rows.
public struct StoreDescription: Sendable, Hashable {
    /// "SQLite" or "PostgreSQL".
    public var engine: String
    /// The path, or the database's address (never a password).
    public var location: String
    public var schemaVersion: Int
    public var rows: StoreRowCounts
}

extension ProgressStore {
    /// Rows per batch when copying: small enough that a long review log never sits in memory
    /// whole, large enough that a server sees few round trips.
    public static let copyBatchSize = 1000

    /// Opens the store at `location` for writing, which brings its schema up to date (making a
    /// new PostgreSQL store in an empty database), and says from which version to which.
    ///
    /// A store written by a newer spacert, or a database or file of another program, is refused
    /// before anything is written. A missing SQLite file is refused too: a mistyped path must
    /// not become a new store here.
    public static func migrate(
        _ location: StoreLocation, variables: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StoreMigration {
        if case .sqlite(let path) = location, FileManager.default.fileExists(atPath: path) == false {
            throw SpacertError.store(
                "there is no progress store at '\(path)'; nothing to migrate (spacert makes a new store on first use)"
            )
        }
        let store = try open(location, variables: variables)
        return StoreMigration(
            location: store.path, from: store.engine.versionAtOpening, to: try store.engine.schemaVersion())
    }

    /// The engine, place, schema version and row counts of this store.
    public func describe() throws -> StoreDescription {
        let rows = try read { try $0.rowCounts() }
        return StoreDescription(
            engine: engine.engineName, location: path, schemaVersion: try engine.schemaVersion(), rows: rows)
    }

    /// Copies every row of this store into `target`, which must hold no trainee, no ledger row
    /// and no checkpoint: trainees, cards, the review log, flags, the exam ledger, its
    /// checkpoints and the certificates, with their ids, sequence numbers, hashes and times as
    /// they are. This store is read in one transaction (one consistent view); `target` is
    /// written in one transaction, so a failure anywhere leaves it as empty as it was. Rows
    /// travel `batchSize` at a time. Returns what was copied.
    public func copy(to target: ProgressStore, batchSize: Int = ProgressStore.copyBatchSize) throws
        -> StoreRowCounts
    {
        precondition(batchSize > 0)
        // The refusal of a non-empty target is said as it is; any other failure names the copy.
        var refused = false
        do {
            return try copyRows(to: target, batchSize: batchSize, refused: &refused)
        } catch let error as SpacertError where !refused {
            throw SpacertError.store("copying into '\(target.path)' failed: \(error.description)")
        }
    }

    private func copyRows(to target: ProgressStore, batchSize: Int, refused: inout Bool) throws
        -> StoreRowCounts
    {
        try read { source in
            let expected = try source.rowCounts()
            return try target.write(.ledger) { destination in
                let existing = try destination.rowCounts()
                guard existing.isEmpty else {
                    refused = true
                    throw SpacertError.store(
                        "the target store '\(target.path)' is not empty (\(existing.summary)); copy only into a new, "
                            + "empty store. Nothing was copied")
                }
                try source.exportRows(batchSize: batchSize) { batch in
                    try destination.importRows(batch)
                }
                try destination.finishImport()
                let copied = try destination.rowCounts()
                guard copied == expected else {
                    throw SpacertError.store(
                        "it came out with \(copied.summary) instead of \(expected.summary); nothing was kept")
                }
                return copied
            }
        }
    }
}

extension StoreLocation {
    /// Whether both name one store: the same file (after following symbolic links), or the same
    /// database on the same server, whatever role connects.
    public func isSameStore(as other: StoreLocation) -> Bool {
        switch (self, other) {
        case (.sqlite(let one), .sqlite(let two)):
            func resolved(_ path: String) -> String {
                URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            }
            return resolved(one) == resolved(two)
        case (.postgres(let one), .postgres(let two)):
            return one.endpoint == two.endpoint && one.port == two.port && one.database == two.database
        default:
            return false
        }
    }
}
