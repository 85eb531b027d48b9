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
}
