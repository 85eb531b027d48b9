import Foundation
import SpacertFSRS
import Testing

@testable import SpacertKit

/// Recording answers, rebuilding cards from the log, undo, and banks that change.
struct StoreAnswerTests {
    @Test func ratingFollowsCorrectnessAndGrade() {
        #expect(Rating.from(correct: false) == .again)
        #expect(Rating.from(correct: false, grade: .easy) == .again)
        #expect(Rating.from(correct: true) == .good)
        #expect(Rating.from(correct: true, grade: .hard) == .hard)
        #expect(Rating.from(correct: true, grade: .good) == .good)
        #expect(Rating.from(correct: true, grade: .easy) == .easy)
    }

    @Test(arguments: StoreEngineKind.tested)
    func anAnswerTheStoreCannotSaveIsNamedAndNothingIsRecorded(engine: StoreEngineKind) throws {
        let scratch = try StoreScratch(engine: engine)
        let (writable, anna) = try scratch.storeWithTrainee()
        let questions = StoreFixture.questions(perCategory: 1)
        // A store opened read-only refuses every write, as a store that fails mid-session does.
        let store = try scratch.store(readOnly: true)
        let session = try PracticeSession(
            store: store, trainee: anna, questions: questions, options: StoreFixture.options(),
            clock: { StoreFixture.start })
        let presented = try #require(session.next())
        var message = ""
        do {
            _ = try session.submit(.keys(["a"]))
        } catch {
            message = "\(error)"
        }
        #expect(
            message.hasPrefix(
                "the answer to question '\(presented.question.id)' was not confirmed as saved: "))
        #expect(message.hasSuffix("If this one was not, its question comes back"), "\(message)")
        #expect(!message.contains("\n"))
        #expect(try writable.reviewLog(trainee: anna.id).isEmpty)
        // The session still asks that question.
        #expect(session.next()?.question.id == presented.question.id)
    }

    @Test(arguments: StoreEngineKind.tested) func answerAppendsToTheLogAndMovesTheCard(
        engine: StoreEngineKind
    ) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        let question = StoreFixture.question("q1", rev: 3)
        let time = StoreFixture.start.addingTimeInterval(0.000_000_4)  // below a microsecond
        let recorded = try store.record(StoreFixture.answer(question, at: time), trainee: anna.id)

        #expect(recorded.previous == nil)
        let card = try #require(recorded.card)
        #expect(card.questionRev == 3)
        #expect(card.reps == 1 && card.lapses == 0)
        #expect(card.card.state == .learning && card.card.step == 1)
        #expect(card.card.due == StoreFixture.start.addingTimeInterval(600))
        #expect(card.introduced == StoreFixture.start)
        #expect(try store.cards(trainee: anna.id) == [card])

        let log = try store.reviewLog(trainee: anna.id)
        #expect(log.count == 1)
        let entry = try #require(log.first)
        #expect(entry == recorded.entry)
        #expect(entry.questionID == "q1" && entry.questionRev == 3)
        #expect(entry.given == #"["a"]"# && entry.shownOrder == #"["a","b"]"#)
        #expect(entry.correct && entry.score == 1 && entry.rating == .good)
        #expect(entry.reviewedAt == StoreFixture.start && entry.durationMilliseconds == 4_200)
        #expect(entry.mode == .practice)

        let wrong = try store.record(
            StoreFixture.answer(question, correct: false, at: StoreFixture.start.addingTimeInterval(700)),
            trainee: anna.id)
        #expect(wrong.previous == card)
        #expect(wrong.card?.card.step == 0 && wrong.card?.reps == 2)
        #expect(wrong.entry.rating == .again)
    }

    @Test(arguments: StoreEngineKind.tested) func cramIsLoggedButLeavesCardsAlone(engine: StoreEngineKind)
        throws
    {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        let question = StoreFixture.question("q1")
        try store.record(StoreFixture.answer(question, at: StoreFixture.start), trainee: anna.id)
        let cards = try store.cards(trainee: anna.id)
        let recorded = try store.record(
            StoreFixture.answer(
                question, correct: false, at: StoreFixture.start.addingTimeInterval(60), mode: .cram),
            trainee: anna.id)
        #expect(recorded.card == nil)
        try store.record(
            StoreFixture.answer(StoreFixture.question("q2"), at: StoreFixture.start, mode: .cram),
            trainee: anna.id)
        #expect(try store.cards(trainee: anna.id) == cards)
        #expect(try store.reviewLog(trainee: anna.id).map(\.mode) == [.practice, .cram, .cram])
        #expect(try store.replayedCards(trainee: anna.id) == cards)
    }

    @Test(arguments: StoreEngineKind.tested) func badScoresAreRefused(engine: StoreEngineKind) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        var answer = StoreFixture.answer(StoreFixture.question("q1"), at: StoreFixture.start)
        for score in [-0.1, 1.5, .nan] {
            answer.score = score
            #expect(throws: SpacertError.self) { try store.record(answer, trainee: anna.id) }
        }
        #expect(try store.reviewLog(trainee: anna.id).isEmpty)
    }

    /// Hundreds of random answers (with cram answers, undos and rev bumps mixed in): the cards
    /// stored one answer at a time are exactly the cards the log replays to.
    @Test(arguments: StoreEngineKind.tested, [1, 2, 3])
    func cardsRebuiltFromTheLogEqualTheStoredCards(engine: StoreEngineKind, seed: UInt64) throws {
        let scratch = try StoreScratch(engine: engine)
        let store = try scratch.store()
        let trainees = try ["anna", "ben", "chloé"].map {
            try store.addTrainee(named: $0, at: StoreFixture.start)
        }
        var questions = StoreFixture.questions(perCategory: 8)
        var random = SeededRandom(seed: seed)
        var time = StoreFixture.start
        var practiceAnswers = 0
        for _ in 0..<400 {
            time += [30.0, 600, 3_600, 86_400, 3 * 86_400, 20 * 86_400][Int(random.next() % 6)]
            let trainee = trainees[Int(random.next() % 3)]
            switch random.next() % 40 {
            case 0:
                let index = Int(random.next() % UInt64(questions.count))
                questions[index].rev += 1
            case 1:
                try store.undoLastAnswer(trainee: trainee.id)
            default:
                let question = questions[Int(random.next() % UInt64(questions.count))]
                let correct = random.next() % 4 != 0
                let grade = [nil, .hard, .easy, .good][Int(random.next() % 4)] as AnswerGrade?
                let mode: PracticeMode = random.next() % 10 == 0 ? .cram : .practice
                try store.record(
                    StoreFixture.answer(question, correct: correct, grade: grade, at: time, mode: mode),
                    trainee: trainee.id)
                if mode == .practice { practiceAnswers += 1 }
            }
        }
        #expect(practiceAnswers > 300)
        for trainee in trainees {
            let stored = try store.cards(trainee: trainee.id)
            #expect(!stored.isEmpty)
            #expect(stored.contains { $0.card.state == .review && $0.reps > 3 })
            #expect(try store.replayedCards(trainee: trainee.id) == stored)
            #expect(try store.rebuildCards(trainee: trainee.id) == stored.count)
            #expect(try store.cards(trainee: trainee.id) == stored)
        }
    }

    @Test(arguments: StoreEngineKind.tested) func fuzzIsSeededByTraineeQuestionAndReviewCount(
        engine: StoreEngineKind
    ) throws {
        func history(in scratch: StoreScratch, name: String) throws -> [StoredCard] {
            let store = try scratch.store(name)
            let trainee = try store.addTrainee(named: "anna", at: StoreFixture.start)
            var time = StoreFixture.start
            for index in 0..<60 {
                time += 40 * 86_400
                try store.record(
                    StoreFixture.answer(StoreFixture.question("q\(index % 5)"), grade: .easy, at: time),
                    trainee: trainee.id)
            }
            return try store.cards(trainee: trainee.id)
        }
        let scratch = try StoreScratch(engine: engine)
        let first = try history(in: scratch, name: "one.sqlite")
        #expect(try history(in: scratch, name: "two.sqlite") == first)

        // The same answers without fuzz give different intervals for at least one card.
        let plain = try scratch.store("plain.sqlite", parameters: .default)
        let trainee = try plain.addTrainee(named: "anna", at: StoreFixture.start)
        var time = StoreFixture.start
        for index in 0..<60 {
            time += 40 * 86_400
            try plain.record(
                StoreFixture.answer(StoreFixture.question("q\(index % 5)"), grade: .easy, at: time),
                trainee: trainee.id)
        }
        #expect(try plain.cards(trainee: trainee.id).map(\.card.due) != first.map(\.card.due))
    }

    @Test(arguments: StoreEngineKind.tested) func undoRemovesTheNewestAnswerAndRestoresTheCard(
        engine: StoreEngineKind
    ) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        let ben = try store.addTrainee(named: "ben", at: StoreFixture.start)
        let q1 = StoreFixture.question("q1")
        let q2 = StoreFixture.question("q2")
        let first = try store.record(StoreFixture.answer(q1, at: StoreFixture.start), trainee: anna.id)
        try store.record(StoreFixture.answer(q2, at: StoreFixture.start + 10), trainee: anna.id)
        let third = try store.record(
            StoreFixture.answer(q1, correct: false, at: StoreFixture.start + 700), trainee: anna.id)
        try store.record(StoreFixture.answer(q1, at: StoreFixture.start + 800), trainee: ben.id)

        #expect(try store.undoLastAnswer(trainee: anna.id, expecting: 12345) == nil)
        let undone = try #require(try store.undoLastAnswer(trainee: anna.id))
        #expect(undone.entry == third.entry)
        #expect(undone.card == first.card)
        #expect(try store.cards(trainee: anna.id).first { $0.questionID == "q1" } == first.card)
        #expect(try store.reviewLog(trainee: anna.id).count == 2)
        #expect(try store.reviewLog(trainee: ben.id).count == 1)

        let second = try #require(try store.undoLastAnswer(trainee: anna.id))
        #expect(second.entry.questionID == "q2" && second.card == nil)
        #expect(try store.cards(trainee: anna.id).map(\.questionID) == ["q1"])

        // A cram answer on top cannot be undone, and hides nothing behind it.
        try store.record(StoreFixture.answer(q2, at: StoreFixture.start + 900, mode: .cram), trainee: anna.id)
        #expect(try store.undoLastAnswer(trainee: anna.id) == nil)
        #expect(try store.reviewLog(trainee: anna.id).count == 2)
        #expect(try store.replayedCards(trainee: anna.id) == store.cards(trainee: anna.id))
    }

    @Test(arguments: StoreEngineKind.tested) func undoOnAnEmptyLogDoesNothing(engine: StoreEngineKind) throws
    {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        #expect(try store.undoLastAnswer(trainee: anna.id) == nil)
    }

    @Test(arguments: StoreEngineKind.tested) func aRisingRevStartsTheQuestionAgainAndKeepsHistory(
        engine: StoreEngineKind
    ) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        var question = StoreFixture.question("q1")
        var time = StoreFixture.start
        for _ in 0..<4 {
            try store.record(StoreFixture.answer(question, at: time), trainee: anna.id)
            time += 5 * 86_400
        }
        let learnt = try #require(try store.cards(trainee: anna.id).first)
        #expect(learnt.card.state == .review && learnt.reps == 4)

        question.rev = 2
        // The queue and the due summary see it as new.
        let queue = PracticeQueue(
            questions: [question], cards: [learnt], options: StoreFixture.options(), now: time)
        #expect(queue.current == nil)
        var session = queue
        #expect(session.nextCard(now: time)?.kind == .new)
        let summary = DueSummary(
            questions: [question], cards: [learnt], now: time, options: StoreFixture.options())
        #expect(summary.unseen == 1 && summary.dueNow == 0 && summary.review == 0)

        let recorded = try store.record(StoreFixture.answer(question, at: time), trainee: anna.id)
        #expect(recorded.previous == nil)
        #expect(recorded.card?.questionRev == 2 && recorded.card?.reps == 1)
        #expect(recorded.card?.card.state == .learning && recorded.card?.introduced == time)
        #expect(try store.reviewLog(trainee: anna.id).map(\.questionRev) == [1, 1, 1, 1, 2])
        #expect(try store.replayedCards(trainee: anna.id) == store.cards(trainee: anna.id))

        // Undoing the first answer at the new rev brings back the old card.
        #expect(try store.undoLastAnswer(trainee: anna.id)?.card == learnt)
    }

    @Test(arguments: StoreEngineKind.tested) func aVanishedQuestionKeepsItsHistoryAndLeavesTheQueue(
        engine: StoreEngineKind
    ) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        let kept = StoreFixture.question("kept")
        let gone = StoreFixture.question("gone")
        try store.record(StoreFixture.answer(kept, at: StoreFixture.start), trainee: anna.id)
        try store.record(StoreFixture.answer(gone, at: StoreFixture.start), trainee: anna.id)
        let later = StoreFixture.start + 86_400
        var queue = try PracticeQueue.load(
            from: store, trainee: anna.id, questions: [kept], options: StoreFixture.options(), now: later)
        var shown: [String] = []
        while let item = queue.nextCard(now: later) {
            shown.append(item.question.id)
            queue.didAnswer(try store.record(StoreFixture.answer(item.question, at: later), trainee: anna.id))
        }
        #expect(shown == ["kept"])
        let summary = try DueSummary.load(
            from: store, trainee: anna.id, questions: [kept], now: later, options: StoreFixture.options())
        #expect(summary.dueNow + summary.dueLaterToday + summary.days.map(\.due).reduce(0, +) == 1)
        #expect(try store.reviewLog(trainee: anna.id).filter { $0.questionID == "gone" }.count == 1)
        #expect(try store.cards(trainee: anna.id).map(\.questionID).contains("gone"))
    }

    @Test(arguments: StoreEngineKind.tested) func flagsAreKeptForEditors(engine: StoreEngineKind) throws {
        let scratch = try StoreScratch(engine: engine)
        let (store, anna) = try scratch.storeWithTrainee()
        let flag = try store.flag(
            questionID: "q1", rev: 2, note: "two right answers?", trainee: anna.id, at: StoreFixture.start)
        #expect(try store.flags() == [flag])
        #expect(flag.questionRev == 2 && flag.traineeID == anna.id && flag.created == StoreFixture.start)
    }
}
