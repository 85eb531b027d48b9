import Foundation
import Testing

@testable import SpacertKit

/// Practice figures aggregated in SQL, checked against the log written and against `spacert due`'s
/// own counting.
@Suite("practice figures from the store")
struct PracticeFiguresStoreTests {
    @Test("answers, the last 30 days, retention, last practised and due counts per trainee")
    func figures() throws {
        let scratch = try StoreScratch()
        let store = try ProgressStore(path: scratch.path())
        let start = StoreFixture.start
        let anna = try store.addTrainee(named: "anna", at: start)
        let ben = try store.addTrainee(named: "ben", at: start)
        let questions = StoreFixture.questions(perCategory: 3)
        let now = start + 40 * 86_400
        // 40 days before now: one right answer; then, within the last 30 days, three right and
        // one wrong practice answers and one cram answer.
        try store.record(StoreFixture.answer(questions[0], at: start), trainee: anna.id)
        for (index, question) in questions[1...4].enumerated() {
            try store.record(
                StoreFixture.answer(question, correct: index != 2, at: start + Double(20 + index) * 86_400),
                trainee: anna.id)
        }
        try store.record(
            StoreFixture.answer(questions[5], correct: false, at: now - 3600, mode: .cram), trainee: anna.id)
        // A card of a question that left the banks is not counted as due.
        try store.record(
            StoreFixture.answer(StoreFixture.question("gone"), at: start + 86_400), trainee: anna.id)

        let figures = try store.practiceFigures(
            trainees: [anna.id, ben.id], questions: questions, now: now, criticalRecall: nil,
            calendar: StoreFixture.utc)
        let annas = try #require(figures[anna.id])
        #expect(annas.reviews == 7 && annas.reviewsLast30Days == 5)
        #expect(annas.practiceReviews == 6 && annas.practiceCorrect == 5)
        #expect(annas.retention == 5.0 / 6)
        #expect(annas.lastPractised == StoreTime.normalized(now - 3600))
        #expect(annas.criticalRecalled == nil && annas.criticalTotal == nil)

        let summary = DueSummary(
            questions: questions, cards: try store.cards(trainee: anna.id), now: now,
            options: StoreFixture.options())
        #expect(annas.dueNow == summary.dueNow)
        #expect(annas.dueNext7Days == summary.dueLaterToday + summary.days.reduce(0) { $0 + $1.due })
        #expect(annas.dueNow + annas.dueNext7Days > 0)

        #expect(figures[ben.id] == PracticeFigures())
        let one = try store.practiceFigures(
            trainees: [ben.id], questions: questions, now: now, criticalRecall: nil,
            calendar: StoreFixture.utc)
        #expect(one.keys.sorted() == [ben.id])
    }

    @Test("critical questions recalled at the threshold, at their current revision only")
    func criticalRecall() throws {
        let (store, anna) = try StoreScratch().storeWithTrainee()
        let start = StoreFixture.start
        let critical = [
            StoreFixture.question("ci-1", category: .contraindications, critical: true),
            StoreFixture.question("ci-2", category: .contraindications, critical: true),
            StoreFixture.question("ci-3", category: .contraindications, critical: true),
        ]
        try store.record(StoreFixture.answer(critical[0], at: start), trainee: anna.id)
        try store.record(StoreFixture.answer(critical[1], at: start), trainee: anna.id)
        var revised = critical
        revised[1].rev = 2
        let now = start + 86_400
        let card = try #require(try store.cards(trainee: anna.id).first { $0.questionID == "ci-1" })
        let recall = store.scheduler.retrievability(of: card.card, at: now)

        let figures = { (threshold: Double) in
            try store.practiceFigures(
                trainees: [anna.id], questions: revised, now: now, criticalRecall: threshold,
                calendar: StoreFixture.utc)[anna.id]
        }
        #expect(try figures(recall)?.criticalRecalled == 1)
        #expect(try figures(recall)?.criticalTotal == 3)
        #expect(try figures(recall + 0.001)?.criticalRecalled == 0)
    }

    @Test("a cohort's standing, read in one pass, is each trainee's own standing: pace, unpractised, weak")
    func standingsOfACohortAreEachTraineesOwn() throws {
        let scratch = try StoreScratch()
        let store = try ProgressStore(path: scratch.path())
        let start = StoreFixture.start
        let anna = try store.addTrainee(named: "anna", at: start)
        let ben = try store.addTrainee(named: "ben", at: start)
        let cleo = try store.addTrainee(named: "cleo", at: start)
        let critical = (1...4).map {
            StoreFixture.question("ci-\($0)", category: .contraindications, critical: true)
        }
        let plain = StoreFixture.question("te-1", category: .techniques)
        // Anna: three critical questions on two days (one of them twice), a plain one by cram.
        try store.record(StoreFixture.answer(critical[2], at: start), trainee: anna.id)
        try store.record(StoreFixture.answer(critical[0], at: start + 3600), trainee: anna.id)
        try store.record(StoreFixture.answer(critical[1], at: start + 2 * 86_400), trainee: anna.id)
        try store.record(StoreFixture.answer(critical[0], at: start + 2 * 86_400 + 60), trainee: anna.id)
        try store.record(StoreFixture.answer(plain, at: start + 3 * 86_400, mode: .cram), trainee: anna.id)
        // Ben: one critical question, wrongly, long ago; Cleo: nothing.
        try store.record(StoreFixture.answer(critical[3], correct: false, at: start), trainee: ben.id)
        let now = start + 60 * 86_400
        let questions = critical + [plain]

        let standings = { (trainees: [Trainee.ID]) in
            try store.read { tx in
                try ProgressStore.practiceStandings(
                    tx, trainees: trainees, critical: critical,
                    threshold: ReportFixture.policy().criticalRecall, now: now,
                    scheduler: store.scheduler)
            }
        }
        let cohort = try standings([anna.id, ben.id, cleo.id])
        for trainee in [anna.id, ben.id, cleo.id] {
            #expect(try standings([trainee])[trainee] == cohort[trainee])
        }
        let annas = try #require(cohort[anna.id])
        #expect(annas.practiceReviews == 4 && annas.reviews == 5)
        // A cram answer makes no card.
        #expect(annas.pace.activeDays == 2 && annas.pace.introduced == 3)
        #expect(annas.criticalTotal == 4 && annas.unpractised == ["ci-4"])
        // Sixty days on, the cards recall below the policy's 85%: each is weak, in id order, with its recall.
        let cards = try store.cards(trainee: anna.id)
        #expect(annas.weak.map(\.id) == ["ci-1", "ci-2", "ci-3"])
        for weak in annas.weak {
            let card = try #require(cards.first { $0.questionID == weak.id })
            #expect(weak.recall == store.scheduler.retrievability(of: card.card, at: now))
        }
        #expect(cohort[ben.id]?.unpractised == ["ci-1", "ci-2", "ci-3"])
        #expect(cohort[ben.id]?.weak.map(\.id) == ["ci-4"])
        var none = PracticeStanding()
        none.criticalTotal = 4
        none.unpractised = critical.map(\.id)
        #expect(cohort[cleo.id] == none)

        // The exam rules a report shows for the cohort are those `spacert exam` decides alone.
        let policy = ReportFixture.policy()
        let eligibility = ExamEligibility(policy: policy)
        let input = try ReportInput.load(
            from: store, scope: .cohort(includingArchived: false), questions: questions, policy: policy,
            now: now, calendar: StoreFixture.utc)
        for trainee in [anna, ben, cleo] {
            let alone = try store.read { tx in
                try ProgressStore.examRules(
                    tx, trainee: trainee.id, policy: policy, critical: critical, now: now, results: [],
                    scheduler: store.scheduler)
            }
            #expect(input.readiness[trainee.id] == alone)
            #expect(
                alone == eligibility.rules(results: [], grants: [], practice: cohort[trainee.id]!, now: now))
        }
    }
}
