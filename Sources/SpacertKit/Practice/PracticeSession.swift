import Foundation
import SpacertFSRS

/// What a trainee sees after answering: right or not, the credit, the right answer and why.
public struct Feedback: Sendable {
    public var presented: PresentedQuestion
    public var given: Answer
    public var graded: GradedAnswer
    public var expected: Answer
    public var rating: Rating
}

/// Counts of a session so far, by area.
public struct SessionTally: Sendable, Hashable {
    /// Answers given and answers fully right.
    public struct Count: Sendable, Hashable {
        public var answered = 0
        public var correct = 0

        mutating func add(correct isCorrect: Bool, sign: Int) {
            answered += sign
            if isCorrect { correct += sign }
        }
    }

    public var total = Count()
    /// Areas with at least one answer.
    public var byCategory: [Category: Count] = [:]

    public var answered: Int { total.answered }
    public var correct: Int { total.correct }

    /// Counts an answer (`sign` 1), or takes an undone one back (`sign` -1).
    mutating func add(_ category: Category, correct isCorrect: Bool, sign: Int = 1) {
        total.add(correct: isCorrect, sign: sign)
        var entry = byCategory[category] ?? Count()
        entry.add(correct: isCorrect, sign: sign)
        byCategory[category] = entry.answered == 0 ? nil : entry
    }
}

/// The end of a session: what was done and what comes next.
public struct SessionSummary: Sendable {
    /// A question missed in the session, and how often.
    public struct Miss: Sendable, Hashable {
        public var id: String
        public var prompt: String
        public var times: Int
    }

    public var tally: SessionTally
    public var elapsed: TimeInterval
    /// What is due, counted as `spacert due` counts it (every area, the session's daily limit).
    public var due: DueSummary
    /// Questions answered wrong (or partly) in the session, in the order first missed.
    public var missed: [Miss] = []

    /// Percent right, 0 when nothing was answered.
    public var percentCorrect: Double {
        tally.answered == 0 ? 0 : 100 * Double(tally.correct) / Double(tally.answered)
    }

    /// Questions due later today (learning steps).
    public var dueLaterToday: Int { due.dueLaterToday }
    /// Questions due tomorrow.
    public var dueTomorrow: Int { due.days.first?.due ?? 0 }
    /// Questions due in the next seven days, tomorrow first (the days `spacert due` lists).
    public var dueThisWeek: Int { due.days.reduce(0) { $0 + $1.due } }
}

/// A practice session, whatever front end shows it: it picks the next question, grades and
/// records each answer in the store at once (nothing is ever lost), undoes, flags and sums up.
public final class PracticeSession {
    public let store: ProgressStore
    public let trainee: Trainee
    public let questions: [Question]
    public let options: QueueOptions
    private var queue: PracticeQueue
    private let clock: () -> Date
    private let started: Date
    private var shownAt: Date
    private var showings: [String: Int] = [:]
    /// What recording the last answer did, for undo and for changing its grade.
    private var history: [(recorded: RecordedAnswer, feedback: Feedback)] = []
    public private(set) var current: PresentedQuestion?
    public private(set) var tally = SessionTally()

    /// Opens a session for `trainee` over `questions`, with `clock` giving the time.
    public init(
        store: ProgressStore, trainee: Trainee, questions: [Question], options: QueueOptions,
        clock: @escaping () -> Date
    ) throws {
        self.store = store
        self.trainee = trainee
        self.questions = questions
        self.options = options
        self.clock = clock
        let now = clock()
        started = now
        shownAt = now
        queue = try PracticeQueue.load(
            from: store, trainee: trainee.id, questions: questions, options: options, now: now)
    }

    /// Answers still to come, the question being asked and missed ones coming back included,
    /// within the session's limit (see ``PracticeQueue/remaining(now:)``).
    public var remaining: Int { queue.remaining(now: clock()) }

    /// Cards by kind among what is planned, for the progress line.
    public var position: Int { tally.answered + 1 }

    /// When the session started.
    public var startTime: Date { started }

    /// Time since the session started, by the session's clock.
    public var elapsed: TimeInterval { clock().timeIntervalSince(started) }

    /// The next question to ask, or nil when the session is done. Until it is answered the
    /// same presentation comes back.
    public func next() -> PresentedQuestion? {
        if let current { return current }
        let now = clock()
        guard let item = queue.nextCard(now: now) else { return nil }
        let count = showings[item.question.id, default: 0]
        showings[item.question.id] = count + 1
        let reviews = item.card?.reps ?? 0
        let presented = PresentedQuestion(
            item.question, seed: "\(trainee.id)|\(item.question.id)|\(reviews)|\(count)")
        current = presented
        shownAt = now
        return presented
    }

    /// The kind (new, learning, review) of the question being asked.
    public var currentKind: PracticeItem.Kind? { queue.current?.kind }

    /// Grades and records `answer` to the current question in one transaction. The caller
    /// validates it first (``PresentedQuestion/validate(_:)``).
    public func submit(_ answer: Answer, grade: AnswerGrade? = nil) throws -> Feedback {
        guard let presented = current else {
            throw SpacertError.invalidInput("there is no question to answer")
        }
        let now = clock()
        let graded = presented.grade(answer)
        let entry = ReviewLogEntry(
            question: presented.question, given: answer.json, shownOrder: presented.shownOrderJSON,
            correct: graded.correct, score: graded.score, grade: graded.correct ? grade : nil, at: now,
            durationMilliseconds: max(0, Int(now.timeIntervalSince(shownAt) * 1000)), mode: options.mode)
        let recorded: RecordedAnswer
        do {
            recorded = try store.record(entry, trainee: trainee.id)
        } catch let error as SpacertError {
            // The trainee is told which answer is in doubt; every one acknowledged before it is kept.
            let comesBack = "f this one was not, its question comes back"
            let kept =
                switch tally.answered {
                case 0: "I" + comesBack
                case 1: "The answer before it this session is kept; i" + comesBack
                case let before: "The \(before) answers before it this session are kept; i" + comesBack
                }
            throw SpacertError.store(
                "the answer to question '\(presented.question.id)' was not confirmed as saved: \(error). \(kept)"
            )
        }
        queue.didAnswer(recorded)
        current = nil
        let feedback = Feedback(
            presented: presented, given: answer, graded: graded, expected: presented.expected,
            rating: recorded.entry.rating)
        history.append((recorded, feedback))
        tally.add(presented.question.category, correct: graded.correct)
        return feedback
    }

    /// Changes the grade of the last answer, when it was right (Hard, Good or Easy): the
    /// answer is recorded again with the new rating, as if first given so.
    public func regradeLast(_ grade: AnswerGrade) throws {
        guard let last = history.last, last.feedback.graded.correct,
            let undone = try store.undoLastAnswer(trainee: trainee.id, expecting: last.recorded.entry.id)
        else { return }
        queue.didUndo(undone)
        _ = queue.nextCard(now: clock())
        var entry = last.recorded.entry
        entry.id = nil
        entry.rating = Rating.from(correct: true, grade: grade)
        let recorded = try store.record(entry, trainee: trainee.id)
        queue.didAnswer(recorded)
        var feedback = last.feedback
        feedback.rating = recorded.entry.rating
        history[history.count - 1] = (recorded, feedback)
    }

    /// Undoes the last answer of this session: store and schedule go back to what they were,
    /// and that question is asked again next. Returns it, or nil when there is nothing to undo.
    @discardableResult
    public func undo() throws -> Question? {
        guard let last = history.last,
            let undone = try store.undoLastAnswer(trainee: trainee.id, expecting: last.recorded.entry.id)
        else { return nil }
        history.removeLast()
        current = nil
        queue.didUndo(undone)
        tally.add(last.feedback.presented.question.category, correct: last.feedback.graded.correct, sign: -1)
        return last.feedback.presented.question
    }

    /// Whether there is an answer of this session to undo.
    public var canUndo: Bool { !history.isEmpty }

    /// Flags `question` (the current one by default) for editors, with a note.
    public func flag(_ question: Question? = nil, note: String) throws {
        guard let question = question ?? current?.question else { return }
        try store.flag(
            questionID: question.id, rev: question.rev, note: note, trainee: trainee.id, at: clock())
    }

    /// The summary: the tally, the time, the questions missed, and what is due next, counted
    /// as `spacert due` counts it at the same time (``DueSummary/load(from:trainee:questions:now:newPerDay:)``).
    public func summary() throws -> SessionSummary {
        let now = clock()
        let due = try DueSummary.load(
            from: store, trainee: trainee.id, questions: questions, now: now, newPerDay: options.newPerDay,
            calendar: options.calendar)
        var missed: [SessionSummary.Miss] = []
        for (_, feedback) in history where !feedback.graded.correct {
            let question = feedback.presented.question
            if let index = missed.firstIndex(where: { $0.id == question.id }) {
                missed[index].times += 1
            } else {
                missed.append(.init(id: question.id, prompt: question.prompt, times: 1))
            }
        }
        return SessionSummary(
            tally: tally, elapsed: now.timeIntervalSince(started), due: due, missed: missed)
    }
}
