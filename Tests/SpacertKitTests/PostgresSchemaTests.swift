import Foundation
import Testing

@testable import SpacertKit

/// The PostgreSQL store's schema, made by spacert's own migrations, and the least-privilege roles.
// Skipped (with this reason) only outside CI when no server is named; in CI a missing server fails.
@Suite(
    .enabled(
        if: PostgresTestServer.isEnabled,
        "SPACERT_TEST_POSTGRES names no PostgreSQL server; start one with Scripts/postgres-cluster.sh start DIR"
    ))
struct PostgresSchemaTests {
    private let variables = PostgresTestServer.variables

    /// The one line opening `location` fails with.
    private func openingFailure(_ location: PostgresLocation, readOnly: Bool = false, password: String? = nil)
        -> String?
    {
        var variables = self.variables
        if let password { variables["PGPASSWORD"] = password }
        do {
            let store = try PostgresStore(location: location, variables: variables, readOnly: readOnly)
            store.close()
            return nil
        } catch {
            #expect(error is SpacertError, "not a SpacertError: \(type(of: error))")
            return "\(error)"
        }
    }

    private func tables(_ session: PostgresSession) throws -> [String] {
        try session.query(
            "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        ).map { try $0.decode(String.self) }
    }

    /// The SQLSTATE `sql` fails with.
    private func failureState(_ session: PostgresSession, _ sql: String) -> String? {
        do {
            try session.execute(sql)
            return nil
        } catch let failure as PostgresFailure {
            return failure.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test func newDatabaseGetsEveryTableOnceAndReopeningChangesNothing() throws {
        let scratch = try PostgresScratchDatabase()
        let store = try PostgresStore(location: scratch.location, variables: variables)
        #expect(try store.schemaVersion() == StoreSchema.version)
        #expect(try tables(store.session) == (PostgresSchema.tables + ["spacert_schema"]).sorted())
        store.close()
        let again = try PostgresStore(location: scratch.location, variables: variables)
        defer { again.close() }
        let versions = try again.session.query("SELECT version FROM spacert_schema").map {
            try $0.decode(Int32.self)
        }
        #expect(versions.sorted() == PostgresSchema.migrations.map { Int32($0.version) })
        #expect(PostgresSchema.version == StoreSchema.version)
        let readOnly = try PostgresStore(location: scratch.location, variables: variables, readOnly: true)
        readOnly.close()
    }

    @Test func twoSpacertsMakingOneStoreAtOnceBothSucceed() throws {
        let scratch = try PostgresScratchDatabase()
        let failures = FailureList()
        let location = scratch.location
        let variables = self.variables
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                try PostgresStore(location: location, variables: variables).close()
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let session = try scratch.administratorSession()
        defer { session.close() }
        #expect(
            try session.query("SELECT count(*) FROM spacert_schema").first?.decode(Int64.self)
                == Int64(PostgresSchema.migrations.count))
    }

    @Test func storeRulesHoldInTheDatabase() throws {
        let scratch = try PostgresScratchDatabase()
        let store = try PostgresStore(location: scratch.location, variables: variables)
        defer { store.close() }
        let db = store.session
        try db.execute("INSERT INTO trainees (name, created) VALUES ('Anna', 0), ('Ärne', 0)")
        // Names are unique ignoring ASCII case only, as SQLite's NOCASE.
        #expect(failureState(db, "INSERT INTO trainees (name, created) VALUES ('ANNA', 0)") == "23505")
        #expect(failureState(db, "INSERT INTO trainees (name, created) VALUES ('äRNE', 0)") == nil)

        func ledger(_ seq: Int, _ attempt: String, trainee: Int = 1, _ kind: String) -> String {
            "INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash) "
                + "VALUES (\(seq), '\(attempt)', \(trainee), '\(kind)', 0, '{}', 'p\(seq)', 'h\(seq)')"
        }
        try db.execute(ledger(1, "a1", "start"))
        #expect(
            try db.query("SELECT attempt FROM open_attempts WHERE trainee_id = 1").first?.decode(String.self)
                == "a1")
        // One open attempt per trainee; one start and one result per attempt.
        #expect(failureState(db, ledger(2, "a2", "start")) == "23505")
        #expect(failureState(db, ledger(2, "a1", "start")) == "23505")
        try db.execute(ledger(2, "a1", "result"))
        #expect(failureState(db, ledger(3, "a1", "result")) == "23505")
        #expect(try db.query("SELECT count(*) FROM open_attempts").first?.decode(Int64.self) == 0)
        try db.execute(ledger(3, "a2", "start"))

        // The ledger, checkpoints and certificates refuse change even from their owner.
        for sql in [
            "UPDATE exam_ledger SET body = 'x' WHERE seq = 1", "DELETE FROM exam_ledger WHERE seq = 1",
            "TRUNCATE exam_ledger CASCADE",
        ] {
            do {
                try db.execute(sql)
                Issue.record("\(sql) was allowed")
            } catch let failure as PostgresFailure {
                #expect(
                    failure.sqlState == "P0001" && failure.serverMessage == "the exam ledger is append-only")
            }
        }
        try db.execute(
            "INSERT INTO ledger_checkpoints (seq, head, at, key, signature) VALUES (3, 'h3', 0, 'k', 's')")
        #expect(failureState(db, "DELETE FROM ledger_checkpoints") == "P0001")
        try db.execute(
            "INSERT INTO certificates VALUES ('c1', 1, 'a1', 'CODE', 0, 1, '{}')")
        #expect(failureState(db, "UPDATE certificates SET document = 'x'") == "P0001")
        try db.execute(
            "INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order, correct, "
                + "score, rating, reviewed_at, duration_ms, mode) VALUES (1, 'q', 1, 'a', 'ab', 1, 1, 3, 0, 5, 'practice')"
        )
        #expect(failureState(db, "UPDATE review_log SET rating = 4") == "P0001")
        #expect(failureState(db, "DELETE FROM review_log") == nil)
        #expect(try db.query("SELECT count(*) FROM exam_ledger").first?.decode(Int64.self) == 3)
    }

    /// A store spacert made at version 5 (before branches) gains the branch column on opening:
    /// every trainee in "main", branches compared ignoring ASCII case only, through the index.
    @Test func version5StoreIsUpgradedTo6() throws {
        let scratch = try PostgresScratchDatabase()
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        try PostgresStore.migrate(admin, through: 5)
        #expect(try admin.query("SELECT max(version) FROM spacert_schema").first?.decode(Int32.self) == 5)
        try admin.execute("INSERT INTO trainees (name, created) VALUES ('Anna', 0), ('Bo', 0)")
        // A terminal's read-only opening wants the upgrade done by the owner first.
        let message = try #require(openingFailure(scratch.location, readOnly: true))
        #expect(message.contains("is of an older spacert schema; run 'spacert store migrate'"), "\(message)")

        let store = try PostgresStore(location: scratch.location, variables: variables)
        defer { store.close() }
        #expect(try store.schemaVersion() == 6)
        let versions = try admin.query("SELECT version FROM spacert_schema ORDER BY version").map {
            try $0.decode(Int32.self)
        }
        #expect(versions == [5, 6])
        let branches = try admin.query("SELECT name, branch FROM trainees ORDER BY id").map {
            try $0.decode((String, String).self)
        }
        #expect(branches.map(\.1) == ["main", "main"])

        try admin.execute("INSERT INTO trainees (name, created, branch) VALUES ('Cy', 0, 'Harbour')")
        try admin.execute("INSERT INTO trainees (name, created, branch) VALUES ('Di', 0, 'Älv')")
        func members(_ branch: String) throws -> [String] {
            try admin.query(
                """
                SELECT name FROM trainees WHERE \(unescaped: PostgresSchema.branchKey) = lower(\(branch) COLLATE "C")
                ORDER BY name
                """
            ).map { try $0.decode(String.self) }
        }
        // ASCII case is ignored, as NOCASE does; other letters are compared as they are.
        #expect(try members("HARBOUR") == ["Cy"])
        #expect(try members("MAIN") == ["Anna", "Bo"])
        #expect(try members("älv").isEmpty)
        #expect(try members("Älv") == ["Di"])
        // NOT NULL, at most 64 characters, never empty.
        #expect(
            failureState(admin, "INSERT INTO trainees (name, created, branch) VALUES ('E', 0, NULL)")
                == "23502")
        #expect(
            failureState(admin, "INSERT INTO trainees (name, created, branch) VALUES ('F', 0, '')") == "23514"
        )
        #expect(
            failureState(
                admin,
                "INSERT INTO trainees (name, created, branch) VALUES ('G', 0, '\(String(repeating: "é", count: 65))')"
            )
                == "23514")
        #expect(
            failureState(
                admin,
                "INSERT INTO trainees (name, created, branch) VALUES ('H', 0, '\(String(repeating: "é", count: 64))')"
            )
                == nil)
        // The index is the one the comparison uses.
        let index = try admin.query(
            "SELECT indexdef FROM pg_catalog.pg_indexes WHERE indexname = 'trainees_by_branch'"
        ).first?.decode(String.self)
        #expect(index?.contains("(lower((branch COLLATE \"C\")))") == true, "\(index ?? "no index")")
        try admin.execute("SET enable_seqscan = off")
        let plan = try admin.query(
            "EXPLAIN SELECT name FROM trainees WHERE \(unescaped: PostgresSchema.branchKey) = lower('x' COLLATE \"C\")"
        ).map { try $0.decode(String.self) }.joined(separator: " ")
        #expect(plan.contains("trainees_by_branch"), "\(plan)")
    }

    @Test func storeOfTheNextVersionIsRefusedUntouched() throws {
        let scratch = try PostgresScratchDatabase()
        try PostgresStore(location: scratch.location, variables: variables).close()
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        let next = PostgresSchema.version + 1
        try admin.execute("INSERT INTO spacert_schema VALUES (\(next), 'spacert', 0)")
        for readOnly in [false, true] {
            let message = try #require(openingFailure(scratch.location, readOnly: readOnly))
            #expect(message.contains("was written by a newer spacert (store version \(next);"), "\(message)")
        }
        #expect(
            try admin.query("SELECT count(*) FROM spacert_schema").first?.decode(Int64.self)
                == Int64(PostgresSchema.migrations.count + 1))
    }

    @Test func newerStoreIsRefusedAndLeftAsItIs() throws {
        let scratch = try PostgresScratchDatabase()
        try PostgresStore(location: scratch.location, variables: variables).close()
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        try admin.execute("INSERT INTO spacert_schema VALUES (99, 'spacert', 0)")
        let message = try #require(openingFailure(scratch.location))
        #expect(message.contains("was written by a newer spacert (store version 99"), "\(message)")
        #expect(
            try admin.query("SELECT count(*) FROM spacert_schema").first?.decode(Int64.self)
                == Int64(PostgresSchema.migrations.count + 1))
    }

    @Test func databaseOfAnotherProgramIsRefusedUntouched() throws {
        let scratch = try PostgresScratchDatabase()
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        try admin.execute("CREATE TABLE invoices (id integer)")
        let message = try #require(openingFailure(scratch.location))
        #expect(
            message.contains("is not a spacert progress store (it holds tables of another program: invoices)")
        )
        #expect(try tables(admin) == ["invoices"])
        // An empty spacert_schema is no store either.
        try admin.execute("DROP TABLE invoices")
        try admin.execute(PostgresSchema.versionTable)
        #expect(openingFailure(scratch.location)?.contains("its spacert_schema table is empty") == true)
    }

    @Test func readOnlyNeedsAStore() throws {
        let scratch = try PostgresScratchDatabase()
        let message = try #require(openingFailure(scratch.location, readOnly: true))
        #expect(message.contains("there is no spacert store in"))
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        #expect(try tables(admin).isEmpty)
    }

    @Test func roleThatCannotCreateTablesIsOneLine() throws {
        let scratch = try PostgresScratchDatabase()
        // Since PostgreSQL 15 only the database owner may create in its public schema.
        let role = try scratch.makeRole("reader", password: "pw-reader")
        let message = try #require(openingFailure(role, password: "pw-reader"))
        #expect(
            message.contains(
                "role '\(role.user)' cannot create spacert's tables in database '\(scratch.name)'"))
        #expect(!message.contains("\n"))
        let admin = try scratch.administratorSession()
        defer { admin.close() }
        #expect(try tables(admin).isEmpty)
    }

    /// Scripts/postgres-roles.sql: a branch terminal practises and sits exams, but cannot change
    /// the ledger, grant attempts or rename trainees; a manager can grant, but not change history.
    @Test func terminalRoleCannotRewriteTheLedger() throws {
        let scratch = try PostgresScratchDatabase()
        try PostgresStore(location: scratch.location, variables: variables).close()
        try scratch.runScript(repositoryRoot.appendingPathComponent("Scripts/postgres-roles.sql").path)
        try scratch.runScript(repositoryRoot.appendingPathComponent("Scripts/postgres-roles.sql").path)
        let admin = try scratch.administratorSession()
        try admin.execute("INSERT INTO trainees (name, created) VALUES ('anna', 0)")
        admin.close()

        let terminalLocation = try scratch.makeRole("desk", password: "pw-desk", group: "spacert_terminal")
        let terminal = try PostgresSession(location: terminalLocation, password: "pw-desk")
        defer { terminal.close() }
        // It opens the store read-only and does its work.
        try PostgresStore(
            location: terminalLocation, variables: variables.merging(["PGPASSWORD": "pw-desk"]) { $1 },
            readOnly: true
        ).close()
        func ledger(_ seq: Int, _ attempt: String, _ kind: String) -> String {
            "INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash) "
                + "VALUES (\(seq), '\(attempt)', 1, '\(kind)', 0, '{}', 'p\(seq)', 'h\(seq)')"
        }
        try terminal.execute(ledger(1, "a1", "start"))
        try terminal.execute(ledger(2, "a1", "answer"))
        try terminal.execute(ledger(3, "a1", "result"))
        try terminal.execute(
            "INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order, correct, score, "
                + "rating, reviewed_at, duration_ms, mode) VALUES (1, 'q', 1, 'a', 'ab', 1, 1, 3, 0, 5, 'practice')"
        )
        try terminal.execute("DELETE FROM review_log WHERE trainee_id = 1")

        // Refused by privilege (42501) or by the ledger's row policy (42501 too).
        for sql in [
            "UPDATE exam_ledger SET body = 'x' WHERE seq = 1",
            "DELETE FROM exam_ledger WHERE seq = 1",
            "TRUNCATE exam_ledger",
            ledger(4, "g1", "grant"),
            "UPDATE trainees SET name = 'someone else' WHERE id = 1",
            "INSERT INTO trainees (name, created) VALUES ('bob', 0)",
            "DELETE FROM open_attempts",
            "INSERT INTO ledger_checkpoints (seq, head, at, key, signature) VALUES (3, 'h3', 0, 'k', 's')",
            "INSERT INTO certificates VALUES ('c1', 1, 'a1', 'CODE', 0, 1, '{}')",
            "DELETE FROM spacert_schema",
        ] {
            #expect(failureState(terminal, sql) == "42501", "terminal: \(sql)")
        }

        let managerLocation = try scratch.makeRole("boss", password: "pw-boss", group: "spacert_manager")
        let manager = try PostgresSession(location: managerLocation, password: "pw-boss")
        defer { manager.close() }
        try manager.execute(ledger(4, "g1", "grant"))
        try manager.execute("UPDATE trainees SET name = 'Anna K' WHERE id = 1")
        #expect(failureState(manager, "UPDATE exam_ledger SET body = 'x' WHERE seq = 1") == "42501")
        #expect(failureState(manager, "DELETE FROM exam_ledger") == "42501")
        #expect(try manager.query("SELECT count(*) FROM exam_ledger").first?.decode(Int64.self) == 4)
    }
}
