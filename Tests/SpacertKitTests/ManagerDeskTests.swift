import Foundation
import PostgresNIO
import Testing

@testable import SpacertKit

/// docs/POSTGRES.md, "Certificates and checkpoints without the spa's key on branch terminals":
/// a branch terminal (a login role in `spacert_terminal`, no key) sits exams on the shared store;
/// the manager's desk (a login role in `spacert_manager`, with the key) issues the certificates
/// from the ledger after auditing it, and signs its head. The real binary throughout.
@Suite(
    "Branch terminals without the key; certificates issued at the manager's desk", .serialized,
    .enabled(
        if: PostgresTestServer.isEnabled,
        "SPACERT_TEST_POSTGRES names no PostgreSQL server; start one with Scripts/postgres-cluster.sh start DIR"
    ))
struct ManagerDeskTests {
    /// A shared store made by its owner, with the roles script run, one trainee, a terminal and
    /// a manager login role, the exam fixture's banks and the spa's key (at the manager's desk only).
    final class Branches {
        let fixture: ExamFixture
        let scratch: PostgresScratchDatabase
        let terminal: PostgresLocation
        let manager: PostgresLocation
        var now = "2026-12-02T09:00:00Z"

        init() throws {
            fixture = try ExamFixture()
            scratch = try PostgresScratchDatabase()
            let made = try runSpacert(
                ["trainee", "add", "Asha"],
                environment: [
                    "SPACERT_DB": scratch.location.description, "SPACERT_BANKS": fixture.directory,
                    "SPACERT_NOW": now,
                ])
            #expect(made.status == 0, "\(made.stderr)")
            try scratch.runScript(repositoryRoot.appendingPathComponent("Scripts/postgres-roles.sql").path)
            terminal = try scratch.makeRole("desk", password: "pw-desk", group: "spacert_terminal")
            manager = try scratch.makeRole("boss", password: "pw-boss", group: "spacert_manager")
        }

        private var common: [String: String] {
            ["SPACERT_BANKS": fixture.directory, "SPACERT_NOW": now]
        }

        /// A branch's front desk: its own login role, and no key on the machine.
        var front: [String: String] {
            common.merging([
                "SPACERT_DB": terminal.description, "PGPASSWORD": "pw-desk",
                "SPACERT_KEY": fixture.stores.path("no-key-on-this-terminal"),
            ]) { $1 }
        }

        /// The manager's desk: its own login role, and the spa's key.
        var desk: [String: String] {
            common.merging([
                "SPACERT_DB": manager.description, "PGPASSWORD": "pw-boss", "SPACERT_KEY": fixture.keyPath,
            ]) { $1 }
        }

        /// A count from the administrator's view of the store.
        func count(_ table: String) throws -> Int64 {
            let admin = try scratch.administratorSession()
            defer { admin.close() }
            return try #require(
                try admin.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).first?.decode(
                    Int64.self))
        }

        /// Sits the exam over `--jsonl` at the front desk, answering each question with `answer`;
        /// returns the result event.
        func sitExam(answer: ([String: Any]) -> String) throws -> [String: Any] {
            let driver = try JSONLDriver(
                ["--trainee", "Asha", "--out", fixture.reports], environment: front, command: "exam")
            while true {
                let event = try #require(driver.event(), "the exam ended without a result")
                if event["event"] as? String == "question" {
                    driver.send(answer(event))
                    continue
                }
                #expect(driver.wait() == 0)
                return event
            }
        }
    }

    /// The failure's SQLSTATE, or nil when `sql` ran.
    func failureState(_ session: PostgresSession, _ sql: String) -> String? {
        do {
            try session.execute(sql)
            return nil
        } catch let failure as PostgresFailure {
            return failure.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "a terminal practises and passes without a key; the manager's desk issues, verifies, signs the head")
    func terminalPassesManagerIssues() throws {
        let branches = try Branches()
        let right = ExamCommandTests().rightAnswer

        // Practice at the front desk is saved.
        let quiz = try JSONLDriver(["--trainee", "Asha", "--limit", "1"], environment: branches.front)
        let question = try #require(quiz.event())
        quiz.send(right(question))
        #expect(quiz.event()?["event"] as? String == "feedback")
        try quiz.close()
        while quiz.event() != nil {}
        #expect(quiz.wait() == 0)
        #expect(try branches.count("review_log") == 1)
        #expect(try branches.count("cards") == 1)

        // The exam: sat and passed with no key; the result is in the ledger, unsigned, uncertified.
        let result = try branches.sitExam(answer: right)
        #expect(result["event"] as? String == "result")
        #expect(result["passed"] as? Bool == true)
        #expect(result["certificate"] is NSNull)
        #expect(result["certificate_pending"] as? Bool == true)
        #expect(try branches.count("exam_ledger WHERE kind = 'result'") == 1)
        #expect(try branches.count("ledger_checkpoints") == 0)
        #expect(try branches.count("certificates") == 0)
        #expect(!FileManager.default.fileExists(atPath: branches.fixture.reports + "/certificates"))

        // What the terminal's role may not do.
        let grant = try runSpacert(
            ["exam", "grant", "--trainee", "Asha", "--attempts", "1", "--note", "one more"],
            environment: branches.front)
        #expect(grant.status == 2, "\(grant.stdout)")
        #expect(grant.stderr.contains("permission") || grant.stderr.contains("privilege"), "\(grant.stderr)")
        let rename = try runSpacert(["trainee", "rename", "Asha", "Asha K"], environment: branches.front)
        #expect(rename.status == 2)
        let add = try runSpacert(["trainee", "add", "Bea"], environment: branches.front)
        #expect(add.status == 2)
        #expect(try branches.count("trainees") == 1)
        #expect(try branches.count("exam_ledger WHERE kind = 'grant'") == 0)
        let session = try PostgresSession(location: branches.terminal, password: "pw-desk")
        defer { session.close() }
        #expect(failureState(session, "UPDATE exam_ledger SET body = 'x' WHERE kind = 'result'") == "42501")
        #expect(failureState(session, "DELETE FROM exam_ledger WHERE kind = 'result'") == "42501")
        // Nor can it issue the certificate itself, with no key.
        let early = try runSpacert(["certificate", "issue", "--all"], environment: branches.front)
        #expect(early.status == 2)
        #expect(early.stderr.contains("signing key"), "\(early.stderr)")

        // The manager's cohort report shows the pass waiting for its certificate.
        func status() throws -> String? {
            let cohort = try runSpacert(["report", "cohort", "--format", "json"], environment: branches.desk)
            #expect(cohort.status == 0, "\(cohort.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(cohort.stdout.utf8)) as? [String: Any]
            let rows = json?["trainees"] as? [[String: Any]] ?? []
            let asha = rows.first { $0["name"] as? String == "Asha" }
            return (asha?["certification"] as? [String: Any])?["status"] as? String
        }
        #expect(try status() == "awaiting-certificate")

        // The manager's desk issues it; it verifies against the spa's one key.
        let reports = branches.fixture.reports
        let issued = try runSpacert(
            ["certificate", "issue", "--all", "--out", reports, "--json"], environment: branches.desk)
        #expect(issued.status == 0, "\(issued.stdout)\(issued.stderr)")
        let outcome = try #require(
            try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        let made = try #require((outcome["issued"] as? [[String: Any]])?.first)
        #expect((outcome["issued"] as? [Any])?.count == 1)
        #expect((outcome["held_back"] as? [Any])?.isEmpty == true)
        #expect(outcome["already_certified"] as? Int == 0)
        #expect(
            made["trainee"] as? String == "Asha" && made["attempt"] as? String == result["attempt"] as? String
        )
        let path = try #require(made["file"] as? String)
        #expect(path.hasPrefix(reports + "/certificates/asha-SPC-"))
        #expect((made["pdf"] as? String).map { FileManager.default.fileExists(atPath: $0) } == true)
        // The keys are those docs/PROTOCOL.md documents, every one at the top level.
        let documented = try #require(
            try ProtocolDocumentTests.blocks().first { $0.info == "json spacert certificate issue --json" })
        let documentedKeys = ProtocolDocumentTests.keyPaths(try ProtocolDocumentTests.object(documented.text))
        let writtenKeys = ProtocolDocumentTests.keyPaths(outcome)
        #expect(writtenKeys.isSubset(of: documentedKeys), "\(writtenKeys.subtracting(documentedKeys))")
        #expect(Set(outcome.keys) == Set(documentedKeys.filter { !$0.contains(".") }))
        #expect(writtenKeys.contains("issued[].print_problem") && writtenKeys.contains("issued[].code"))
        let verified = try runSpacert(["verify", path], environment: branches.desk)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("valid: certificate SPC-"))
        #expect(try branches.count("certificates") == 1)
        #expect(try status() == "certified")
        // Dated the exam's end, as the exam would have issued it.
        let stored = try #require(
            try ProgressStore.open(.postgres(branches.scratch.location), readOnly: true).certificates().first)
        #expect(stored.attempt == result["attempt"] as? String)
        #expect(ISO8601.format(stored.issued).hasPrefix("2026-12-02T09:00"))

        // Every reader of the result now finds its certificate, at the branch too.
        let attempt = try #require(result["attempt"] as? String)
        let show = try runSpacert(["exam", "show", attempt], environment: branches.front)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("; certificate \(stored.id)"), "\(show.stdout.prefix(400))")

        // Again: nothing new.
        let again = try runSpacert(
            ["certificate", "issue", "--all", "--out", reports], environment: branches.desk)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("certificates: 0 issued now, 0 held back, 1 pass already certified"))
        #expect(try branches.count("certificates") == 1)

        // The manager's desk signs the head; the audit passes.
        let checkpoint = try runSpacert(["audit", "--checkpoint"], environment: branches.desk)
        #expect(checkpoint.status == 0, "\(checkpoint.stdout)\(checkpoint.stderr)")
        #expect(try branches.count("ledger_checkpoints") == 1)
        let audit = try runSpacert(["audit"], environment: branches.desk)
        #expect(audit.status == 0, "\(audit.stdout)")
        #expect(audit.stdout.contains("chain intact"))
        #expect(audit.stdout.contains("checkpoints: 1, the newest of entry"))
        // And issuing after the checkpoint still finds nothing to do.
        let third = try runSpacert(["certificate", "issue", "--trainee", "Asha"], environment: branches.desk)
        #expect(third.status == 0)
        #expect(third.stdout.contains("0 issued now"))
    }

    @Test("in plain text, a pass at a terminal says the certificate comes from the manager's desk")
    func plainTextPass() throws {
        let branches = try Branches()
        // A terminal left with the key tries to sign, and its role refuses: nothing is kept.
        var keyed = branches.front
        keyed["SPACERT_KEY"] = branches.fixture.keyPath
        let refused = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", branches.fixture.reports], environment: keyed)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ledger_checkpoints"), "\(refused.stderr)")
        #expect(try branches.count("exam_ledger") == 0)
        // Every question answered right but one that is not critical; then the trainee leaves.
        let driver = try JSONLDriver(
            ["--trainee", "Asha", "--out", branches.fixture.reports], environment: branches.front,
            command: "exam")
        var skipped: Int?
        while let event = driver.event(), event["event"] as? String == "question" {
            let index = try #require((event["progress"] as? [String: Int])?["index"])
            let total = try #require((event["progress"] as? [String: Int])?["total"])
            if index == skipped { break }
            if skipped == nil, event["critical"] as? Bool != true {
                skipped = index
                if index == total { break }
                driver.send(#"{"command":"goto","index":\#(index + 1)}"#)
                continue
            }
            driver.send(ExamCommandTests().rightAnswer(event))
        }
        try driver.close()
        #expect(driver.event()?["event"] as? String == "saved")
        #expect(driver.wait() == 0)
        // Past its time limit the same command grades it, in plain lines (no terminal here).
        branches.now = "2026-12-02T09:31:00Z"
        let run = try runSpacert(
            ["exam", "--trainee", "Asha", "--out", branches.fixture.reports], environment: branches.front)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("PASSED: 87.5% overall (time ran out)"), "\(run.stdout)")
        #expect(run.stdout.contains("Certificate: to be issued at the manager's desk."), "\(run.stdout)")
        #expect(run.stdout.contains("Valid until 2027-12-02"), "\(run.stdout)")
        #expect(try branches.count("certificates") == 0)
    }

    @Test("a pass a terminal forged is held back: graded again from its own answers it fails")
    func forgedPassIsHeld() throws {
        let branches = try Branches()
        // The trainee starts, answers one question wrong and leaves the attempt open.
        let driver = try JSONLDriver(
            ["--trainee", "Asha", "--out", branches.fixture.reports], environment: branches.front,
            command: "exam")
        let first = try #require(driver.event())
        driver.send(ExamCommandTests().wrongAnswer(first))
        _ = driver.event()
        try driver.close()
        #expect(driver.event()?["event"] as? String == "saved")
        #expect(driver.wait() == 0)

        // The terminal's role appends a result of its own making, chained as spacert chains it.
        let store = try ProgressStore.open(
            .postgres(branches.terminal), variables: ["PGPASSWORD": "pw-desk"])
        let attempt = try #require(
            try store.openAttempts(trainee: try store.existingTrainee(named: "Asha").id).first)
        let transcript = try ExamTranscript(
            store: store, attemptID: attempt, questions: try branches.fixture.bankSet().questions)
        let start = transcript.start
        let forged = ExamResult(
            attemptID: attempt, traineeID: start.traineeID, trainee: start.trainee, started: start.started,
            finished: start.started.addingTimeInterval(60), ending: .submitted, passed: true, score: 1,
            categories: [:], reasons: [], items: [], policyID: start.policyID, policyHash: start.policyHash,
            banksHash: start.banksHash)
        try store.appendLedger(
            attempt: attempt, trainee: start.traineeID, kind: .result, at: forged.finished,
            body: try ExamCoding.encode(forged))

        // The chain is whole (the terminal appended it properly), but the desk grades it again.
        let issued = try runSpacert(
            ["certificate", "issue", "--all", "--out", branches.fixture.reports], environment: branches.desk)
        #expect(issued.status == 1, "\(issued.stdout)\(issued.stderr)")
        #expect(
            issued.stdout.contains("not issued: attempt \(attempt) of Asha: graded again from its answers"))
        #expect(issued.stdout.contains("certificates: 0 issued now, 1 held back"))
        #expect(try branches.count("certificates") == 0)
        // The same in JSON: held back, with the reason; exit 1.
        let json = try runSpacert(
            ["certificate", "issue", "--all", "--json", "--out", branches.fixture.reports],
            environment: branches.desk)
        #expect(json.status == 1, "\(json.stderr)")
        let outcome = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let held = try #require((outcome["held_back"] as? [[String: Any]])?.first)
        #expect(held["attempt"] as? String == attempt && held["trainee"] as? String == "Asha")
        #expect((held["reason"] as? String)?.hasPrefix("graded again from its answers") == true)
        #expect((outcome["issued"] as? [Any])?.isEmpty == true)
        // Still waiting in the cohort report.
        let cohort = try runSpacert(["report", "cohort"], environment: branches.desk)
        #expect(cohort.stdout.contains("awaiting certificate"), "\(cohort.stdout.prefix(600))")
    }

    @Test("a pass drawn from banks no longer in the folder is held back until they are put back")
    func changedBanksHold() throws {
        let branches = try Branches()
        let result = try branches.sitExam(answer: ExamCommandTests().rightAnswer)
        #expect(result["passed"] as? Bool == true)
        let bank = ExamFixture.bank(.techniques)
        try branches.fixture.banks.write("techniques.xml", bank + "\n")
        let held = try runSpacert(
            ["certificate", "issue", "--all", "--out", branches.fixture.reports], environment: branches.desk)
        #expect(held.status == 1, "\(held.stderr)")
        #expect(held.stdout.contains("it was drawn from other banks or another policy"), "\(held.stdout)")
        #expect(try branches.count("certificates") == 0)
        try branches.fixture.banks.write("techniques.xml", bank)
        let issued = try runSpacert(
            ["certificate", "issue", "--all", "--out", branches.fixture.reports], environment: branches.desk)
        #expect(issued.status == 0, "\(issued.stdout)\(issued.stderr)")
        #expect(issued.stdout.contains("certificates: 1 issued now"))
    }

    @Test("nothing is issued from a ledger that does not audit clean")
    func alteredLedgerIssuesNothing() throws {
        let branches = try Branches()
        let result = try branches.sitExam(answer: ExamCommandTests().rightAnswer)
        #expect(result["passed"] as? Bool == true)
        // Someone with the server's superuser rewrites a row past the append-only triggers.
        let admin = try branches.scratch.administratorSession()
        try admin.execute("ALTER TABLE exam_ledger DISABLE TRIGGER USER")
        try admin.execute("UPDATE exam_ledger SET at = at + 1 WHERE kind = 'answer' AND seq = 2")
        try admin.execute("ALTER TABLE exam_ledger ENABLE TRIGGER USER")
        admin.close()
        let issued = try runSpacert(
            ["certificate", "issue", "--all", "--out", branches.fixture.reports], environment: branches.desk)
        #expect(issued.status == 1)
        #expect(issued.stderr.contains("no certificate was issued: the exam ledger"), "\(issued.stderr)")
        #expect(issued.stderr.contains("was altered"), "\(issued.stderr)")
        #expect(try branches.count("certificates") == 0)
    }

    @Test("on one site's SQLite store the exam still needs the key; its own passes are certified already")
    func sqliteKeepsTheKey() throws {
        let fixture = try ExamFixture()
        let env = [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
            "SPACERT_NOW": "2026-12-02T09:00:00Z", "SPACERT_KEY": fixture.stores.path("missing-key"),
        ]
        let run = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports], environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("a pass could not be certified"))
        #expect(try fixture.store.auditLedger().entries == 0)
        var withKey = env
        withKey["SPACERT_KEY"] = fixture.keyPath
        let issue = try runSpacert(["certificate", "issue", "--all"], environment: withKey)
        #expect(issue.status == 0, "\(issue.stderr)")
        #expect(issue.stdout.contains("certificates: 0 issued now, 0 held back, 0 passes already certified"))
    }

    @Test("a pass without a key says the certificate comes from the manager's desk")
    func pendingText() throws {
        let result = ExamResult(
            attemptID: "EX-1", traineeID: 1, trainee: "Asha", started: Date(), finished: Date(),
            ending: .submitted, passed: true, score: 1, categories: [:], reasons: [], items: [],
            policyID: "p", policyHash: "h", banksHash: "b")
        let lines = ExamText.result(result, policy: nil, certificate: nil, certificatePending: true)
        #expect(lines.contains { $0.hasPrefix("Certificate: to be issued at the manager's desk") })
        var failed = result
        failed.passed = false
        #expect(
            !ExamText.result(failed, policy: nil, certificate: nil, certificatePending: true).contains {
                $0.contains("manager's desk")
            })
        let event = ExamJSONLSession.resultEvent(result, certificate: nil, pending: true).line
        #expect(event.contains(#""certificate_pending":true"#))
        #expect(
            ExamJSONLSession.resultEvent(result, certificate: nil).line.contains(
                #""certificate_pending":false"#))
    }
}
