import Foundation
import PostgresNIO

/// A PostgreSQL progress store, opened: connected, its schema checked, and (unless it is opened
/// read-only) brought up to date by spacert's own migrations.
///
/// The engine of a ``ProgressStore`` on a server (``StoreEngine``). Like the SQLite engine,
/// opening refuses before writing anything: a database of another program, or one a newer
/// spacert has migrated, is left exactly as it was.
///
/// One connection, used by one transaction at a time (a lock keeps threads in turn).
final class PostgresStore: StoreEngine, @unchecked Sendable {
    /// The connection (owned by this store); used only under ``lock``.
    let session: PostgresSession
    private let lock = NSLock()
    /// Where it is.
    var location: PostgresLocation { session.location }
    let engineName = "PostgreSQL"
    /// The schema version the database was at when opened (0: no store yet).
    let versionAtOpening: Int
    /// Opened read-only: every write is refused.
    private let readOnly: Bool

    /// What a database holds, as far as spacert is concerned.
    enum Contents: Equatable {
        /// No tables at all in the schema spacert works in: a new store will be made.
        case empty
        /// A spacert store with these schema versions applied.
        case spacert(versions: [Int])
        /// Tables, but not spacert's (the first few names).
        case foreign(tables: [String])
    }

    /// Connects to `location` (the password from `variables`, as ``PostgresPassword`` finds it)
    /// and checks the schema. With `readOnly` the store must exist at this spacert's version and
    /// nothing is written; otherwise a new or older store is migrated.
    init(location: PostgresLocation, variables: [String: String], readOnly: Bool = false) throws {
        let password = try PostgresPassword.lookup(for: location, variables: variables)
        let session = try PostgresSession(location: location, password: password, home: variables["HOME"])
        self.session = session
        self.readOnly = readOnly
        do {
            let contents = try Self.contents(session)
            try Self.check(contents, location: location)
            if readOnly {
                guard case .spacert(let versions) = contents, versions.max() == PostgresSchema.version else {
                    throw SpacertError.store(
                        contents == .empty
                            ? "there is no spacert store in \(location.description) yet"
                            : "the store in \(location.description) is of an older spacert schema; run "
                                + "'spacert store migrate' as its owner")
                }
                versionAtOpening = versions.max() ?? 0
                return
            }
            versionAtOpening = try Self.migrate(session)
        } catch {
            session.close()
            throw Self.storeError(error)
        }
    }

    /// Closes the connection.
    func close() { session.close() }

    deinit { session.close() }

    // MARK: - StoreEngine

    var name: String { location.description }

    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try run(.snapshot, locking: nil, body)
    }

    /// Every write takes the advisory lock of its scope and runs at READ COMMITTED: what it
    /// reads (the newest answer, the ledger's head, the open attempt, a trainee's name) cannot
    /// change before its commit, since every writer of it takes the same lock. A trainee's
    /// practice locks that trainee only; the ledger has one lock; the rest (trainees, flags,
    /// certificates: rare and short) share one. SERIALIZABLE for that rest gave up after its
    /// re-runs when 64 front desks each added their trainee at once (the store benchmark).
    func write<T>(_ scope: WriteScope, _ body: (any StoreTransaction) throws -> T) throws -> T {
        // As SQLite's read-only connection refuses every write, so does this store.
        if readOnly {
            throw SpacertError.store(
                "the store in \(location.description) was opened read-only; nothing was written to it")
        }
        return switch scope {
        case .trainee(let id):
            try run(.readCommitted, locking: (PostgresLock.trainee, Int32(truncatingIfNeeded: id)), body)
        case .ledger:
            try run(.readCommitted, locking: (PostgresLock.ledger, 0), body)
        case .store:
            try run(.readCommitted, locking: (PostgresLock.store, 0), body)
        }
    }

    private func run<T>(
        _ isolation: PostgresSession.Isolation, locking: (Int32, Int32)?,
        _ body: (any StoreTransaction) throws -> T
    ) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try session.transaction(isolation, locking: locking) { session in
                try body(PostgresTransaction(session: session))
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The newest schema version applied (0 for none).
    func schemaVersion() throws -> Int {
        do {
            let rows = try session.query("SELECT coalesce(max(version), 0)::integer FROM spacert_schema")
            return try rows.first?.decode(Int.self) ?? 0
        } catch {
            throw Self.storeError(error)
        }
    }

    /// A failure of this layer as a ``SpacertError``.
    static func storeError(_ error: any Error) -> any Error {
        if let failure = error as? PostgresFailure { return failure.storeError }
        if error is SpacertError { return error }
        return SpacertError.store("PostgreSQL store: \(error)")
    }

    /// What the schema spacert works in (the first on the role's search path) holds.
    static func contents(_ session: PostgresSession) throws -> Contents {
        let schemaRows = try session.query("SELECT current_schema()::text")
        guard let schema = try schemaRows.first?.decode(String?.self) else {
            throw SpacertError.store(
                "role '\(session.location.user)' has no schema to work in on \(session.location.description) "
                    + "(none of its search_path exists)")
        }
        let tables = try session.query(
            """
            SELECT c.relname::text FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            ORDER BY c.relname
            """
        ).map { try $0.decode(String.self) }
        if tables.isEmpty { return .empty }
        guard tables.contains("spacert_schema") else {
            return .foreign(tables: Array(tables.prefix(5)))
        }
        let versions = try session.query(
            "SELECT version FROM spacert_schema WHERE application = 'spacert' ORDER BY version"
        ).map { try $0.decode(Int32.self) }.map(Int.init)
        return .spacert(versions: versions)
    }

    /// Refuses a foreign database or a newer schema.
    static func check(_ contents: Contents, location: PostgresLocation) throws {
        switch contents {
        case .empty:
            return
        case .foreign(let tables):
            throw SpacertError.store(
                "\(location.description) is not a spacert progress store (it holds tables of another program: "
                    + tables.joined(separator: ", ") + "); name an empty database or a spacert one")
        case .spacert(let versions):
            if versions.isEmpty {
                throw SpacertError.store(
                    "\(location.description) is not a spacert progress store (its spacert_schema table is empty)"
                )
            }
            if let unknown = versions.first(where: { !PostgresSchema.knownVersions.contains($0) }) {
                throw SpacertError.store(
                    "\(location.description) was written by a newer spacert (store version \(unknown); this spacert "
                        + "reads up to version \(PostgresSchema.version)); upgrade spacert to use it. The database "
                        + "was left as it is")
            }
        }
    }

    /// Applies the migrations the store lacks, up to version `target` (the newest unless a test
    /// makes an older store), all in one transaction under the migration lock (two spacerts
    /// making a new store at once: the second finds the work done). Returns the version the
    /// store was at before (0: there was none).
    @discardableResult
    static func migrate(_ session: PostgresSession, through target: Int = PostgresSchema.version) throws
        -> Int
    {
        let location = session.location
        return try session.transaction(.readCommitted) { session in
            try session.query("SELECT pg_advisory_xact_lock(\(PostgresLock.migration), 0)")
            let contents = try contents(session)
            try check(contents, location: location)
            var applied: Set<Int> = []
            if case .spacert(let versions) = contents { applied = Set(versions) }
            let before = applied.max() ?? 0
            let pending = PostgresSchema.migrations.filter {
                !applied.contains($0.version) && $0.version <= target
            }
            guard !pending.isEmpty else { return before }
            do {
                if contents == .empty { try session.execute(PostgresSchema.versionTable) }
                let now = StoreTime.micros(Date())
                for migration in pending {
                    for statement in migration.statements { try session.execute(statement) }
                    try session.query(
                        """
                        INSERT INTO spacert_schema (version, application, applied_at)
                        VALUES (\(Int32(migration.version)), 'spacert', \(now))
                        """)
                }
            } catch let failure as PostgresFailure where failure.sqlState == "42501" {
                throw SpacertError.store(
                    "role '\(location.user)' cannot create spacert's tables in database '\(location.database)' "
                        + "(\(failure.serverMessage ?? "permission denied")); run the first spacert as the database's "
                        + "owner, or grant this role CREATE on its schema")
            }
            return before
        }
    }
}
