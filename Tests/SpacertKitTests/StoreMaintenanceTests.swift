import Foundation
import GRDB
import Testing

@testable import SpacertKit

/// Every row of a store as the copy reads it, batch by batch joined up, for comparing stores.
func exportedRows(_ store: ProgressStore, batchSize: Int = 2) throws -> [StoreRowBatch] {
    var batches: [StoreRowBatch] = []
    try store.read { transaction in
        try transaction.exportRows(batchSize: batchSize) { batches.append($0) }
    }
    return batches
}

/// A store worth copying: Asha has practised (one answer undone), flagged a question and passed
/// an exam (its ledger rows, checkpoints and certificate); Ben is archived in another branch.
final class CopyFixture {
    let exam: ExamFixture

    init() throws {
        exam = try ExamFixture(policy: ExamIntegrityTests.passingBlank)
        _ = exam.keyPath
        let store = exam.store
        let questions = try exam.bankSet().questions
        for (index, question) in questions.prefix(5).enumerated() {
            _ = try store.record(
                StoreFixture.answer(
                    question, correct: index != 2, at: exam.now.addingTimeInterval(Double(index) * 60)),
                trainee: exam.trainee.id)
        }
        _ = try store.undoLastAnswer(trainee: exam.trainee.id)
        _ = try store.flag(
            questionID: questions[0].id, rev: questions[0].rev, note: "the \"second\" step — unclear",
            trainee: exam.trainee.id, at: exam.now)
        let ben = try store.addTrainee(named: "Ben", branch: "Harbour", at: exam.now)
        _ = try store.record(StoreFixture.answer(questions[1], at: exam.now), trainee: ben.id)
        _ = try store.archiveTrainee(named: "Ben")
        let submitted = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", exam.reports],
            input: #"{"command":"submit"}"# + "\n", environment: environment(db: store.path))
        #expect(submitted.status == 0, "\(submitted.stderr)")
    }

    /// The environment of a command run on the store at `db`.
    func environment(db: String) -> [String: String] {
        [
            "SPACERT_DB": db, "SPACERT_BANKS": exam.directory, "SPACERT_NOW": "2026-12-03T09:00:00Z",
            "SPACERT_KEY": exam.keyPath, "TZ": "UTC",
        ]
    }

    /// What the commands say about the store at `db`: audit, cohort report, trainee list, due.
    func outputs(db: String) throws -> [String] {
        let environment = environment(db: db)
        var outputs: [String] = []
        for arguments in [
            ["report", "cohort", "--format", "json"], ["report", "cohort", "--all"],
            ["trainee", "list", "--all"],
            ["due", "--trainee", "Asha", "--json"], ["report", "trainee", "Asha"], ["flags"],
        ] {
            let run = try runSpacert(arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            outputs.append(run.stdout)
        }
        return outputs
    }
}

/// `spacert store migrate`, `store info` and `store copy` on SQLite files.
@Suite("spacert store on SQLite: migrate, info, copy", .serialized)
struct StoreMaintenanceTests {
    /// A store as spacert's first schema left it (StoreOpeningTests' v1 store).
    func versionOneStore(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: StoreOpeningTests.version1SQL)
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    INSERT INTO trainees (id, name, created, archived) VALUES (7, 'old timer', 1767603600000000, 0);
                    """)
        }
        try queue.close()
    }

    @Test func migrateBringsAnOlderStoreUpToDateAndSaysSo() throws {
        let scratch = try StoreScratch()
        let db = scratch.path()
        try versionOneStore(db)
        // A read-only command refuses it and points to the migration.
        let info = try runSpacert(["store", "info", "--db", db])
        #expect(info.status == 2)
        #expect(info.stderr.contains("(store version 1); run 'spacert store migrate'"), "\(info.stderr)")

        let first = try runSpacert(["store", "migrate", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr == "the store '\(db)' was migrated from schema version 1 to 6\n")
        let again = try runSpacert(["store", "migrate"], environment: ["SPACERT_DB": db])
        #expect(again.status == 0)
        #expect(again.stderr == "the store '\(db)' is already at schema version 6; nothing to do\n")

        let described = try runSpacert(["store", "info", "--db", db])
        #expect(described.status == 0, "\(described.stderr)")
        #expect(
            described.stdout == """
                engine: SQLite
                location: \(db)
                schema version: 6
                trainees: 1
                cards: 0
                answers: 0
                flags: 0
                ledger entries: 0
                checkpoints: 0
                certificates: 0

                """)
        let json = try runSpacert(["store", "info", "--json", "--db", db])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["engine"] as? String == "SQLite" && object["schema_version"] as? Int == 6)
        #expect((object["rows"] as? [String: Int])?["trainees"] == 1)
    }

    @Test func migrateRefusesNewerForeignAndMissingStoresAndLeavesThemAlone() throws {
        let scratch = try StoreScratch()
        let newer = scratch.path("newer.sqlite")
        _ = try ProgressStore(path: newer).addTrainee(named: "anna", at: StoreFixture.start)
        try DatabaseQueue(path: newer).write { try $0.execute(sql: "PRAGMA user_version = 7") }
        let before = try storeFileBytes(newer)
        let refused = try runSpacert(["store", "migrate", "--db", newer])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("was written by a newer spacert (store version 7"), "\(refused.stderr)")
        #expect(try storeFileBytes(newer) == before)

        let foreign = scratch.path("foreign.sqlite")
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE recipes (id INTEGER)") }
        let foreignBytes = try storeFileBytes(foreign)
        let notOurs = try runSpacert(["store", "migrate", "--db", foreign])
        #expect(notOurs.status == 2 && notOurs.stderr.contains("not a spacert progress store"))
        #expect(try storeFileBytes(foreign) == foreignBytes)

        let missing = scratch.path("typo/progress.sqlite")
        let none = try runSpacert(["store", "migrate", "--db", missing])
        #expect(none.status == 2 && none.stderr.contains("there is no progress store at"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("copy into a new SQLite file: every row kept, audit and reports the same")
    func copyBetweenSQLiteFiles() throws {
        let fixture = try CopyFixture()
        let source = fixture.exam.store
        let target = fixture.exam.stores.path("copy/progress.sqlite")
        let copy = try runSpacert(["store", "copy", "--from", source.path, "--to", target])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stderr.hasPrefix("copied 2 trainees, "), "\(copy.stderr)")
        #expect(try exportedRows(source) == exportedRows(try ProgressStore(path: target, readOnly: true)))
        #expect(try fixture.outputs(db: target) == fixture.outputs(db: source.path))
        let audit = try runSpacert(["audit"], environment: fixture.environment(db: target))
        #expect(audit.status == 0, "\(audit.stdout)")

        // Again: the target is no longer empty.
        let before = try storeFileBytes(target)
        let again = try runSpacert(["store", "copy", "--from", source.path, "--to", target])
        #expect(again.status == 2)
        #expect(again.stderr.contains("is not empty (2 trainees, "), "\(again.stderr)")
        #expect(again.stderr.split(separator: "\n").count == 1)
        #expect(try storeFileBytes(target) == before)
        // A store is not copied into itself.
        let itself = try runSpacert([
            "store", "copy", "--from", target, "--to", target + "/../progress.sqlite",
        ])
        #expect(itself.status == 2 && itself.stderr.contains("the same store"), "\(itself.stderr)")
    }

    @Test func copyRefusesHostileArgumentsInOneLine() throws {
        let scratch = try StoreScratch()
        for (from, to) in [
            (scratch.path("none.sqlite"), scratch.path("b.sqlite")),
            (scratch.path("a.sqlite"), "postgres://spa:secret@localhost/db"),
            ("x\u{1B}[2J\ny", scratch.path("b.sqlite")),
        ] {
            let run = try runSpacert(["store", "copy", "--from", from, "--to", to])
            #expect(run.status == 2, "\(from) \(to)")
            #expect(run.stderr.hasPrefix("spacert: error: ") && run.stderr.split(separator: "\n").count == 1)
            #expect(!run.stderr.contains("secret") && !run.stderr.contains("\u{1B}"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("b.sqlite")))
    }
}

/// `spacert store migrate` and `store copy` with PostgreSQL.
@Suite(
    "spacert store with PostgreSQL: migrate, copy both ways",
    .enabled(
        if: PostgresTestServer.isEnabled,
        "SPACERT_TEST_POSTGRES names no PostgreSQL server; start one with Scripts/postgres-cluster.sh start DIR"
    ))
struct PostgresStoreMaintenanceTests {
    private let variables = PostgresTestServer.variables

    func count(_ scratch: PostgresScratchDatabase, _ table: String) throws -> Int {
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        return try admin.query("SELECT count(*) FROM \(unescaped: table)").first?.decode(Int.self)
            ?? -1
    }

    @Test func migrateUpgradesVersionFiveRefusesNewerAndMakesANewStore() throws {
        let scratch = try PostgresScratchDatabase()
        let url = scratch.location.description
        let empty = try runSpacert(["store", "migrate", "--db", url])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stderr == "made a new store at '\(url)', schema version 6\n")

        let older = try PostgresScratchDatabase()
        let admin = try older.administratorSession()
        defer { admin.close() }
        try PostgresStore.migrate(admin, through: 5)
        try admin.execute("INSERT INTO trainees (name, created) VALUES ('Anna', 0)")
        let olderURL = older.location.description
        let info = try runSpacert(["store", "info", "--db", olderURL])
        #expect(info.status == 2 && info.stderr.contains("run 'spacert store migrate'"), "\(info.stderr)")
        let migrated = try runSpacert(["store", "migrate", "--db", olderURL])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stderr == "the store '\(olderURL)' was migrated from schema version 5 to 6\n")
        let again = try runSpacert(["store", "migrate", "--db", olderURL])
        #expect(again.stderr == "the store '\(olderURL)' is already at schema version 6; nothing to do\n")
        let described = try runSpacert(["store", "info", "--db", olderURL])
        #expect(
            described.stdout.hasPrefix(
                "engine: PostgreSQL\nlocation: \(olderURL)\nschema version: 6\ntrainees: 1\n"))

        try admin.execute(
            "INSERT INTO spacert_schema (version, application, applied_at) VALUES (7, 'spacert', 0)")
        let newer = try runSpacert(["store", "migrate", "--db", olderURL])
        #expect(
            newer.status == 2 && newer.stderr.contains("newer spacert (store version 7"), "\(newer.stderr)")
        #expect(try admin.query("SELECT count(*) FROM spacert_schema").first?.decode(Int.self) == 3)

        let foreign = try PostgresScratchDatabase()
        let foreignAdmin = try foreign.administratorSession()
        defer { foreignAdmin.close() }
        try foreignAdmin.execute("CREATE TABLE recipes (id integer)")
        let notOurs = try runSpacert(["store", "migrate", "--db", foreign.location.description])
        #expect(notOurs.status == 2 && notOurs.stderr.contains("not a spacert progress store"))
        #expect(
            try foreignAdmin.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").first?
                .decode(
                    Int.self) == 1)
    }

    @Test("SQLite to PostgreSQL and back: every row kept, audit passes, reports and lists the same")
    func copyToPostgresAndBack() throws {
        let fixture = try CopyFixture()
        let source = fixture.exam.store
        let scratch = try PostgresScratchDatabase()
        let url = scratch.location.description
        let copy = try runSpacert(["store", "copy", "--from", source.path, "--to", url])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stderr.contains("2 trainees") && copy.stderr.contains("1 certificate"), "\(copy.stderr)")
        let copied = try ProgressStore.open(.postgres(scratch.location), variables: variables, readOnly: true)
        #expect(try exportedRows(copied) == exportedRows(source))
        #expect(try fixture.outputs(db: url) == fixture.outputs(db: source.path))
        let audit = try runSpacert(["audit"], environment: fixture.environment(db: url))
        #expect(audit.status == 0, "\(audit.stdout)")
        let checked = try runSpacert(["audit", "--json"], environment: fixture.environment(db: url))
        let original = try runSpacert(["audit", "--json"], environment: fixture.environment(db: source.path))
        #expect(checked.stdout == original.stdout)

        // The same through the library in batches of two rows: the same rows.
        let second = try PostgresScratchDatabase()
        let small = try ProgressStore.open(.postgres(second.location), variables: variables)
        #expect(try source.copy(to: small, batchSize: 2) == copied.describe().rows)
        #expect(try exportedRows(small, batchSize: 5) == exportedRows(source, batchSize: 5))

        // New rows get ids past the copied ones.
        let writer = try ProgressStore.open(.postgres(scratch.location), variables: variables)
        let newest = try exportedRows(writer).compactMap { batch -> Int64? in
            if case .reviews(let rows) = batch { return rows.map(\.id).max() }
            return nil
        }.max()
        let cleo = try writer.addTrainee(named: "Cleo", at: fixture.exam.now)
        #expect(cleo.id == 3)
        let question = try #require(try fixture.exam.bankSet().questions.first)
        _ = try writer.record(StoreFixture.answer(question, at: fixture.exam.now), trainee: cleo.id)
        let reviewIDs = try writer.reviewLog(trainee: cleo.id).compactMap(\.id)
        #expect(reviewIDs.count == 1 && reviewIDs[0] > (newest ?? 0))
        let flag = try writer.flag(
            questionID: question.id, rev: question.rev, note: "n", trainee: cleo.id, at: fixture.exam.now)
        #expect(flag.id == 2)

        // And back into a new SQLite file, in small batches, through the library.
        let back = fixture.exam.stores.path("back.sqlite")
        let returned = try ProgressStore(path: back)
        let counts = try writer.copy(to: returned, batchSize: 3)
        #expect(counts.trainees == 3 && counts.flags == 2)
        #expect(try exportedRows(returned, batchSize: 1000) == exportedRows(writer, batchSize: 1000))
        let auditBack = try runSpacert(["audit"], environment: fixture.environment(db: back))
        #expect(auditBack.status == 0, "\(auditBack.stdout)")
    }

    @Test("a copy refuses a target that holds rows, and leaves it as it was")
    func copyRefusesANonEmptyTarget() throws {
        let fixture = try CopyFixture()
        let scratch = try PostgresScratchDatabase()
        let url = scratch.location.description
        let occupied = try ProgressStore.open(.postgres(scratch.location), variables: variables)
        _ = try occupied.addTrainee(named: "Someone", at: fixture.exam.now)
        let run = try runSpacert(["store", "copy", "--from", fixture.exam.store.path, "--to", url])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "spacert: error: the target store '\(url)' is not empty (1 trainee, 0 cards, 0 answers, 0 flags, "
                + "0 ledger entries, 0 checkpoints, 0 certificates); copy only into a new, empty store. Nothing was "
                + "copied\n")
        #expect(try occupied.trainees(includingArchived: true).map(\.name) == ["Someone"])
        #expect(try count(scratch, "review_log") == 0)
    }

    @Test("a copy that fails midway leaves the target without a row")
    func copyFailingMidwayLeavesNothing() throws {
        let fixture = try CopyFixture()
        // A row the target refuses: the ledger comes after trainees, cards and answers.
        let scratch = try PostgresScratchDatabase()
        try PostgresStore(location: scratch.location, variables: variables).close()
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        try admin.execute(
            """
            ALTER TABLE exam_ledger ADD CONSTRAINT no_results CHECK (kind <> 'result')
            """)
        let run = try runSpacert([
            "store", "copy", "--from", fixture.exam.store.path, "--to", scratch.location.description,
        ])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasPrefix("spacert: error: copying into '\(scratch.location.description)' failed: "))
        #expect(
            run.stderr.contains("no_results") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)"
        )
        for table in PostgresSchema.tables {
            #expect(try count(scratch, table) == 0, "\(table)")
        }

        // A role that may not create the tables: refused before any row is written.
        let bare = try PostgresScratchDatabase()
        let role = try bare.makeRole("bare", password: "pw-bare")
        let refused = try runSpacert(
            ["store", "copy", "--from", fixture.exam.store.path, "--to", role.description],
            environment: ["PGPASSWORD": "pw-bare"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot create spacert's tables"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("pw-bare"))
        let bareAdmin = try bare.administratorSession()
        defer { bareAdmin.close() }
        #expect(
            try bareAdmin.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").first?.decode(
                Int.self) == 0)
    }
}
