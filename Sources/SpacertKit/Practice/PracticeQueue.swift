import Foundation
import SpacertFSRS

/// The questions of one session, in the order a trainee should meet them.
///
/// In practice mode: learning steps that are due, then review cards due today (lowest
/// retrievability first), then new questions up to the daily limit (critical first, areas
/// interleaved). A question answered into a learning step comes back in the same session once
/// its step is due; when nothing else is left, a step due within ``QueueOptions/learnAhead`` is
/// shown early, but not for a question already missed ``earlyMissLimit`` times in the session
/// (so a session where every answer is wrong ends). In cram mode: every question the filters admit, due ones first; a missed one
/// comes back after ``cramGap`` other questions (or at the end) until it is answered right
/// or missed ``earlyMissLimit`` times, and nothing is rescheduled. ``QueueOptions/limit`` caps
/// the answers of a session, questions coming back included.
///
/// The session loop calls ``nextCard(now:)``, records the answer in the store, and passes the
/// result to ``didAnswer(_:)`` (or an undo to ``didUndo(_:)``).
public struct PracticeQueue: Sendable {
    public let options: QueueOptions
    let scheduler: Scheduler
    /// The questions the filters admit, by id.
    let questions: [String: Question]
    /// The trainee's cards at the admitted questions' current `rev`s.
    private(set) var cards: [String: StoredCard]
    /// Review cards due today, in the order to ask them (practice), or every admitted question
    /// in cram order.
    private var pending: [String]
    /// New questions in introduction order (practice).
    private var pendingNew: [String]
    /// New questions the trainee may still start today.
    private var newAllowance: Int
    /// Questions put back to be asked next (an undone answer, the question it interrupted).
    private var returning: [String] = []
    /// Cram: questions missed, with the answer count after which each comes back.
    private var missed: [(id: String, after: Int)] = []
    /// Answers taken in this session (an undone one taken back): ``QueueOptions/limit`` caps them.
    public private(set) var answers = 0
    /// Misses per question in this session (an undone one taken back).
    private var misses: [String: Int] = [:]
    /// A question missed this often in one session is no longer shown before its step is due.
    public static let earlyMissLimit = 3
    /// Cram: how many other questions come between a miss and its next asking.
    public static let cramGap = 3
    /// Questions asked in this session at least once.
    private(set) var started: Set<String> = []
    /// The question being asked, until it is answered.
    public private(set) var current: PracticeItem?
    /// New questions started today before this session.
    public let introducedToday: Int

    /// Builds a session's queue from the current questions and the trainee's stored cards.
    ///
    /// Cards of questions that are gone are ignored; a card at an older `rev` than its question
    /// counts as new.
    public init(
        questions allQuestions: [Question], cards storedCards: [StoredCard],
        options: QueueOptions = QueueOptions(),
        now: Date, scheduler: Scheduler = Scheduler(parameters: ProgressStore.defaultParameters)
    ) {
        self.options = options
        self.scheduler = scheduler
        let today = options.day(of: now)
        introducedToday = storedCards.count { $0.introduced >= today.start && $0.introduced < today.end }

        var admitted: [Question] = []
        var byID: [String: Question] = [:]
        for question in allQuestions where byID[question.id] == nil && options.admits(question) {
            byID[question.id] = question
            admitted.append(question)
        }
        questions = byID
        let cards = Dictionary(
            storedCards.filter { byID[$0.questionID]?.rev == $0.questionRev }.map { ($0.questionID, $0) },
            uniquingKeysWith: { first, _ in first })
        self.cards = cards

        let unseen = IntroductionOrder.ordered(admitted.filter { cards[$0.id] == nil }).map(\.id)
        let byRetrievability = { (ids: [String]) -> [String] in
            ids.map { id in (id, scheduler.retrievability(of: cards[id]!.card, at: now), cards[id]!.card.due)
            }
            .sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }
            .map(\.0)
        }
        switch options.mode {
        case .practice:
            pending = byRetrievability(
                cards.values.filter { $0.card.state == .review && $0.card.due < today.end }.map(\.questionID))
            pendingNew = unseen
            newAllowance = max(0, options.newPerDay - introducedToday)
        case .cram:
            let due = cards.values.filter { Self.isDue($0, now: now, dayEnd: today.end) }.map(\.questionID)
            let dueSet = Set(due)
            let rest = cards.keys.filter { !dueSet.contains($0) }
            pending = byRetrievability(due) + byRetrievability(rest) + unseen
            pendingNew = []
            newAllowance = 0
        }
    }

    /// Loads the trainee's cards from `store` and builds the queue.
    public static func load(
        from store: ProgressStore, trainee: Trainee.ID, questions: [Question],
        options: QueueOptions = QueueOptions(), now: Date
    ) throws -> PracticeQueue {
        PracticeQueue(
            questions: questions, cards: try store.cards(trainee: trainee), options: options, now: now,
            scheduler: store.scheduler)
    }

    /// The question to ask now, or nil when the session is done. Until it is answered,
    /// the same question comes back.
    public mutating func nextCard(now: Date) -> PracticeItem? {
        if let current { return current }
        guard let id = nextID(now: now) else { return nil }
        started.insert(id)
        current = PracticeItem(question: questions[id]!, card: cards[id])
        return current
    }

    /// Takes an answer the store recorded: the card moves on, and a learning step will bring
    /// the question back.
    ///
    /// An answer to a question other than ``current`` (say, one the session still shows after
    /// an undo) counts too: that question is not asked again unless a learning step is due.
    public mutating func didAnswer(_ answer: RecordedAnswer) {
        let id = answer.entry.questionID
        if current?.question.id == id { current = nil }
        if let index = returning.firstIndex(of: id) { returning.remove(at: index) }
        started.insert(id)
        answers += 1
        if !answer.entry.correct { misses[id, default: 0] += 1 }
        if options.mode == .cram {
            missed.removeAll { $0.id == id }
            if !answer.entry.correct, misses[id, default: 0] < Self.earlyMissLimit {
                missed.append((id, answers + Self.cramGap))
            }
        }
        if options.mode == .practice, let card = answer.card, questions[id]?.rev == card.questionRev {
            cards[id] = card
        }
    }

    /// Takes an undone answer: the card goes back to what it was, and the question is asked
    /// next (before the one that was being asked).
    public mutating func didUndo(_ undone: UndoneAnswer) {
        let id = undone.entry.questionID
        answers = max(0, answers - 1)
        if !undone.entry.correct, let count = misses[id] { misses[id] = count > 1 ? count - 1 : nil }
        if let current {
            returning.insert(current.question.id, at: 0)
            self.current = nil
        }
        guard questions[id] != nil else { return }
        if options.mode == .practice {
            cards[id] = undone.card.flatMap { questions[id]?.rev == $0.questionRev ? $0 : nil }
        }
        returning.insert(id, at: 0)
    }

    /// When the earliest learning step not yet due comes due, if any (for "back at 10:35").
    public func nextLearningDue(after now: Date) -> Date? {
        guard options.mode == .practice else { return nil }
        return cards.values.filter { isLearning($0) && $0.card.due > now }.map(\.card.due).min()
    }

    /// Answers still to come in this session as things stand at `now`, for progress: the question
    /// being asked, those put back, review cards and new questions still planned, and learning
    /// steps that will come back in it (a missed question counts again); at most what the
    /// session's limit of answers leaves.
    public func remaining(now: Date) -> Int {
        let planned = pending.filter { !started.contains($0) }.count
        var left = (current == nil ? 0 : 1) + returning.count + planned
        if options.mode == .cram {
            left += missed.count
        } else {
            left += min(newAllowance, pendingNew.count)
            let back = Set(returning + [current?.question.id].compactMap { $0 })
            left +=
                cards.values.filter {
                    !back.contains($0.questionID) && comesBack($0, now: now)
                }.count
        }
        guard let limit = options.limit else { return left }
        return min(left, max(0, limit - answers))
    }

    /// Whether a learning card will be asked again in this session: due now, or due within
    /// the look-ahead and not missed too often here already.
    private func comesBack(_ card: StoredCard, now: Date) -> Bool {
        guard isLearning(card) else { return false }
        if card.card.due <= now { return true }
        return card.card.due <= now.addingTimeInterval(options.learnAhead)
            && misses[card.questionID, default: 0] < Self.earlyMissLimit
    }

    // MARK: - Choosing

    private mutating func nextID(now: Date) -> String? {
        if let limit = options.limit, answers >= limit { return nil }
        if !returning.isEmpty { return returning.removeFirst() }
        if options.mode == .cram {
            if let index = missed.firstIndex(where: { $0.after <= answers }) {
                return missed.remove(at: index).id
            }
            while !pending.isEmpty {
                let id = pending.removeFirst()
                if !started.contains(id) { return id }
            }
            return missed.isEmpty ? nil : missed.removeFirst().id
        }
        if let id = earliestLearning(dueBy: now, early: false) { return id }
        while let id = pending.first {
            pending.removeFirst()
            if cards[id]?.card.state == .review, !started.contains(id) { return id }
        }
        while newAllowance > 0, let id = pendingNew.first {
            pendingNew.removeFirst()
            guard cards[id] == nil, !started.contains(id) else { continue }
            newAllowance -= 1
            return id
        }
        return earliestLearning(dueBy: now.addingTimeInterval(options.learnAhead), early: true)
    }

    /// The learning card due first by `time`; `early` leaves out questions missed too often.
    private func earliestLearning(dueBy time: Date, early: Bool) -> String? {
        cards.values
            .filter {
                isLearning($0) && $0.card.due <= time
                    && (!early || misses[$0.questionID, default: 0] < Self.earlyMissLimit)
            }
            .min { ($0.card.due, $0.questionID) < ($1.card.due, $1.questionID) }?
            .questionID
    }

    private func isLearning(_ card: StoredCard) -> Bool {
        card.card.state != .review
    }

    /// Due now: a learning step at its time, a review card on its day.
    static func isDue(_ card: StoredCard, now: Date, dayEnd: Date) -> Bool {
        card.card.state == .review ? card.card.due < dayEnd : card.card.due <= now
    }
}
