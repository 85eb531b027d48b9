import Foundation
import GRDB
import SpacertKit
import Testing

@Suite("Exam: time limit, resume, attempts, waits and prerequisites")
struct ExamRulesTests {
    /// Why the trainee may not start now, without opening an attempt.
    func refusals(_ fixture: ExamFixture) throws -> [String] {
        let proctor = try fixture.proctor()
        return try proctor.standing(
            trainee: fixture.trainee, policy: #require(proctor.banks.policy), now: fixture.now)
    }

    @Test("an answer after the time limit is not saved; reopening grades what was saved as timed out")
    func timeOut() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(minutes: 30))
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt, skip: Set(4...8))
        fixture.now += 30 * 60
        #expect(try attempt.answer(attempt.presented[4].expected, at: 5) == .timeUp)
        guard case .closed(let result) = try fixture.proctor().open(trainee: fixture.trainee) else {
            Issue.record("an attempt past its time is closed when reopened")
            return
        }
        #expect(result.attemptID == attempt.start.attemptID)
        #expect(result.ending == .timedOut)
        #expect(result.items.filter { $0.answer != nil }.count == 3)
        #expect(result.finished == attempt.start.deadline)
        #expect(!result.passed)
        #expect(result.reasons.last == "time ran out with 5 questions unanswered")
        #expect(try fixture.store.openAttempts(trainee: fixture.trainee.id).isEmpty)
    }

    @Test("a left attempt resumes with the same questions, order and answers while time remains")
    func resume() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin(seed: "resume")
        try fixture.answerAll(attempt, skip: Set(4...8))
        fixture.now += 10 * 60
        guard case .ready(let again, let resumed) = try fixture.proctor().open(trainee: fixture.trainee)
        else {
            Issue.record("the attempt resumes")
            return
        }
        #expect(resumed)
        #expect(again.start == attempt.start)
        #expect(again.presented.map(\.items) == attempt.presented.map(\.items))
        #expect(again.presented.map(\.right) == attempt.presented.map(\.right))
        #expect(again.answers == attempt.answers)
        #expect(again.nextUnanswered(after: 0) == 4)
        #expect(abs(again.secondsLeft - 20 * 60) < 1e-6)
    }

    @Test("an attempt whose banks changed is voided and does not count")
    func voided() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 1))
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt, skip: [8])
        let path = fixture.banks.directory.appendingPathComponent("techniques.xml").path
        let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "Stop and refer", with: "Stop, and refer")
        try fixture.banks.write("techniques.xml", edited)
        guard case .closed(let result) = try fixture.proctor().open(trainee: fixture.trainee) else {
            Issue.record("a changed bank closes the attempt")
            return
        }
        #expect(result.ending == .voided)
        #expect(!result.passed)
        guard case .ready(let next, let resumed) = try fixture.proctor().open(trainee: fixture.trainee) else {
            Issue.record("a voided attempt neither counts nor imposes a wait")
            return
        }
        #expect(!resumed)
        #expect(next.start.attemptID != attempt.start.attemptID)
    }

    @Test("a failed attempt imposes the wait; the limit needs a manager's grant")
    func attemptsAndWaits() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(attempts: 2, wait: 24))
        let first = try fixture.begin()
        try fixture.answerAll(first, wrong: Set(1...8))
        let failed = try first.finish(ending: .submitted)
        #expect(!failed.passed)
        fixture.now += 23 * 3600
        let waiting = try refusals(fixture)
        #expect(waiting.count == 1)
        #expect(
            waiting[0].hasPrefix(
                "must wait 24 hours after a failed attempt: the next may start at 2026-12-03T09:00:00"))
        fixture.now += 3600
        let second = try fixture.begin(seed: "two")
        try fixture.answerAll(second, wrong: Set(1...8))
        _ = try second.finish(ending: .submitted)
        fixture.now += 48 * 3600
        let used = try refusals(fixture)
        #expect(used.count == 1)
        #expect(used[0].hasPrefix("all 2 attempts the policy allows have been used"))
        try fixture.store.grantAttempts(
            trainee: fixture.trainee, attempts: 1, waiveWait: false, note: "extra coaching done",
            at: fixture.now)
        let third = try fixture.begin(seed: "three")
        try fixture.answerAll(third)
        let passed = try third.finish(ending: .submitted)
        #expect(passed.passed)
        fixture.now += 3600
        let certified = try refusals(fixture)
        #expect(certified.count == 1)
        #expect(certified[0].hasPrefix("already certified until 2027-12-05"))
        #expect(certified[0].hasSuffix("renewal opens on 2027-11-05"))
        fixture.now = ISO8601.parse("2027-11-05T10:00:00Z")!
        #expect(try refusals(fixture).isEmpty)
    }

    @Test("prerequisites: practice answers and recall of every critical question")
    func prerequisites() throws {
        let fixture = try ExamFixture(
            policy: ExamFixture.policy(
                prerequisites: #"<critical-recall retrievability="0.85"/><reviews minimum="5"/>"#))
        let reasons = try refusals(fixture)
        #expect(reasons.count == 2)
        #expect(
            reasons[0] == "0 practice answers so far; the policy asks for 5 before an exam ('spacert quiz')")
        #expect(reasons[1].hasPrefix("4 of 4 critical questions have not been practised"))
        let critical = try fixture.bankSet().questions.filter(\.critical)
        for question in critical {
            try fixture.store.record(
                StoreFixture.answer(question, at: fixture.now), trainee: fixture.trainee.id)
        }
        #expect(
            try refusals(fixture) == [
                "4 practice answers so far; the policy asks for 5 before an exam ('spacert quiz')"
            ])
        let other = try #require(try fixture.bankSet().questions.first { !$0.critical })
        try fixture.store.record(StoreFixture.answer(other, at: fixture.now), trainee: fixture.trainee.id)
        #expect(try refusals(fixture).isEmpty)
        // Weeks later, memory of the critical questions has faded below 85%.
        fixture.now += 60 * 86_400
        let faded = try refusals(fixture)
        #expect(faded.count == 1)
        #expect(faded[0].hasPrefix("4 critical questions are recalled below 85% now: "))
    }

    @Test("banks that do not lint clean refuse the exam, naming the first error")
    func lintRefusal() throws {
        let fixture = try ExamFixture()
        try fixture.banks.write(
            "broken.xml", bankXML(id: "broken", singleQuestion("broken-1", correct: [true, true, false])))
        guard case .refused(let reasons) = try fixture.proctor().open(trainee: fixture.trainee) else {
            Issue.record("a bank with an error refuses the exam")
            return
        }
        #expect(reasons.count == 1)
        #expect(reasons[0].hasPrefix("the banks or the policy do not lint clean (1 error; the first: "))
        #expect(reasons[0].contains("broken.xml:"))
        #expect(try fixture.store.openAttempts(trainee: fixture.trainee.id).isEmpty)
    }
}

@Suite("Exam ledger: the hash chain and spacert audit")
struct ExamLedgerTests {
    /// A store with one graded attempt; its path.
    func graded() throws -> ExamFixture {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt)
        _ = try attempt.finish(ending: .submitted)
        return fixture
    }

    /// Runs SQL on the store file directly, as someone editing it by hand would.
    func tamper(_ fixture: ExamFixture, _ sql: String) throws {
        let queue = try DatabaseQueue(path: fixture.store.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER exam_ledger_no_update; DROP TRIGGER exam_ledger_no_delete")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test("a whole chain audits clean and the ledger refuses updates and deletes")
    func intact() throws {
        let fixture = try graded()
        let audit = try fixture.store.auditLedger()
        #expect(audit.intact)
        #expect(audit.entries == 10)
        #expect(audit.attempts == 1 && audit.results == 1)
        let queue = try DatabaseQueue(path: fixture.store.path)
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE exam_ledger SET at = 0") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "DELETE FROM exam_ledger") }
        }
        try queue.close()
    }

    @Test("audit catches an edited score, a deleted row and a rewritten hash")
    func tampering() throws {
        let edited = try graded()
        try tamper(
            edited,
            "UPDATE exam_ledger SET body = replace(body, '\"passed\":true', '\"passed\":false') WHERE kind = 'result'"
        )
        let audit = try edited.store.auditLedger()
        #expect(
            audit.problems.map(\.message) == [
                "entry 10 (attempt \(try edited.store.examResults()[0].attemptID), result) was altered: its content does not match its hash"
            ])

        let deleted = try graded()
        try tamper(deleted, "DELETE FROM exam_ledger WHERE seq = 4")
        let gaps = try deleted.store.auditLedger().problems.map(\.message)
        #expect(gaps.count == 2)
        #expect(gaps[0] == "entries 4 to 4 are missing: rows were deleted")
        #expect(
            gaps[1].hasSuffix(
                "does not follow the entry before it: a row before it was altered, deleted or inserted"))

        // Rewriting a row and its own hash still breaks the link to the next row.
        let rehashed = try graded()
        let row = try #require(
            try rehashed.store.ledger(attempt: try rehashed.store.examResults()[0].attemptID).first {
                $0.seq == 3
            })
        let body = row.body.replacingOccurrences(of: "\"correct\":true", with: "\"correct\":false")
        let hash = LedgerEntry.chainHash(
            previous: row.previousHash, seq: 3, attempt: row.attempt, traineeID: row.traineeID,
            kind: row.kind,
            atMicros: Int64((row.at.timeIntervalSince1970 * 1_000_000).rounded()), body: body)
        try tamper(rehashed, "UPDATE exam_ledger SET body = '\(body)', hash = '\(hash)' WHERE seq = 3")
        let broken = try rehashed.store.auditLedger().problems
        #expect(broken.map(\.seq) == [4])
    }
}
