import Foundation
import SpacertFSRS

/// Every trainee's progress: trainees, one card per trainee and question, the append-only
/// review log, editors' flags, the exam ledger and certificates, in one SQLite file
/// (``SQLiteEngine``) or one PostgreSQL database shared by a spa group's branches.
///
/// Opening never changes a store it refuses: a damaged or foreign one, or one written by a
/// newer spacert, is a ``SpacertError/store(_:)`` and stays as it was.
public final class ProgressStore: Sendable {
    /// The store as the user named it (a path, or a database address without its password),
    /// for messages.
    public let path: String
    /// The scheduler every answer is scheduled with (and the log replayed with).
    public let scheduler: Scheduler
    /// The engine underneath: SQLite or PostgreSQL.
    let engine: any StoreEngine

    /// The scheduler settings spacert uses: py-fsrs's defaults, with fuzz on.
    public static let defaultParameters = try! SchedulerParameters(enableFuzzing: true)

    /// How long a write waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = SQLiteEngine.busyTimeout

    /// Opens the SQLite store at `path`, making it (and its folders) if there is none, and
    /// brings an older store's schema up to date.
    ///
    /// With `readOnly`, the store must exist and be of this spacert's schema, and nothing is
    /// written to it, not even a checkpoint of its write-ahead log on closing (for commands that
    /// only look, such as `spacert exam check`).
    public convenience init(
        path: String, parameters: SchedulerParameters = ProgressStore.defaultParameters,
        readOnly: Bool = false
    ) throws {
        self.init(engine: try SQLiteEngine(path: path, readOnly: readOnly), parameters: parameters)
    }

    /// Opens the store at `location`: an SQLite file as ``init(path:parameters:readOnly:)`` does,
    /// or a PostgreSQL database (connected with the password `variables` lead to, its schema
    /// checked and, unless `readOnly`, brought up to date).
    public static func open(
        _ location: StoreLocation, variables: [String: String] = ProcessInfo.processInfo.environment,
        parameters: SchedulerParameters = ProgressStore.defaultParameters, readOnly: Bool = false
    ) throws -> ProgressStore {
        switch location {
        case .sqlite(let path):
            return try ProgressStore(path: path, parameters: parameters, readOnly: readOnly)
        case .postgres(let server):
            return ProgressStore(
                engine: try PostgresStore(location: server, variables: variables, readOnly: readOnly),
                parameters: parameters)
        }
    }

    init(engine: any StoreEngine, parameters: SchedulerParameters = ProgressStore.defaultParameters) {
        self.engine = engine
        path = engine.name
        scheduler = Scheduler(parameters: parameters)
    }

    /// Whether the store is a server database shared by a spa group's branches (PostgreSQL),
    /// rather than one site's file: there a branch terminal may sit exams without the spa's
    /// key, the certificate being issued at the manager's desk (`spacert certificate issue`).
    public var isShared: Bool { engine is PostgresStore }

    // MARK: - Access

    /// Runs `body` in a read transaction, turning database failures into ``SpacertError``.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try engine.read(body)
    }

    /// Runs `body` in one write transaction, all or nothing, alone with other writers of `scope`
    /// (see ``WriteScope``).
    func write<T>(_ scope: WriteScope = .store, _ body: (any StoreTransaction) throws -> T) throws -> T {
        try engine.write(scope, body)
    }
}
