import Foundation
import GRDB

/// The SQLite engine: one store file (WAL mode, so several spacert processes can share it),
/// through GRDB. Every write is an immediate transaction, so writers never race, whatever their
/// ``WriteScope``.
///
/// Opening never changes a file it refuses: a damaged or foreign file, or one written by a
/// newer spacert, is a ``SpacertError/store(_:)`` and stays byte for byte as it was.
final class SQLiteEngine: StoreEngine {
    let name: String
    let database: DatabaseQueue
    let engineName = "SQLite"
    /// The schema version the file was at when opened (0: a new store).
    let versionAtOpening: Int

    /// How long a write waits for another process's write to finish before giving up.
    static let busyTimeout: TimeInterval = 5

    /// Opens the store at `path`, making it (and its folders) if there is none, and brings an
    /// older store's schema up to date; with `readOnly`, the store must exist and be current,
    /// and nothing is written to it.
    init(path: String, readOnly: Bool) throws {
        name = path
        let status = try StoreFile.inspect(path)
        if case .database(let userVersion, let applicationID) = status {
            if applicationID != 0 && applicationID != StoreSchema.applicationID {
                throw SpacertError.store(
                    StoreFile.notAStore(
                        path,
                        "an SQLite database of another program, application id "
                            + String(UInt32(bitPattern: applicationID), radix: 16)))
            }
            if userVersion > StoreSchema.version {
                throw SpacertError.store(StoreFile.newer(path, version: Int(userVersion)))
            }
        }

        if readOnly && status == .missing {
            throw SpacertError.store(
                "there is no progress store at '\(path)' (give it with --db or $SPACERT_DB)")
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "spacert progress store"
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, path: path)
        }
        self.database = database
        do {
            versionAtOpening = try Self.checkSchema(database, name: path)
        } catch {
            try? database.close()
            throw Self.storeError(error, path: path)
        }
        do {
            if readOnly {
                guard try database.read(StoreSchema.migrator.hasCompletedMigrations) else {
                    throw SpacertError.store(
                        "the progress store '\(path)' was made by an older spacert (store version "
                            + "\(versionAtOpening)); run 'spacert store migrate' on it to bring it up to date"
                    )
                }
                return
            }
            try database.writeWithoutTransaction { db in
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode?.lowercased() == "wal" else {
                    throw SpacertError.store("cannot switch the progress store '\(path)' to WAL mode")
                }
                // An acknowledged answer must survive a power cut, not just a crash.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try migrate()
        } catch {
            try? database.close()
            throw Self.storeError(error, path: path)
        }
    }

    /// Refuses a foreign database or one a newer spacert has migrated, before anything is
    /// written; returns the version the store is at.
    private static func checkSchema(_ database: DatabaseQueue, name: String) throws -> Int {
        try database.read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            if version > StoreSchema.version {
                throw SpacertError.store(StoreFile.newer(name, version: version))
            }
            let applied = try StoreSchema.migrator.appliedIdentifiers(db)
            if let unknown = applied.first(where: { !StoreSchema.knownMigrations.contains($0) }) {
                throw SpacertError.store(
                    "'\(name)' was written by a newer spacert (it has schema change '\(unknown)', which this "
                        + "spacert does not know); upgrade spacert to use it. The file was left as it is")
            }
            if application != StoreSchema.applicationID {
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master
                        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                        """)
                if !tables.isEmpty && applied.isEmpty {
                    throw SpacertError.store(
                        StoreFile.notAStore(name, "an SQLite database without spacert's tables"))
                }
            }
            return version
        }
    }

    /// Applies the migrations this store lacks. Two processes making a new store at once may
    /// both try: the loser finds the work done.
    private func migrate() throws {
        let migrator = StoreSchema.migrator
        if try database.read(migrator.hasCompletedMigrations) { return }
        // Each migration commits on its own, so a process may find another halfway (a table it
        // is about to make already there, or one it needs not yet): it tries again until the
        // store is whole, for a while longer than one busy wait.
        let deadline = Date().addingTimeInterval(Self.busyTimeout * 3)
        var pause = 0.02
        while true {
            do {
                try migrator.migrate(database)
                return
            } catch {
                if try database.read(migrator.hasCompletedMigrations) { return }
                if Date().addingTimeInterval(pause) > deadline { throw error }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.2)
            }
        }
    }

    /// The schema version the store file is at.
    func schemaVersion() throws -> Int {
        do {
            return try database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 }
        } catch {
            throw Self.storeError(error, path: name)
        }
    }

    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        do {
            return try database.read { db in try body(GRDBTransaction(db: db)) }
        } catch {
            throw Self.storeError(error, path: name)
        }
    }

    func write<T>(_ scope: WriteScope, _ body: (any StoreTransaction) throws -> T) throws -> T {
        do {
            return try database.write { db in try body(GRDBTransaction(db: db)) }
        } catch {
            throw Self.storeError(error, path: name)
        }
    }

    /// A database failure in words, as a ``SpacertError``; a ``SpacertError`` passes through.
    static func storeError(_ error: any Error, path: String) -> any Error {
        if error is SpacertError { return error }
        guard let error = error as? DatabaseError else {
            return SpacertError.store("progress store '\(path)': \(error)")
        }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return SpacertError.store(StoreFile.notAStore(path, message))
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return SpacertError.store(
                "the progress store '\(path)' stayed busy for \(Int(busyTimeout)) seconds "
                    + "(another spacert is writing to it); nothing was changed, try again")
        case .SQLITE_READONLY:
            return SpacertError.store("the progress store '\(path)' cannot be written: \(message)")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return SpacertError.store("cannot open the progress store '\(path)': \(message)")
        case .SQLITE_FULL:
            return SpacertError.store("the disk holding the progress store '\(path)' is full")
        default:
            return SpacertError.store("progress store '\(path)': \(message)")
        }
    }
}

extension ProgressStore {
    /// The SQLite database underneath, when the store is an SQLite file (tests look inside).
    var sqliteDatabase: DatabaseQueue? { (engine as? SQLiteEngine)?.database }
}
