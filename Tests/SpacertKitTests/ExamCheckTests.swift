import Foundation
import SpacertKit
import Testing

@Suite("spacert exam check and exam grant: readiness that starts nothing, grants that say what they do")
struct ExamCheckTests {
    func environment(_ fixture: ExamFixture, now: String = "2026-12-02T09:00:00Z") -> [String: String] {
        [
            "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory, "SPACERT_NOW": now,
            "SPACERT_KEY": fixture.keyPath,
        ]
    }

    static let prerequisites = #"<critical-recall retrievability="0.85"/><reviews minimum="5"/>"#

    @Test("not ready: each rule met or not, what is left; exit 1; the store file is byte for byte the same")
    func notReady() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(prerequisites: Self.prerequisites))
        let files = [fixture.store.path, fixture.store.path + "-wal"]
        let before = try files.map(storeFileBytes)
        let run = try runSpacert(["exam", "check", "--trainee", "asha"], environment: environment(fixture))
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Asha: not ready for the exam yet")
        #expect(lines.contains("  met      certification: not yet certified"))
        #expect(lines.contains("  met      attempts: 2 of 2 attempts left"))
        #expect(lines.contains("  NOT MET  practice: 0 of 5 practice answers"))
        #expect(lines.contains("           left: answer 5 more practice questions"))
        #expect(
            lines.contains(
                "           left: recall 4 more critical questions to 85%; at 10 new questions a day "
                    + "(quiz's default) about 1 day"))
        #expect(lines.last?.hasPrefix("The exam: 8 questions; 30 minutes; pass mark 80%") == true)
        #expect(try files.map(storeFileBytes) == before)
        #expect(try fixture.store.auditLedger().entries == 0)
        #expect(try fixture.store.openAttempts(trainee: fixture.trainee.id).isEmpty)
    }

    @Test("ready once the rules are met: exit 0; --json says the same; --all lists everyone")
    func ready() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(prerequisites: Self.prerequisites))
        let questions = try fixture.bankSet().questions
        // Three days of practice: the critical questions on the first, the rest after.
        for (index, question) in questions.prefix(6).enumerated() {
            let day = fixture.now.addingTimeInterval(Double(index / 2 - 3) * 86_400)
            try fixture.store.record(StoreFixture.answer(question, at: day), trainee: fixture.trainee.id)
        }
        for question in questions.filter(\.critical) {
            try fixture.store.record(
                StoreFixture.answer(question, at: fixture.now.addingTimeInterval(-600)),
                trainee: fixture.trainee.id)
        }
        let run = try runSpacert(["exam", "check", "--trainee", "Asha"], environment: environment(fixture))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasPrefix("Asha: ready for the exam\n"))
        #expect(!run.stdout.contains("NOT MET"))
        let json = try runSpacert(
            ["exam", "check", "--trainee", "Asha", "--json"], environment: environment(fixture))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ready"] as? Bool == true)
        let trainee = try #require((object["trainees"] as? [[String: Any]])?.first)
        #expect(
            (trainee["rules"] as? [[String: Any]])?.map { $0["rule"] as? String } == [
                "certification", "attempts", "wait", "practice", "critical-recall",
            ])
        _ = try fixture.store.addTrainee(named: "Ben", at: fixture.now)
        let all = try runSpacert(["exam", "check", "--all"], environment: environment(fixture))
        #expect(all.status == 1)
        #expect(all.stdout.contains("Asha: ready for the exam"))
        #expect(all.stdout.contains("Ben: not ready for the exam yet"))
    }

    @Test("the time left is judged from the trainee's own pace")
    func pace() throws {
        let fixture = try ExamFixture(
            policy: ExamFixture.policy(prerequisites: #"<reviews minimum="20"/>"#))
        let questions = try fixture.bankSet().questions
        // 4 answers on each of 2 days: 4 a day, 12 more to go is 3 days.
        for (index, question) in questions.prefix(8).enumerated() {
            let day = fixture.now.addingTimeInterval(Double(index / 4 - 2) * 86_400)
            try fixture.store.record(StoreFixture.answer(question, at: day), trainee: fixture.trainee.id)
        }
        let run = try runSpacert(["exam", "check", "--trainee", "Asha"], environment: environment(fixture))
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "left: answer 12 more practice questions; at your pace (4 answers a day) about 3 days"),
            "\(run.stdout)")
    }

    @Test("--attempts adds attempts and keeps the wait; --waive-wait waives it; each is shown and kept")
    func grants() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 1, wait: 24))
        let first = try fixture.begin()
        try fixture.answerAll(first, wrong: Set(1...8))
        _ = try first.finish(ending: .submitted)
        let used = try runSpacert(["exam", "check", "--trainee", "Asha"], environment: environment(fixture))
        #expect(used.status == 1)
        #expect(used.stdout.contains("NOT MET  attempts: all 1 attempts used"))

        let nothing = try runSpacert(
            ["exam", "grant", "--trainee", "Asha", "--note", "why not"], environment: environment(fixture))
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("a grant must do something"))
        #expect(try fixture.store.examGrants(trainee: fixture.trainee.id).isEmpty)

        let more = try runSpacert(
            [
                "exam", "grant", "--trainee", "Asha", "--attempts", "1", "--note",
                "coached on contraindications",
            ],
            environment: environment(fixture, now: "2026-12-02T10:00:00Z"))
        #expect(more.status == 0, "\(more.stderr)")
        #expect(more.stdout.hasPrefix("Granted to Asha: 1 more attempt (recorded in the exam ledger).\n"))
        #expect(more.stdout.contains("Note: coached on contraindications"))
        // The attempt is there, but the wait after the failed one still applies.
        #expect(more.stdout.contains("attempts: 1 of 2 attempts (the policy's 1 and 1 granted) left"))
        #expect(more.stdout.contains("NOT MET  wait: 24 hours' wait after a failed attempt"))

        let waived = try runSpacert(
            ["exam", "grant", "--trainee", "Asha", "--waive-wait", "--note", "exam day booked"],
            environment: environment(fixture, now: "2026-12-02T10:05:00Z"))
        #expect(waived.status == 0, "\(waived.stderr)")
        #expect(waived.stdout.hasPrefix("Granted to Asha: the wait after a failed attempt waived"))
        #expect(waived.stdout.contains("Asha: ready for the exam"))
        let grants = try fixture.store.examGrants(trainee: fixture.trainee.id)
        #expect(grants.map(\.attempts) == [1, 0])
        #expect(grants.map(\.waiveWait) == [false, true])
        #expect(grants.map(\.note) == ["coached on contraindications", "exam day booked"])
        #expect(try fixture.store.auditLedger().problems.isEmpty)
    }
}
