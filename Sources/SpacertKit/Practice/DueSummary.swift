import Foundation

/// What a trainee has to practise now, later today and on each of the next seven days.
///
/// A review card is due for the whole of its due day (as in Anki); a learning step at its time.
public struct DueSummary: Sendable, Hashable {
    /// Questions due on one day.
    public struct Day: Sendable, Hashable {
        /// The day's first moment in the calendar's time zone.
        public var start: Date
        public var due: Int
    }

    public var now: Date
    /// Due now: learning steps whose time has come and review cards due today or earlier.
    public var dueNow: Int
    /// Learning steps that come due later today.
    public var dueLaterToday: Int
    /// The next seven days, tomorrow first.
    public var days: [Day]
    /// New questions the trainee may still start today.
    public var newAvailable: Int
    /// New questions started today.
    public var newIntroducedToday: Int
    /// The daily limit of new questions.
    public var newPerDay: Int
    /// Questions never answered at their current `rev`.
    public var unseen: Int
    /// Cards in learning or relearning steps.
    public var learning: Int
    /// Cards in review.
    public var review: Int

    /// Counts the trainee's cards against the current questions (cards of questions that are
    /// gone are left out, and a card at an older `rev` counts as unseen).
    public init(
        questions: [Question], cards storedCards: [StoredCard], now: Date,
        options: QueueOptions = QueueOptions()
    ) {
        self.now = now
        newPerDay = options.newPerDay
        let today = options.day(of: now)
        newIntroducedToday = storedCards.count { $0.introduced >= today.start && $0.introduced < today.end }

        var revs: [String: Int] = [:]
        for question in questions where revs[question.id] == nil && options.admits(question) {
            revs[question.id] = question.rev
        }
        let current = storedCards.filter { revs[$0.questionID] == $0.questionRev }
        unseen = revs.count - current.count
        newAvailable = min(unseen, max(0, options.newPerDay - newIntroducedToday))
        learning = current.count { $0.card.state != .review }
        review = current.count - learning

        var starts: [Date] = []
        var day = today.end
        for _ in 0..<8 {
            starts.append(day)
            day = options.day(of: day.addingTimeInterval(1)).end
        }
        var dueNow = 0
        var laterToday = 0
        var perDay = [Int](repeating: 0, count: 7)
        for card in current {
            let due = card.card.due
            if PracticeQueue.isDue(card, now: now, dayEnd: today.end) {
                dueNow += 1
            } else if due < today.end {
                laterToday += 1
            } else if let index = starts.indices.dropLast().first(where: {
                due >= starts[$0] && due < starts[$0 + 1]
            }) {
                perDay[index] += 1
            }
        }
        self.dueNow = dueNow
        dueLaterToday = laterToday
        days = (0..<7).map { Day(start: starts[$0], due: perDay[$0]) }
    }

    /// What `spacert due` shows, and a session's summary too: every area, `newPerDay` new a day.
    public static func load(
        from store: ProgressStore, trainee: Trainee.ID, questions: [Question], now: Date, newPerDay: Int,
        calendar: Calendar = .current
    ) throws -> DueSummary {
        try load(
            from: store, trainee: trainee, questions: questions, now: now,
            options: QueueOptions(newPerDay: newPerDay, calendar: calendar))
    }

    /// Loads the trainee's cards from `store` and counts them.
    public static func load(
        from store: ProgressStore, trainee: Trainee.ID, questions: [Question], now: Date,
        options: QueueOptions = QueueOptions()
    ) throws -> DueSummary {
        DueSummary(questions: questions, cards: try store.cards(trainee: trainee), now: now, options: options)
    }
}
