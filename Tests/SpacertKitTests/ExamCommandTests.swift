import Foundation
import SpacertKit
import Testing

@Suite("spacert exam --jsonl and spacert audit, run as a front end would", .serialized)
struct ExamCommandTests {
    func environment(_ fixture: ExamFixture, now: String = "2026-12-02T09:00:00Z") -> [String: String] {
        [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory, "SPACERT_NOW": now,
            "SPACERT_KEY": fixture.keyPath,
        ]
    }

    /// The right answer to a question event, in the protocol's shape, worked out from the bank's
    /// written order (choice texts) the fixture uses.
    func rightAnswer(_ event: [String: Any]) -> String {
        let type = event["type"] as? String
        func keyed(_ field: String) -> [(key: String, text: String)] {
            (event[field] as? [[String: String]] ?? []).map { ($0["key"]!, $0["text"]!) }
        }
        switch type {
        case "single":
            return #"{"answer":["\#(keyed("choices").first { $0.text == "Stop and refer" }!.key)"]}"#
        case "multiple":
            let keys = keyed("choices").filter { $0.text.hasPrefix("Right") }.map { "\"\($0.key)\"" }
            return #"{"answer":[\#(keys.joined(separator: ","))]}"#
        case "order":
            let steps = ["First", "Second", "Third", "Fourth"]
            let keys = steps.map { step in "\"\(keyed("choices").first { $0.text == step }!.key)\"" }
            return #"{"answer":[\#(keys.joined(separator: ","))]}"#
        default:
            let pairs = ["One": "Uno", "Two": "Dos", "Three": "Tres"]
            let right = keyed("right")
            let body = keyed("left").map { left in
                "\"\(left.key)\":\"\(right.first { $0.text == pairs[left.text] }!.key)\""
            }
            return "{\"answer\":{\(body.joined(separator: ","))}}"
        }
    }

    /// A valid answer that is not the right one.
    func wrongAnswer(_ event: [String: Any]) -> String {
        let right = try! JSONSerialization.jsonObject(with: Data(rightAnswer(event).utf8)) as! [String: Any]
        switch right["answer"] {
        case let keys as [String] where event["type"] as? String == "order":
            return #"{"answer":[\#(keys.reversed().map { "\"\($0)\"" }.joined(separator: ","))]}"#
        case let keys as [String]:
            let choices = (event["choices"] as? [[String: String]] ?? []).map { $0["key"]! }
            return #"{"answer":["\#(choices.first { !keys.contains($0) }!)"]}"#
        case let pairs as [String: String]:
            let lefts = pairs.keys.sorted()
            let rights = lefts.map { pairs[$0]! }
            let rotated = zip(lefts, rights.dropFirst() + [rights[0]]).map { "\"\($0)\":\"\($1)\"" }
            return "{\"answer\":{\(rotated.joined(separator: ","))}}"
        default:
            return "{}"
        }
    }

    @Test("a refused exam writes the reasons as one event, records nothing and exits 1")
    func refused() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(prerequisites: #"<reviews minimum="3"/>"#))
        let run = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports],
            environment: environment(fixture))
        #expect(run.status == 1)
        let event = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(event["event"] as? String == "refused")
        #expect(event["version"] as? Int == 1)
        #expect(
            event["reasons"] as? [String] == [
                "0 practice answers so far; the policy asks for 3 before an exam ('spacert quiz')"
            ])
        #expect(try fixture.store.auditLedger().entries == 0)
    }

    @Test("questions without feedback, a bad line refused, goto to change, then the result")
    func fullExam() throws {
        let fixture = try ExamFixture()
        let driver = try JSONLDriver(
            ["--trainee", "Asha", "--out", fixture.reports],
            environment: environment(fixture),
            command: "exam")
        var first = try #require(driver.event())
        #expect(first["event"] as? String == "question")
        #expect((first["progress"] as? [String: Int]) == ["index": 1, "total": 8])
        #expect((1799...1800).contains(first["seconds_left"] as? Int ?? 0))
        driver.send(#"{"answer":["z"]}"#)
        #expect(driver.event()?["event"] as? String == "error")
        first = try #require(driver.event())
        #expect((first["progress"] as? [String: Int])?["index"] == 1)
        // Answer the first one wrong, then every other right; go back and put the first right.
        driver.send(#"{"answer":{"1":"a"}}"#)
        #expect(driver.event()?["event"] as? String == "error")
        _ = driver.event()
        driver.send(wrongAnswer(first))
        var seen: Set<String> = []
        for _ in 2...8 {
            let event = try #require(driver.event())
            #expect(event["event"] as? String == "question", "no feedback during an exam: \(event)")
            seen.insert(event["id"] as! String)
            if (event["progress"] as? [String: Int])?["index"] == 8 {
                driver.send(#"{"command":"goto","index":1}"#)
                let again = try #require(driver.event())
                #expect(again["id"] as? String == first["id"] as? String)
                #expect(again["given"] != nil)
                driver.send(rightAnswer(again))
                let back = try #require(driver.event())
                #expect((back["progress"] as? [String: Int])?["index"] == 8)
            }
            driver.send(rightAnswer(event))
        }
        let result = try #require(driver.event())
        #expect(result["event"] as? String == "result")
        #expect(result["passed"] as? Bool == true)
        #expect(result["score"] as? Double == 1)
        #expect(result["ending"] as? String == "submitted")
        #expect((result["reasons"] as? [String])?.isEmpty == true)
        #expect((result["categories"] as? [String: Double])?.count == 4)
        #expect(driver.wait() == 0)
        // The pass earned a certificate that verifies with the spa's key.
        let certificate = try #require(result["certificate"] as? String)
        #expect(certificate.hasPrefix(fixture.reports + "/certificates/asha-SPC-"))
        let verified = try runSpacert(["verify", certificate], environment: environment(fixture))
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("valid: certificate SPC-"))
        #expect(try fixture.store.examResults()[0].certificateID.map { certificate.contains($0) } == true)
        #expect(seen.count == 7)
        let audit = try runSpacert(["audit", "--json"], environment: environment(fixture))
        #expect(audit.status == 0)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        #expect(report["intact"] as? Bool == true)
        #expect(report["results"] as? Int == 1)
    }

    @Test("plain lines: ! flags the question shown, as the quiz does; the flag is listed by spacert flags")
    func lineModeFlag() throws {
        let fixture = try ExamFixture()
        let run = try runSpacert(
            ["exam", "--trainee", "Asha", "--out", fixture.reports], input: "! unclear wording\nq\n",
            environment: environment(fixture))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("flagged question 1 for the editors"))
        let flags = try runSpacert(["flags", "--json"], environment: environment(fixture))
        #expect(flags.stdout.contains("unclear wording"))
    }

    @Test("without the spa's signing key the exam does not start")
    func noKey() throws {
        let fixture = try ExamFixture()
        var env = environment(fixture)
        env["SPACERT_KEY"] = fixture.stores.path("missing-key")
        let run = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports], environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("a pass could not be certified"))
        #expect(run.stdout.contains("spacert keys init"))
        #expect(try fixture.store.auditLedger().entries == 0)
    }

    @Test("closing stdin keeps the attempt; it resumes later and times out past its limit")
    func closeResumeTimeout() throws {
        let fixture = try ExamFixture()
        let driver = try JSONLDriver(
            ["--trainee", "Asha", "--out", fixture.reports], environment: environment(fixture),
            command: "exam")
        let first = try #require(driver.event())
        driver.send(rightAnswer(first))
        _ = try #require(driver.event())
        try driver.close()
        let saved = try #require(driver.event())
        #expect(saved["event"] as? String == "saved")
        #expect(saved["answered"] as? Int == 1)
        #expect(driver.wait() == 0)

        let later = try JSONLDriver(
            ["--trainee", "Asha", "--out", fixture.reports],
            environment: environment(fixture, now: "2026-12-02T09:20:00Z"),
            command: "exam")
        let resumed = try #require(later.event())
        #expect(resumed["attempt"] as? String == saved["attempt"] as? String)
        #expect((resumed["progress"] as? [String: Int])?["index"] == 2)
        // The clock ran on from the first start (a fraction of a second after 09:00).
        #expect((599...601).contains(resumed["seconds_left"] as? Int ?? 0))
        try later.close()
        _ = later.event()
        #expect(later.wait() == 0)

        let late = try runSpacert(
            ["exam", "--jsonl", "--trainee", "Asha", "--out", fixture.reports],
            environment: environment(fixture, now: "2026-12-02T09:31:00Z"))
        #expect(late.status == 0)
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(late.stdout.utf8)) as? [String: Any])
        #expect(result["event"] as? String == "result")
        #expect(result["ending"] as? String == "timed-out")
        #expect(result["answered"] as? Int == 1)
        #expect(result["passed"] as? Bool == false)
    }

    @Test("a killed exam loses no saved answer and resumes the same attempt")
    func killed() throws {
        let fixture = try ExamFixture()
        let driver = try JSONLDriver(
            ["--trainee", "Asha", "--out", fixture.reports], environment: environment(fixture),
            command: "exam")
        var event = try #require(driver.event())
        let attemptID = try #require(event["attempt"] as? String)
        for _ in 1...3 {
            driver.send(rightAnswer(event))
            event = try #require(driver.event())
        }
        kill(driver.process.processIdentifier, SIGKILL)
        driver.process.waitUntilExit()
        #expect(driver.process.terminationReason == .uncaughtSignal)
        #expect(try fixture.store.auditLedger().intact)
        let again = try JSONLDriver(
            ["--trainee", "Asha", "--out", fixture.reports],
            environment: environment(fixture, now: "2026-12-02T09:05:00Z"),
            command: "exam")
        let resumed = try #require(again.event())
        #expect(resumed["attempt"] as? String == attemptID)
        #expect(resumed["answered"] as? Int == 3)
        #expect((resumed["progress"] as? [String: Int])?["index"] == 4)
        try again.close()
        _ = again.event()
        #expect(again.wait() == 0)
    }

    @Test("spacert audit exits 1 and names the entry when the ledger was edited")
    func auditCommand() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt)
        _ = try attempt.finish(ending: .submitted)
        let clean = try runSpacert(["audit"], environment: environment(fixture))
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("10 entries, 1 attempts, 1 results; chain intact; head "))
        let head = try #require(clean.stdout.split(separator: " ").last).trimmingCharacters(
            in: .whitespacesAndNewlines)
        try ExamLedgerTests().tamper(
            fixture, "UPDATE exam_ledger SET body = replace(body, 'Asha', 'Bob') WHERE seq = 1")
        let edited = try runSpacert(["audit", "--expect-head", head], environment: environment(fixture))
        #expect(edited.status == 1)
        #expect(
            edited.stdout.contains(": error: entry 1 (attempt \(attempt.start.attemptID), start) was altered")
        )
    }
}
