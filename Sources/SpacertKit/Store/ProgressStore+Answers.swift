import Foundation
import GRDB
import SpacertFSRS

/// Recording answers, undoing the last one, and rebuilding cards from the review log.
extension ProgressStore {
    /// Records one answer in one transaction: appends it to the review log and, in practice
    /// mode, moves the card on. A card whose `rev` differs from the answer's starts again as new.
    ///
    /// The review time is kept to the microsecond; the returned entry carries the stored time.
    @discardableResult
    public func record(_ answer: ReviewLogEntry, trainee: Trainee.ID) throws -> RecordedAnswer {
        guard answer.score.isFinite, (0...1).contains(answer.score) else {
            throw SpacertError.invalidInput("a score must be from 0 to 1, not \(answer.score)")
        }
        var entry = answer
        entry.reviewedAt = StoreTime.normalized(answer.reviewedAt)
        entry.durationMilliseconds = max(0, answer.durationMilliseconds)
        return try write { db in
            var row = ReviewLogRow(entry, trainee: trainee)
            try row.insert(db)
            entry.id = row.id
            guard entry.mode == .practice else {
                return RecordedAnswer(entry: entry, previous: nil, card: nil)
            }

            let stored = try Self.card(trainee: trainee, questionID: entry.questionID, db)
            let previous = stored?.questionRev == entry.questionRev ? stored : nil
            let base =
                previous
                ?? .fresh(questionID: entry.questionID, rev: entry.questionRev, at: entry.reviewedAt)
            let card = base.reviewed(
                rating: entry.rating, at: entry.reviewedAt, traineeID: trainee, scheduler: scheduler)
            try Self.save(card, trainee: trainee, db)
            return RecordedAnswer(entry: entry, previous: previous, card: card)
        }
    }

    /// Undoes the trainee's newest answer if it was a practice answer: deletes its log row and
    /// rebuilds that card from the rest of the log. Returns nil, changing nothing, when there is
    /// no answer, the newest one was in cram mode, or it is not `expected` (when given).
    @discardableResult
    public func undoLastAnswer(trainee: Trainee.ID, expecting expected: Int64? = nil) throws
        -> UndoneAnswer?
    {
        try write { db in
            guard
                let row = try ReviewLogRow.filter(ReviewLogRow.Columns.traineeID == trainee)
                    .order(ReviewLogRow.Columns.id.desc).fetchOne(db)
            else { return nil }
            let entry = try row.entry()
            guard entry.mode == .practice, expected == nil || entry.id == expected else { return nil }
            try row.delete(db)
            let history = try Self.practiceHistory(trainee: trainee, questionID: entry.questionID, db)
            let card = replay(history, trainee: trainee)
            if let card {
                try Self.save(card, trainee: trainee, db)
            } else {
                try CardRow.filter(
                    CardRow.Columns.traineeID == trainee && CardRow.Columns.questionID == entry.questionID
                ).deleteAll(db)
            }
            return UndoneAnswer(entry: entry, card: card)
        }
    }

    /// The trainee's stored cards (every question ever practised, at the `rev` last practised).
    public func cards(trainee: Trainee.ID) throws -> [StoredCard] {
        try read { db in try Self.cards(db, trainee: trainee) }
    }

    static func cards(_ db: Database, trainee: Trainee.ID) throws -> [StoredCard] {
        try CardRow.of(trainee).fetchAll(db).map(\.storedCard)
    }

    /// The trainee's review log, oldest first.
    public func reviewLog(trainee: Trainee.ID) throws -> [ReviewLogEntry] {
        try read { db in
            try ReviewLogRow.of(trainee).fetchAll(db).map { try $0.entry() }
        }
    }

    /// The trainee's cards computed from the review log alone, without changing the store.
    public func replayedCards(trainee: Trainee.ID) throws -> [StoredCard] {
        let history = try read { db in try Self.practiceHistory(trainee: trainee, questionID: nil, db) }
        return Dictionary(grouping: history, by: \.questionID)
            .compactMap { replay($0.value, trainee: trainee) }
            .sorted { $0.questionID < $1.questionID }
    }

    /// Replaces the trainee's cards with ones rebuilt from the review log; returns how many.
    @discardableResult
    public func rebuildCards(trainee: Trainee.ID) throws -> Int {
        try write { db in
            let history = try Self.practiceHistory(trainee: trainee, questionID: nil, db)
            let cards = Dictionary(grouping: history, by: \.questionID).compactMap {
                replay($0.value, trainee: trainee)
            }
            try CardRow.filter(CardRow.Columns.traineeID == trainee).deleteAll(db)
            for card in cards { try Self.save(card, trainee: trainee, db) }
            return cards.count
        }
    }

    /// Leaves a note on a question for its editors.
    @discardableResult
    public func flag(
        questionID: String, rev: Int, note: String, trainee: Trainee.ID, at time: Date
    ) throws -> QuestionFlag {
        if let problem = Self.flagNoteProblem(note) { throw SpacertError.invalidInput(problem) }
        return try write { db in
            var row = FlagRow(
                id: nil, traineeID: trainee, questionID: questionID, questionRev: rev, note: note,
                created: StoreInstant(time))
            try row.insert(db)
            return row.flag
        }
    }

    /// The longest flag note kept, in characters.
    public static let flagNoteLimit = 2_000

    /// Why `note` cannot be a flag's note, or nil when it can: longer than ``flagNoteLimit``,
    /// or holding a NUL character (SQLite would keep the text only up to it).
    public static func flagNoteProblem(_ note: String) -> String? {
        if note.count > flagNoteLimit {
            return "a flag note is at most 2,000 characters; this one has \(note.count)"
        }
        if note.utf8.contains(0) {
            return "a flag note must not contain a NUL character (U+0000)"
        }
        return nil
    }

    /// Every flag, oldest first.
    public func flags() throws -> [QuestionFlag] {
        try read { db in try FlagRow.order(FlagRow.Columns.id).fetchAll(db).map(\.flag) }
    }

    // MARK: - Replay

    /// The card one question's practice history gives, oldest answer first: the answers since
    /// the `rev` last changed, replayed from a new card. Nil for no history.
    func replay(_ history: [ReviewLogEntry], trainee: Trainee.ID) -> StoredCard? {
        guard let last = history.last else { return nil }
        let start = (history.lastIndex { $0.questionRev != last.questionRev }).map { $0 + 1 } ?? 0
        let run = history[start...]
        var card = StoredCard.fresh(
            questionID: last.questionID, rev: last.questionRev, at: run.first!.reviewedAt)
        for entry in run {
            card = card.reviewed(
                rating: entry.rating, at: entry.reviewedAt, traineeID: trainee, scheduler: scheduler)
        }
        return card
    }

    // MARK: - Rows

    static func practiceHistory(trainee: Trainee.ID, questionID: String?, _ db: Database) throws
        -> [ReviewLogEntry]
    {
        var request = ReviewLogRow.of(trainee).filter(
            ReviewLogRow.Columns.mode == PracticeMode.practice.rawValue)
        if let questionID { request = request.filter(ReviewLogRow.Columns.questionID == questionID) }
        return try request.fetchAll(db).map { try $0.entry() }
    }

    static func card(trainee: Trainee.ID, questionID: String, _ db: Database) throws -> StoredCard? {
        try CardRow.filter(
            CardRow.Columns.traineeID == trainee && CardRow.Columns.questionID == questionID
        )
        .fetchOne(db)?.storedCard
    }

    /// Writes the card, replacing the trainee's card of that question.
    static func save(_ card: StoredCard, trainee: Trainee.ID, _ db: Database) throws {
        try CardRow(card, trainee: trainee).insert(db, onConflict: .replace)
    }
}
