import Foundation
import SpacertKit
import Testing

@Suite("Exam: drawing and grading under the policy")
struct ExamGradingTests {
    @Test("the blueprint decides how many questions come from each area, and a seed repeats the exam")
    func draw() throws {
        let fixture = try ExamFixture()
        let set = try fixture.bankSet()
        let policy = try #require(set.policy)
        let first = ExamDraw.draw(policy: policy, from: set.questions, seed: "s1")
        #expect(first.count == 8)
        for category in SpacertKit.Category.allCases {
            #expect(first.filter { $0.category == category }.count == 2)
        }
        #expect(
            ExamDraw.draw(policy: policy, from: set.questions.reversed(), seed: "s1").map(\.id)
                == first.map(\.id))
        let others = (2...9).map {
            ExamDraw.draw(policy: policy, from: set.questions, seed: "s\($0)").map(\.id)
        }
        #expect(others.contains { $0 != first.map(\.id) })
    }

    @Test("exactly at the pass mark passes; one mark less fails and says by how much")
    func passMark() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(areas: 4, mark: "0.75", minimum: "0.5"))
        let attempt = try fixture.begin()
        #expect(attempt.count == 16)
        // One non-critical question wrong in each area: 12 of 16 = 75%.
        let multiples = Set(
            attempt.presented.indices.filter { attempt.presented[$0].question.type == .multiple }.map {
                $0 + 1
            })
        try fixture.answerAll(attempt, wrong: multiples)
        let result = try attempt.finish(ending: .submitted)
        #expect(result.score == 0.75)
        #expect(result.passed)
        #expect(result.reasons.isEmpty)

        let second = try ExamFixture(policy: ExamFixture.policy(areas: 4, mark: "0.75", minimum: "0.5"))
        let attempt2 = try second.begin()
        let orders = attempt2.presented.indices.filter { attempt2.presented[$0].question.type == .order }.map
        { $0 + 1 }
        let more = Set(
            attempt2.presented.indices.filter { attempt2.presented[$0].question.type == .multiple }.map {
                $0 + 1
            }
        )
        .union([orders[0]])
        try second.answerAll(attempt2, wrong: more)
        let failed = try attempt2.finish(ending: .submitted)
        #expect(!failed.passed)
        #expect(failed.reasons == ["overall score 68.8% is below the pass mark of 75%"])
    }

    @Test("a missed critical question fails an otherwise perfect exam, naming the question")
    func missedCritical() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(areas: 4))
        let attempt = try fixture.begin()
        let critical =
            try #require(attempt.presented.firstIndex { $0.question.id == "contraindications-single" }) + 1
        try fixture.answerAll(attempt, wrong: [critical])
        let result = try attempt.finish(ending: .submitted)
        #expect(result.score == 15.0 / 16.0)
        #expect(!result.passed)
        #expect(
            result.reasons == [
                "missed critical question contraindications-single: \u{201C}Safety first in contraindications?\u{201D}"
            ])
        #expect(result.items[critical - 1].critical && !result.items[critical - 1].correct)
    }

    @Test("partial credit: proportional earns the share right, all-or-nothing earns nothing")
    func partialCredit() throws {
        for (credit, expected) in [("proportional", 0.5), ("all-or-nothing", 0.0)] {
            let fixture = try ExamFixture(policy: ExamFixture.policy(areas: 4, credit: credit))
            let attempt = try fixture.begin()
            let position =
                try #require(attempt.presented.firstIndex { $0.question.id == "techniques-multiple" }) + 1
            guard case .keys(let right) = attempt.presented[position - 1].expected else {
                Issue.record("a multiple's answer is keys")
                return
            }
            try fixture.answerAll(attempt, skip: [position])
            try attempt.answer(.keys([right[0]]), at: position)
            let result = try attempt.finish(ending: .submitted)
            let item = result.items[position - 1]
            #expect(item.score == expected, "\(credit)")
            #expect(!item.correct)
            #expect(item.picked.count == 1)
            #expect(abs(result.categories["techniques"]! - (3 + expected) / 4) < 1e-12)
        }
    }

    @Test("an area below its minimum fails with the area named, even above the pass mark")
    func areaMinimum() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(areas: 4, mark: "0.5", minimum: "0.7"))
        let attempt = try fixture.begin()
        let wrong = Set(
            attempt.presented.indices.filter {
                attempt.presented[$0].question.category == .communication
                    && !attempt.presented[$0].question.critical
            }.map { $0 + 1 })
        try fixture.answerAll(attempt, wrong: wrong)
        let result = try attempt.finish(ending: .submitted)
        #expect(!result.passed)
        #expect(result.reasons == ["communication scored 25% (1 of 4), below the area minimum of 70%"])
    }

    @Test("changing an answer keeps only the latest; the ledger keeps both")
    func changeAnswer() throws {
        let fixture = try ExamFixture(policy: ExamFixture.policy(areas: 4))
        let attempt = try fixture.begin()
        let shown = attempt.presented[0]
        try attempt.answer(ExamFixture.wrongAnswer(shown), at: 1)
        try attempt.answer(shown.expected, at: 1)
        try fixture.answerAll(attempt, skip: [1])
        let result = try attempt.finish(ending: .submitted)
        #expect(result.items[0].correct)
        #expect(result.passed)
        let kinds = try fixture.store.ledger(attempt: attempt.start.attemptID).map(\.kind)
        #expect(kinds.filter { $0 == .answer }.count == 17)
        #expect(kinds.first == .start && kinds.last == .result)
    }
}

@Suite("Exam: an attempt shown again")
struct ExamTranscriptTests {
    @Test(
        "the transcript shows each question with the same choices in the same order, the answer and the grading"
    )
    func transcript() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin(seed: "show")
        try fixture.answerAll(attempt, wrong: [2])
        _ = try attempt.finish(ending: .submitted)
        let transcript = try ExamTranscript(
            store: fixture.store, attemptID: attempt.start.attemptID,
            questions: try fixture.bankSet().questions)
        #expect(transcript.presented.map { $0?.items } == attempt.presented.map(\.items))
        let lines = transcript.lines()
        #expect(lines.filter { $0.hasPrefix("Given: ") }.count == 8)
        #expect(lines.contains { $0.hasPrefix("[2/8] ") && $0.hasSuffix(" · wrong") })
        #expect(lines.filter { $0.hasSuffix(" · right") }.count == 7)
        #expect(throws: SpacertError.self) {
            try ExamTranscript(store: fixture.store, attemptID: "EX-none", questions: [])
        }
    }
}

@Suite("Exam: the clock cannot be turned back")
struct ExamClockTests {
    @Test("resuming with a clock earlier than the attempt's last record is refused")
    func clockBack() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        fixture.now += 600
        try fixture.answerAll(attempt, skip: Set(2...8))
        fixture.now -= 300
        #expect(throws: SpacertError.self) { try fixture.proctor().open(trainee: fixture.trainee) }
        fixture.now += 301
        guard case .ready(let again, true) = try fixture.proctor().open(trainee: fixture.trainee) else {
            Issue.record("with the clock past the last record, the attempt resumes")
            return
        }
        #expect(again.answeredCount == 1)
    }
}
