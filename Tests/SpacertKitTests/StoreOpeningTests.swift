import Foundation
import GRDB
import Testing

@testable import SpacertKit

/// Opening stores: new, older, newer, damaged and foreign files.
struct StoreOpeningTests {
    @Test("an address spacert cannot use is one line (exit 2), never folders, never its password")
    func databaseAddressIsNotAPath() throws {
        let scratch = try StoreScratch()
        let folder = (scratch.path() as NSString).deletingLastPathComponent
        let cases = [
            // Another kind of database server.
            ("mysql://spa:s3cret@db.example/spacert", "give a file path (SQLite) or a postgres:// URL"),
            // A password on the command line is refused before anything is tried.
            ("postgres://spa:s3cret@db.example/spacert", "PGPASSWORD"),
            // A server that is not there: one line, not a stack of NIO errors.
            ("postgresql://spa@/spacert?host=\(folder)/no-server", "PostgreSQL"),
        ]
        for (address, expected) in cases {
            let run = try runSpacert(["trainee", "list", "--db", address], directory: folder)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains(expected) && !run.stderr.contains("s3cret"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).filter {
                $0.hasPrefix("postgres") || $0.hasPrefix("mysql") || $0 == "no-server"
            }.isEmpty)
    }

    @Test func newStoreIsMadeWithItsFoldersInWALMode() throws {
        let scratch = try StoreScratch()
        let path = scratch.path("a/b/c/progress.sqlite")
        let store = try ProgressStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let pragmas = try store.sqlRead { db in
            try ["user_version", "application_id", "journal_mode", "foreign_keys", "synchronous"].map {
                try String.fetchOne(db, sql: "PRAGMA \($0)") ?? ""
            }
        }
        #expect(pragmas == ["\(StoreSchema.version)", "\(StoreSchema.applicationID)", "wal", "1", "2"])
        let tables = try store.sqlRead { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(Set(tables).isSuperset(of: ["trainees", "cards", "review_log", "flags", "grdb_migrations"]))
        #expect(try store.sqlRead(StoreSchema.migrator.hasCompletedMigrations))
    }

    @Test func reopeningKeepsEverything() throws {
        let scratch = try StoreScratch()
        do {
            let (store, trainee) = try scratch.storeWithTrainee()
            try store.record(
                StoreFixture.answer(StoreFixture.question("q1"), at: StoreFixture.start), trainee: trainee.id)
        }
        let store = try ProgressStore(path: scratch.path())
        let trainee = try #require(try store.trainee(named: "anna"))
        #expect(try store.reviewLog(trainee: trainee.id).count == 1)
        #expect(try store.cards(trainee: trainee.id).count == 1)
    }

    @Test func emptyFileBecomesAStore() throws {
        let scratch = try StoreScratch()
        #expect(FileManager.default.createFile(atPath: scratch.path(), contents: Data()))
        let store = try ProgressStore(path: scratch.path())
        #expect(try store.trainees().isEmpty)
    }

    /// A store as spacert's first schema left it, written here by hand.
    @Test func storeFromAnOlderVersionUpgrades() throws {
        let scratch = try StoreScratch()
        do {
            let queue = try DatabaseQueue(path: scratch.path())
            try queue.write { db in
                try db.execute(sql: Self.version1SQL)
                try db.execute(
                    sql: """
                        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                        INSERT INTO grdb_migrations VALUES ('v1');
                        INSERT INTO trainees (id, name, created, archived) VALUES (7, 'old timer', 1767603600000000, 0);
                        INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order, correct,
                            score, rating, reviewed_at, duration_ms, mode)
                        VALUES (7, 'q1', 1, '["a"]', '["a","b"]', 1, 1.0, 3, 1767603600000000, 3000, 'practice');
                        """)
            }
        }
        let store = try ProgressStore(path: scratch.path())
        let trainee = try #require(try store.trainee(named: "Old Timer"))
        #expect(trainee.id == 7)
        #expect(try store.reviewLog(trainee: 7).count == 1)
        // v2 brought flags and the append-only guard.
        try store.flag(questionID: "q1", rev: 1, note: "typo", trainee: 7, at: StoreFixture.start)
        #expect(try store.flags().map(\.note) == ["typo"])
        #expect(throws: DatabaseError.self) {
            try store.sqlWrite { db in try db.execute(sql: "UPDATE review_log SET correct = 0") }
        }
        // The card the old store never had comes from the log.
        #expect(try store.rebuildCards(trainee: 7) == 1)
        #expect(try store.sqlRead { try Int.fetchOne($0, sql: "PRAGMA user_version") } == StoreSchema.version)
        #expect(
            try store.sqlRead(StoreSchema.migrator.appliedMigrations) == ["v1", "v2", "v3", "v4", "v5", "v6"])
        // v6 put every trainee already stored in the default branch.
        #expect(trainee.branch == Trainee.defaultBranch)
    }

    @Test func newerUserVersionIsRefusedAndLeftAlone() throws {
        let scratch = try StoreScratch()
        _ = try scratch.storeWithTrainee()
        do {
            let queue = try DatabaseQueue(path: scratch.path())
            try queue.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        }
        let before = try storeFileBytes(scratch.path())
        expectStoreError(opening: scratch.path(), containing: "newer spacert (store version 99")
        #expect(try storeFileBytes(scratch.path()) == before)
    }

    @Test func unknownMigrationIsRefusedAndLeftAlone() throws {
        let scratch = try StoreScratch()
        _ = try scratch.storeWithTrainee()
        do {
            let queue = try DatabaseQueue(path: scratch.path())
            try queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v3-from-the-future')")
            }
        }
        let before = try storeFileBytes(scratch.path())
        expectStoreError(opening: scratch.path(), containing: "'v3-from-the-future'")
        #expect(try storeFileBytes(scratch.path()) == before)
    }

    @Test(arguments: [16, 99, 4096, 65_536])
    func randomBytesAreRefusedAndLeftAlone(length: Int) throws {
        let scratch = try StoreScratch()
        var random = SeededRandomBytes(seed: UInt64(length))
        let bytes = Data((0..<length).map { _ in random.next() })
        try bytes.write(to: URL(fileURLWithPath: scratch.path()))
        expectStoreError(
            opening: scratch.path(),
            containing: "not a spacert progress store (the file is not an SQLite database)")
        #expect(try storeFileBytes(scratch.path()) == bytes)
    }

    @Test func textFileIsRefused() throws {
        let scratch = try StoreScratch()
        let bytes = Data(String(repeating: "name,score\nanna,1\n", count: 20).utf8)
        try bytes.write(to: URL(fileURLWithPath: scratch.path()))
        expectStoreError(opening: scratch.path(), containing: "not a spacert progress store")
        #expect(try storeFileBytes(scratch.path()) == bytes)
    }

    @Test func truncatedStoreIsRefusedAndLeftAlone() throws {
        let scratch = try StoreScratch()
        do {
            let (store, trainee) = try scratch.storeWithTrainee()
            for index in 0..<300 {
                let question = StoreFixture.question("q\(index % 40)")
                try store.record(
                    StoreFixture.answer(
                        question, at: StoreFixture.start.addingTimeInterval(Double(index) * 60)),
                    trainee: trainee.id)
            }
        }
        let whole = try storeFileBytes(scratch.path())
        #expect(whole.count > 8 * 4096)
        for keep in [whole.count / 2, whole.count - 4096, 4096, 100] {
            let cut = whole.prefix(keep)
            try cut.write(to: URL(fileURLWithPath: scratch.path()))
            expectStoreError(
                opening: scratch.path(), containing: "not a spacert progress store (the file is damaged")
            #expect(try storeFileBytes(scratch.path()) == cut)
        }
    }

    @Test func damagedPagesGiveAStoreErrorNotACrash() throws {
        let scratch = try StoreScratch()
        let traineeID: Int64
        do {
            let (store, trainee) = try scratch.storeWithTrainee()
            traineeID = trainee.id
            for index in 0..<300 {
                try store.record(
                    StoreFixture.answer(StoreFixture.question("q\(index % 40)"), at: StoreFixture.start),
                    trainee: trainee.id)
            }
        }
        var bytes = try storeFileBytes(scratch.path())
        var random = SeededRandomBytes(seed: 7)
        for index in 4096..<bytes.count { bytes[index] = random.next() }
        try bytes.write(to: URL(fileURLWithPath: scratch.path()))
        do {
            let store = try ProgressStore(path: scratch.path())
            _ = try store.reviewLog(trainee: traineeID)
            _ = try store.cards(trainee: traineeID)
            Issue.record("a store with its pages overwritten read without an error")
        } catch let error as SpacertError {
            #expect(error.description.contains("not a spacert progress store"), "\(error)")
        }
    }

    @Test func foreignDatabaseIsRefusedAndLeftAlone() throws {
        let scratch = try StoreScratch()
        do {
            let queue = try DatabaseQueue(path: scratch.path())
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            }
        }
        let before = try storeFileBytes(scratch.path())
        expectStoreError(opening: scratch.path(), containing: "without spacert's tables")
        #expect(try storeFileBytes(scratch.path()) == before)

        do {
            let queue = try DatabaseQueue(path: scratch.path("other.sqlite"))
            try queue.write { db in try db.execute(sql: "PRAGMA application_id = 42") }
        }
        expectStoreError(opening: scratch.path("other.sqlite"), containing: "another program")
    }

    @Test func folderIsRefused() throws {
        let scratch = try StoreScratch()
        expectStoreError(opening: scratch.directory, containing: "is not a file")
    }

    /// Spacert's first schema, as it shipped.
    static let version1SQL = """
        CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            created INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
        );
        CREATE TABLE cards (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            question_id TEXT NOT NULL,
            question_rev INTEGER NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER NOT NULL,
            last_review INTEGER,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            introduced INTEGER NOT NULL,
            PRIMARY KEY (trainee_id, question_id)
        ) WITHOUT ROWID;
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            question_id TEXT NOT NULL,
            question_rev INTEGER NOT NULL,
            answer TEXT NOT NULL,
            shown_order TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'cram'))
        );
        CREATE INDEX review_log_by_trainee ON review_log(trainee_id, id);
        PRAGMA application_id = 1397772884;
        PRAGMA user_version = 1;
        """
}

/// Reproducible bytes for damaging files.
struct SeededRandomBytes {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt8 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}
