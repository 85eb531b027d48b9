import Foundation
import SpacertFSRS
import Testing

@testable import SpacertKit

/// The order a session asks questions in.
struct QueueTests {
    let now = StoreFixture.start
    let scheduler = Scheduler(parameters: ProgressStore.defaultParameters)

    /// A review card last seen `daysAgo` days ago with stability `stability`, due at `due`.
    func reviewCard(_ id: String, stability: Double, daysAgo: Double, due: Date) -> StoredCard {
        let last = now - daysAgo * 86_400
        return StoredCard(
            questionID: id, questionRev: 1,
            card: Card(
                state: .review, step: nil, stability: stability, difficulty: 5, due: due, lastReview: last),
            reps: 3, lapses: 0, introduced: last - 20 * 86_400)
    }

    /// A learning card due at `due`, started at `introduced`.
    func learningCard(_ id: String, due: Date, introduced: Date? = nil, rev: Int = 1) -> StoredCard {
        StoredCard(
            questionID: id, questionRev: rev,
            card: Card(
                state: .learning, step: 1, stability: 2.3, difficulty: 5, due: due, lastReview: due - 600),
            reps: 1, lapses: 0, introduced: introduced ?? due - 600)
    }

    /// Asks every question the queue gives at `time`, answering as `correct` says, recording
    /// each answer in `store`; returns the questions asked, in order.
    func drain(
        _ queue: inout PracticeQueue, store: ProgressStore, trainee: Trainee, at time: Date,
        correct: (PracticeItem) -> Bool = { _ in true }
    ) throws -> [PracticeItem] {
        var asked: [PracticeItem] = []
        while let item = queue.nextCard(now: time), asked.count < 500 {
            asked.append(item)
            let mode = queue.options.mode
            queue.didAnswer(
                try store.record(
                    StoreFixture.answer(item.question, correct: correct(item), at: time, mode: mode),
                    trainee: trainee.id))
        }
        return asked
    }

    @Test func dueReviewsComeFirstLowestRetrievabilityFirstThenNew() {
        let questions = ["r1", "r2", "r3", "r4", "n1", "n2"].map { StoreFixture.question($0) }
        let cards = [
            reviewCard("r1", stability: 10, daysAgo: 10, due: now - 3_600),
            reviewCard("r2", stability: 2, daysAgo: 6, due: now - 2 * 86_400),
            reviewCard("r3", stability: 30, daysAgo: 40, due: now + 11 * 3_600),  // today, 20:00
            reviewCard("r4", stability: 30, daysAgo: 1, due: now + 86_400),  // tomorrow
        ]
        let retrievability = Dictionary(
            uniqueKeysWithValues: cards.map {
                ($0.questionID, scheduler.retrievability(of: $0.card, at: now))
            })
        #expect(
            retrievability["r2"]! < retrievability["r3"]! && retrievability["r3"]! < retrievability["r1"]!)

        var queue = PracticeQueue(
            questions: questions, cards: cards, options: StoreFixture.options(), now: now)
        var asked: [String] = []
        while let item = queue.nextCard(now: now) {
            asked.append(item.question.id)
            #expect(item.kind == (item.question.id.hasPrefix("r") ? .review : .new))
            queue.didAnswer(
                RecordedAnswer(entry: StoreFixture.answer(item.question, at: now), previous: nil, card: nil))
        }
        #expect(asked == ["r2", "r3", "r1", "n1", "n2"])
    }

    @Test func newQuestionsAreLimitedPerDayCountingThoseStartedToday() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = StoreFixture.questions(perCategory: 8)
        // Three questions were started earlier today.
        for question in questions.prefix(3) {
            try store.record(StoreFixture.answer(question, grade: .easy, at: now - 3_600), trainee: anna.id)
        }
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(), now: now)
        #expect(queue.introducedToday == 3)
        let today = try drain(&queue, store: store, trainee: anna, at: now)
        let startedToday = Set(today.filter { $0.kind == .new }.map(\.question.id))
        #expect(startedToday.count == 7)

        let tomorrow = now + 86_400
        var next = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(newPerDay: 4),
            now: tomorrow)
        #expect(next.introducedToday == 0)
        let startedTomorrow = try drain(&next, store: store, trainee: anna, at: tomorrow).filter {
            $0.kind == .new
        }
        #expect(startedTomorrow.count == 4)
    }

    @Test func criticalQuestionsComeFirstAndAreasAreInterleaved() {
        let critical: Set = ["techniques-2", "communication-1", "contraindications-0"]
        let questions = StoreFixture.questions(perCategory: 3).map { question in
            var question = question
            question.critical = critical.contains(question.id)
            return question
        }
        let expected = [
            "techniques-2", "communication-1", "contraindications-0",
            "techniques-0", "body-mechanics-0", "communication-0", "contraindications-1",
            "techniques-1", "body-mechanics-1", "communication-2", "contraindications-2", "body-mechanics-2",
        ]
        #expect(IntroductionOrder.ordered(questions).map(\.id) == expected)
        var queue = PracticeQueue(
            questions: questions, cards: [], options: StoreFixture.options(newPerDay: 6), now: now)
        var asked: [String] = []
        while let item = queue.nextCard(now: now) {
            asked.append(item.question.id)
            queue.didAnswer(
                RecordedAnswer(entry: StoreFixture.answer(item.question, at: now), previous: nil, card: nil))
        }
        #expect(asked == Array(expected.prefix(6)))
    }

    @Test func aLearningQuestionComesBackWhenItsStepIsDue() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = [StoreFixture.question("a"), StoreFixture.question("b")]
        var options = StoreFixture.options()
        options.learnAhead = 0
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: options, now: now)

        func answer(_ item: PracticeItem?, correct: Bool, at time: Date) throws {
            let item = try #require(item)
            queue.didAnswer(
                try store.record(
                    StoreFixture.answer(item.question, correct: correct, at: time), trainee: anna.id))
        }
        let first = queue.nextCard(now: now)
        #expect(first?.question.id == "a" && first?.kind == .new)
        try answer(first, correct: false, at: now)  // Again: back in 1 minute
        let second = queue.nextCard(now: now + 5)
        #expect(second?.question.id == "b")
        try answer(second, correct: true, at: now + 5)  // Good: back in 10 minutes
        let next1 = queue.nextCard(now: now + 10)
        #expect(next1 == nil)
        #expect(queue.nextLearningDue(after: now + 10) == now + 60)

        let again = queue.nextCard(now: now + 61)
        #expect(again?.question.id == "a" && again?.kind == .learning)
        try answer(again, correct: true, at: now + 61)
        let next2 = queue.nextCard(now: now + 62)
        #expect(next2 == nil)
        let next3 = queue.nextCard(now: now + 606)
        #expect(next3?.question.id == "b")
        try answer(queue.current, correct: true, at: now + 606)
        let next4 = queue.nextCard(now: now + 610)
        #expect(next4 == nil)
        let next5 = queue.nextCard(now: now + 661)
        #expect(next5?.question.id == "a")
        try answer(queue.current, correct: true, at: now + 661)
        // Both graduated to review: nothing more today.
        let next6 = queue.nextCard(now: now + 3_600)
        #expect(next6 == nil)
        #expect(queue.nextLearningDue(after: now + 3_600) == nil)
    }

    @Test func withNothingElseLeftAStepDueSoonIsShownEarly() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: [StoreFixture.question("a")],
            options: StoreFixture.options(),
            now: now)
        let asked = try drain(&queue, store: store, trainee: anna, at: now)
        // New → Good (step 1, 10 min, within the 20-minute look-ahead) → Good (review, days away).
        #expect(asked.map(\.kind) == [.new, .learning])
        #expect(try store.cards(trainee: anna.id).first?.card.state == .review)
    }

    @Test func theSessionLimitCountsEveryAnswerQuestionsComingBackIncluded() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: StoreFixture.questions(perCategory: 4),
            options: StoreFixture.options(limit: 3), now: now)
        #expect(queue.remaining(now: now) == 3)
        let asked = try drain(&queue, store: store, trainee: anna, at: now) { _ in false }
        #expect(asked.count == 3)
        #expect(queue.answers == 3)
        #expect(queue.remaining(now: now) == 0)
    }

    @Test func whatIsLeftCountsMissedQuestionsComingBack() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: ["a", "b"].map { StoreFixture.question($0) },
            options: StoreFixture.options(), now: now)
        // Two new questions, the first on screen.
        let first = queue.nextCard(now: now)!
        #expect(queue.remaining(now: now) == 2)
        queue.didAnswer(
            try store.record(StoreFixture.answer(first.question, correct: false, at: now), trainee: anna.id))
        // Missed: it comes back, so still two to go.
        #expect(queue.remaining(now: now) == 2)
        let second = queue.nextCard(now: now)!
        #expect(second.question.id != first.question.id)
        queue.didAnswer(
            try store.record(StoreFixture.answer(second.question, correct: true, at: now), trainee: anna.id))
        #expect(queue.remaining(now: now) == 2)  // both in learning steps within the look-ahead
        let asked = try drain(&queue, store: store, trainee: anna, at: now)
        #expect(asked.count >= 2)
        #expect(queue.remaining(now: now) == 0)
    }

    @Test func aQuestionMissedAgainAndAgainStopsComingBackEarly() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: [StoreFixture.question("a")],
            options: StoreFixture.options(), now: now)
        let asked = try drain(&queue, store: store, trainee: anna, at: now) { _ in false }
        #expect(asked.count == PracticeQueue.earlyMissLimit)
        #expect(queue.remaining(now: now) == 0)
        // Once its step is really due, it is asked again.
        #expect(queue.nextCard(now: now + 3_600)?.question.id == "a")
    }

    @Test func categoryAndTagFiltersNarrowTheQueue() {
        var questions = StoreFixture.questions(perCategory: 3)
        questions[0].tags = ["oil"]  // techniques-0
        questions[7].tags = ["oil", "room"]  // communication-1
        questions[11].tags = ["room"]  // contraindications-2
        func asked(_ options: QueueOptions) -> Set<String> {
            var queue = PracticeQueue(questions: questions, cards: [], options: options, now: now)
            var ids: Set<String> = []
            while let item = queue.nextCard(now: now) {
                ids.insert(item.question.id)
                queue.didAnswer(
                    RecordedAnswer(
                        entry: StoreFixture.answer(item.question, at: now), previous: nil, card: nil))
            }
            return ids
        }
        #expect(
            asked(StoreFixture.options(categories: [.communication])) == [
                "communication-0", "communication-1", "communication-2",
            ])
        #expect(asked(StoreFixture.options(tags: ["oil"])) == ["techniques-0", "communication-1"])
        #expect(
            asked(StoreFixture.options(tags: ["oil", "room"])) == [
                "techniques-0", "communication-1", "contraindications-2",
            ])
        #expect(
            asked(StoreFixture.options(categories: [.communication, .techniques], tags: ["room"])) == [
                "communication-1"
            ])
        #expect(asked(StoreFixture.options(categories: [.bodyMechanics], tags: ["oil"])).isEmpty)
    }

    @Test func cramPractisesEverythingDueFirstAndLeavesCardsAlone() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = ["due", "later", "learning", "new1", "new2"].map { StoreFixture.question($0) }
        // "due": reviewed 5 days ago with a short memory; "later": well learnt; "learning": a step away.
        var time = now - 30 * 86_400
        for _ in 0..<4 {
            try store.record(StoreFixture.answer(questions[1], grade: .easy, at: time), trainee: anna.id)
            time += 7 * 86_400
        }
        try store.record(
            StoreFixture.answer(questions[0], grade: .easy, at: now - 20 * 86_400), trainee: anna.id)
        try store.record(StoreFixture.answer(questions[2], at: now - 60), trainee: anna.id)
        let cards = try store.cards(trainee: anna.id)
        let byID = Dictionary(uniqueKeysWithValues: cards.map { ($0.questionID, $0) })
        #expect(byID["due"]!.card.due <= now && byID["later"]!.card.due > now + 86_400)
        #expect(byID["learning"]!.card.due > now)

        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions,
            options: StoreFixture.options(mode: .cram, newPerDay: 0),
            now: now)
        let asked = try drain(&queue, store: store, trainee: anna, at: now)
        let rest = ["later", "learning"].sorted {
            scheduler.retrievability(of: byID[$0]!.card, at: now)
                < scheduler.retrievability(of: byID[$1]!.card, at: now)
        }
        #expect(asked.map(\.question.id) == ["due"] + rest + ["new1", "new2"])
        #expect(try store.cards(trainee: anna.id) == cards)
        #expect(try store.reviewLog(trainee: anna.id).suffix(5).allSatisfy { $0.mode == .cram })
    }

    @Test func cramAsksAMissedQuestionAgainUntilItIsRight() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = (1...6).map { StoreFixture.question("q\($0)") }
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(mode: .cram),
            now: now)
        var misses = ["q1": 2, "q5": 1]
        let asked = try drain(&queue, store: store, trainee: anna, at: now) { item in
            guard let left = misses[item.question.id], left > 0 else { return true }
            misses[item.question.id] = left - 1
            return false
        }
        // q1 missed: back after 3 others, missed again, back after 3 more; q5 missed near the end
        // comes back when nothing else is left.
        #expect(asked.map(\.question.id) == ["q1", "q2", "q3", "q4", "q1", "q5", "q6", "q1", "q5"])
        #expect(try store.cards(trainee: anna.id).isEmpty)
    }

    @Test func anUndoneAnswerIsAskedAgainNext() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = ["a", "b", "c"].map { StoreFixture.question($0) }
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(), now: now)
        let first = queue.nextCard(now: now)
        let a = try #require(first)
        queue.didAnswer(try store.record(StoreFixture.answer(a.question, at: now), trainee: anna.id))
        let next7 = queue.nextCard(now: now)
        #expect(next7?.question.id == "b")
        let next8 = queue.nextCard(now: now)
        #expect(next8?.question.id == "b")  // the same until answered
        let undone = try #require(try store.undoLastAnswer(trainee: anna.id))
        queue.didUndo(undone)
        let back = queue.nextCard(now: now)
        #expect(back?.question.id == "a" && back?.kind == .new && back?.card == nil)
        queue.didAnswer(try store.record(StoreFixture.answer(a.question, at: now), trainee: anna.id))
        let next9 = queue.nextCard(now: now)
        #expect(next9?.question.id == "b")
    }

    /// A session that undoes an answer while showing the next question, re-records the undone
    /// one, then takes an answer to the question it still shows: nothing is asked twice.
    @Test func anAnswerToAQuestionPutBackByUndoCounts() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = ["a", "b", "c"].map { StoreFixture.question($0) }
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(), now: now)
        let shownFirst = queue.nextCard(now: now)
        let a = try #require(shownFirst)
        let first = try store.record(StoreFixture.answer(a.question, at: now), trainee: anna.id)
        queue.didAnswer(first)
        let shownSecond = queue.nextCard(now: now)
        let b = try #require(shownSecond)
        queue.didUndo(try #require(try store.undoLastAnswer(trainee: anna.id)))
        let again = queue.nextCard(now: now)
        #expect(again?.question.id == "a")
        queue.didAnswer(
            try store.record(StoreFixture.answer(a.question, grade: .easy, at: now), trainee: anna.id))
        queue.didAnswer(
            try store.record(StoreFixture.answer(b.question, grade: .easy, at: now), trainee: anna.id))
        var rest: [String] = []
        while let item = queue.nextCard(now: now) {
            rest.append(item.question.id)
            queue.didAnswer(
                try store.record(StoreFixture.answer(item.question, grade: .easy, at: now), trainee: anna.id))
        }
        #expect(rest == ["c"])
    }

    @Test func dueSummaryCountsNowLaterTodayAndTheNextSevenDays() {
        let questions =
            ["overdue", "tonight", "step-now", "step-later", "tomorrow", "in-3-days", "next-month", "stale"]
            .map { StoreFixture.question($0, rev: $0 == "stale" ? 2 : 1) }
            + ["new1", "new2", "new3"].map { StoreFixture.question($0) }
        let cards = [
            reviewCard("overdue", stability: 5, daysAgo: 6, due: now - 86_400),
            reviewCard("tonight", stability: 5, daysAgo: 4, due: now + 11 * 3_600),
            learningCard("step-now", due: now - 60, introduced: now - 3_600),
            learningCard("step-later", due: now + 2 * 3_600),
            reviewCard("tomorrow", stability: 5, daysAgo: 4, due: now + 25 * 3_600),
            reviewCard("in-3-days", stability: 5, daysAgo: 4, due: now + 3 * 86_400),
            reviewCard("next-month", stability: 50, daysAgo: 4, due: now + 30 * 86_400),
            learningCard("stale", due: now - 60, introduced: now - 5 * 86_400),
            reviewCard("gone", stability: 5, daysAgo: 6, due: now - 86_400),
        ]
        let summary = DueSummary(
            questions: questions, cards: cards, now: now, options: StoreFixture.options())
        #expect(summary.dueNow == 3)
        #expect(summary.dueLaterToday == 1)
        #expect(summary.days.map(\.due) == [1, 0, 1, 0, 0, 0, 0])
        #expect(summary.days.first?.start == ISO8601.parse("2026-01-06T00:00:00Z"))
        #expect(summary.days.last?.start == ISO8601.parse("2026-01-12T00:00:00Z"))
        #expect(summary.unseen == 4)  // three new and one whose rev rose
        #expect(summary.newIntroducedToday == 2)  // step-now and step-later
        #expect(summary.newAvailable == 4)
        #expect(summary.learning == 2 && summary.review == 5)

        let limited = DueSummary(
            questions: questions, cards: cards, now: now, options: StoreFixture.options(newPerDay: 3))
        #expect(limited.newAvailable == 1)
    }

    /// Three weeks of daily sessions through the store: new questions arrive ten a day, reviews
    /// come back, and the stored cards always equal the log's replay.
    @Test func threeWeeksOfDailySessions() throws {
        let scratch = try StoreScratch()
        let (store, anna) = try scratch.storeWithTrainee()
        let questions = StoreFixture.questions(perCategory: 15)
        var random = SeededRandom(seed: "weeks")
        var reviewsSeen = 0
        for day in 0..<21 {
            let time = now + Double(day) * 86_400
            var queue = try PracticeQueue.load(
                from: store, trainee: anna.id, questions: questions, options: StoreFixture.options(),
                now: time)
            let asked = try drain(&queue, store: store, trainee: anna, at: time) { _ in random.next() % 5 != 0
            }
            let started = Set(asked.filter { $0.kind == .new }.map(\.question.id))
            #expect(started.count <= 10)
            reviewsSeen += asked.count { $0.kind == .review }
            let summary = try DueSummary.load(
                from: store, trainee: anna.id, questions: questions, now: time,
                options: StoreFixture.options())
            #expect(summary.dueNow == 0, "day \(day): everything due was practised")
        }
        #expect(reviewsSeen > 20)
        #expect(try store.cards(trainee: anna.id).count == 60)
        #expect(try store.replayedCards(trainee: anna.id) == store.cards(trainee: anna.id))
    }
}
