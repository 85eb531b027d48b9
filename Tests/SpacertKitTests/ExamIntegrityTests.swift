import Foundation
import GRDB
import Testing

@testable import SpacertKit

/// The exam record as an attacker tries it: racing processes, edited rows, a rechained ledger,
/// a cut tail and a deleted write-ahead log.
@Suite("exam record integrity: one attempt at a time, a signed ledger, readers that check", .serialized)
struct ExamIntegrityTests {
    func environment(_ fixture: ExamFixture) -> [String: String] {
        [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
            "SPACERT_NOW": "2026-12-02T09:00:00Z", "SPACERT_KEY": fixture.keyPath,
        ]
    }

    /// A policy that one attempt, submitted blank, passes: so every racing process could
    /// certify if grading were not once per attempt.
    static let passingBlank = ExamFixture.policy(mark: "0", minimum: "0", attempts: 1)
        .replacingOccurrences(of: #"all-critical="true""#, with: #"all-critical="false""#)

    /// Runs `spacert exam --jsonl` for Asha, submitting at once.
    func submitExam(_ fixture: ExamFixture) throws -> ProcessResult {
        try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports],
            input: #"{"command":"submit"}"# + "\n", environment: environment(fixture))
    }

    func rows(_ store: ProgressStore, kind: LedgerEntry.Kind) throws -> Int {
        try store.read { tx in try tx.ledger(attempt: nil, trainee: nil, kind: kind).count }
    }

    /// Runs SQL on the store as an attacker with `sqlite3` would: the guards dropped first.
    func tamper(_ store: ProgressStore, _ sql: String) throws {
        try store.sqlDatabase.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    DROP TRIGGER IF EXISTS exam_ledger_no_update; DROP TRIGGER IF EXISTS exam_ledger_no_delete;
                    DROP TRIGGER IF EXISTS ledger_checkpoints_no_delete;
                    """)
            try db.execute(sql: sql)
        }
    }

    @Test(
        "16 exams started at once under max=1 give one attempt, one result, one certificate (20 times)",
        arguments: StoreEngineKind.tested)
    func concurrentStarts(engine: StoreEngineKind) throws {
        for round in 1...20 {
            let fixture = try ExamFixture(policy: Self.passingBlank, engine: engine)
            _ = fixture.keyPath
            // Sixteen processes, started before any is waited for.
            var processes: [(Process, String)] = []
            for index in 0..<16 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: spacertExecutable)
                process.arguments = ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports]
                var env = ProcessInfo.processInfo.environment
                for (key, value) in environment(fixture) { env[key] = value }
                // The real clock: with SPACERT_NOW each process's clock starts at the same instant
                // when it starts, so a later process could read earlier than an earlier one's record.
                env["SPACERT_NOW"] = nil
                process.environment = env
                let errorPath = fixture.stores.path("stderr-\(index)")
                #expect(FileManager.default.createFile(atPath: errorPath, contents: nil))
                let input = Pipe()
                process.standardInput = input
                process.standardOutput = FileHandle.nullDevice
                process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
                try process.run()
                // A process refused at once may exit before it reads: a broken pipe is its answer,
                // not the test's failure (the legacy `write(_:)` would trap on it).
                try? input.fileHandleForWriting.write(
                    contentsOf: Data((#"{"command":"submit"}"# + "\n").utf8))
                try? input.fileHandleForWriting.close()
                processes.append((process, errorPath))
            }
            var statuses: [Int32] = []
            var failures: [String] = []
            for (process, errorPath) in processes {
                process.waitUntilExit()
                statuses.append(process.terminationStatus)
                if process.terminationStatus > 1 {
                    failures.append((try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "?")
                }
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
            #expect(statuses.count == 16 && statuses.allSatisfy { $0 == 0 || $0 == 1 }, "round \(round)")
            #expect(try rows(fixture.store, kind: .start) == 1, "round \(round)")
            #expect(try rows(fixture.store, kind: .result) == 1, "round \(round)")
            let results = try fixture.store.examResults()
            #expect(results.count == 1 && results[0].passed, "round \(round)")
            let certificates =
                (try? FileManager.default.contentsOfDirectory(
                    atPath: (fixture.reports as NSString).appendingPathComponent("certificates"))) ?? []
            #expect(certificates.filter { $0.hasSuffix(".json") || $0.hasSuffix(".cert") }.count <= 1)
            // One certificate: its signed JSON, and its printable PDF and HTML beside it.
            #expect(
                certificates.filter { !$0.hasPrefix(".") }.map { ($0 as NSString).pathExtension }.sorted()
                    == ["html", "json", "pdf"], "round \(round): \(certificates)")
            var auditEnvironment = environment(fixture)
            auditEnvironment["SPACERT_NOW"] = nil
            let audit = try runSpacert(["audit"], environment: auditEnvironment)
            #expect(audit.status == 0, "round \(round): \(audit.stdout)")
        }
    }

    @Test(
        "the store refuses a second start or result for an attempt, and a second open attempt",
        arguments: StoreEngineKind.tested)
    func storeConstraints(engine: StoreEngineKind) throws {
        let fixture = try ExamFixture(engine: engine)
        let attempt = try fixture.begin()
        let body = try ExamCoding.encode(attempt.start)
        #expect(throws: SpacertError.self) {
            try fixture.store.appendLedger(
                attempt: attempt.start.attemptID, trainee: fixture.trainee.id, kind: .start, at: fixture.now,
                body: body)
        }
        #expect(throws: SpacertError.self) {
            try fixture.store.appendLedger(
                attempt: "EX-other", trainee: fixture.trainee.id, kind: .start, at: fixture.now, body: body)
        }
        let result = try attempt.finish(ending: .submitted)
        #expect(throws: SpacertError.self) {
            try fixture.store.appendLedger(
                attempt: attempt.start.attemptID, trainee: fixture.trainee.id, kind: .result, at: fixture.now,
                body: try ExamCoding.encode(result))
        }
        // Finishing again (another process, say) gives the recorded result and issues nothing.
        var issued = 0
        let again = try attempt.finish(ending: .submitted) { _ in
            issued += 1
            return "CERT"
        }
        #expect(again == result && issued == 0)
        #expect(try rows(fixture.store, kind: .result) == 1)
    }

    @Test("a failed result edited to passed is caught by audit and never reported as passed")
    func tamperedResult() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 3, wait: 0))
        #expect(try submitExam(fixture).status == 0)
        let recorded = try #require(try fixture.store.examResults().first)
        #expect(!recorded.passed && !recorded.recordAltered)
        try tamper(
            fixture.store,
            #"UPDATE exam_ledger SET body = replace(body, '"passed":false', '"passed":true') WHERE kind = 'result'"#
        )
        let read = try #require(try fixture.store.examResults().first)
        #expect(read.recordAltered && !read.passed && read.certificateID == nil)
        #expect(read.reasons.first == ExamResult.alteredLabel)

        let audit = try runSpacert(["audit"], environment: environment(fixture))
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("was altered: its content does not match its hash"))
        let report = try runSpacert(["report", "trainee", "Asha"], environment: environment(fixture))
        #expect(report.stdout.contains("record altered: not trusted"), "\(report.stdout)")
        #expect(!report.stdout.lowercased().contains("certified until"))
        let show = try runSpacert(["exam", "show", recorded.attemptID], environment: environment(fixture))
        #expect(show.stdout.contains("Record altered: not trusted") && show.stdout.contains("Not passed"))
        let cohort = try runSpacert(
            ["report", "cohort", "--format", "json"], environment: environment(fixture))
        #expect(!cohort.stdout.contains(#""status":"certified""#))
        // No new exam is added to a ledger that does not check out.
        let refused = try submitExam(fixture)
        #expect(refused.status == 1 && refused.stdout.contains("does not check out"))
        #expect(try rows(fixture.store, kind: .start) == 1)
    }

    @Test("a rechained ledger (every hash recomputed after an edit) is caught by plain audit")
    func rechained() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 3, wait: 0))
        #expect(try submitExam(fixture).status == 0)
        #expect(try runSpacert(["audit"], environment: environment(fixture)).status == 0)
        try tamper(
            fixture.store,
            #"UPDATE exam_ledger SET body = replace(body, '"passed":false', '"passed":true') WHERE kind = 'result'"#
        )
        // Recompute the chain from the first row, as the 20 lines of Python did.
        try fixture.store.sqlDatabase.writeWithoutTransaction { db in
            var previous = LedgerEntry.genesis
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exam_ledger ORDER BY seq") {
                let hash = LedgerEntry.chainHash(
                    previous: previous, seq: row["seq"], attempt: row["attempt"],
                    traineeID: row["trainee_id"],
                    kind: LedgerEntry.Kind(rawValue: row["kind"])!, atMicros: row["at"], body: row["body"])
                try db.execute(
                    sql: "UPDATE exam_ledger SET prev_hash = ?, hash = ? WHERE seq = ?",
                    arguments: [previous, hash, row["seq"] as Int64])
                previous = hash
            }
        }
        #expect(try fixture.store.auditLedger().problems.allSatisfy { !$0.message.contains("was altered") })
        let audit = try runSpacert(["audit"], environment: environment(fixture))
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("the ledger was rewritten (rechained)"), "\(audit.stdout)")
        let trust = LedgerTrust.forKey(at: fixture.keyPath)
        let read = try #require(try fixture.store.examResults(trust: trust).first)
        #expect(read.recordAltered && !read.passed)
    }

    @Test("rows deleted from the ledger's end are caught by plain audit")
    func deletedTail() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 3, wait: 0))
        #expect(try submitExam(fixture).status == 0)
        let last = try fixture.store.sqlRead {
            try Int64.fetchOne($0, sql: "SELECT max(seq) FROM exam_ledger") ?? 0
        }
        try tamper(
            fixture.store,
            "DELETE FROM exam_ledger WHERE seq >= \(last - 1); DELETE FROM ledger_checkpoints WHERE seq >= \(last - 1)"
        )
        #expect(try fixture.store.auditLedger().intact, "the chain alone no longer shows it")
        let audit = try runSpacert(["audit"], environment: environment(fixture))
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("the store lost its newest rows"), "\(audit.stdout)")
    }

    @Test("a deleted -wal after a crash (a started attempt lost) is caught by plain audit")
    func deletedWriteAheadLog() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 3, wait: 0))
        try fixture.store.sqlDatabase.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        // The test's own connection stays open, so the exam's rows stay in the -wal, as after a crash.
        let run = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha"], input: "", environment: environment(fixture))
        #expect(run.status == 0)
        #expect(try rows(fixture.store, kind: .start) == 1)
        let copy = fixture.stores.path("crashed.sqlite")
        try FileManager.default.copyItem(atPath: fixture.store.path, toPath: copy)
        var env = environment(fixture)
        env["SPACERT_DB"] = copy
        let audit = try runSpacert(["audit"], environment: env)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("the store lost its newest rows"), "\(audit.stdout)")
    }

    @Test("an old ledger with no checkpoints audits clean with its unsigned entries counted")
    func oldLedger() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 3, wait: 0))
        let attempt = try fixture.begin()
        _ = try attempt.finish(ending: .submitted)
        let entries = try fixture.store.auditLedger().entries
        let audit = try runSpacert(["audit"], environment: environment(fixture))
        #expect(audit.status == 0, "\(audit.stdout)")
        #expect(audit.stdout.contains("\(entries) entries before the first checkpoint, unsigned"))
        let signed = try runSpacert(["audit", "--checkpoint"], environment: environment(fixture))
        #expect(signed.status == 0 && signed.stdout.contains("(made now)"), "\(signed.stdout)")
        #expect(FileManager.default.fileExists(atPath: fixture.keyPath + ".checkpoint"))
        // Without the copy outside the store the audit says so; --checkpoint writes it again.
        try FileManager.default.removeItem(atPath: fixture.keyPath + ".checkpoint")
        let missing = try runSpacert(["audit"], environment: environment(fixture))
        #expect(missing.status == 1 && missing.stdout.contains("no copy of the newest checkpoint outside"))
        #expect(try runSpacert(["audit", "--checkpoint"], environment: environment(fixture)).status == 0)
        #expect(try runSpacert(["audit"], environment: environment(fixture)).status == 0)
    }

    @Test("an exam on a machine without the key is refused with the reason")
    func noKey() throws {
        let fixture = try ExamFixture()
        var env = environment(fixture)
        env["SPACERT_KEY"] = fixture.stores.path("no-such-key")
        let run = try runSpacert(["exam", "--jsonl", "--trainee", "Asha"], input: "", environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("no signing key") && run.stdout.contains("ledger is signed"))
        #expect(try rows(fixture.store, kind: .start) == 0)
    }
}
