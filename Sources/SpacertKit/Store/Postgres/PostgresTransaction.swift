import Foundation
import PostgresNIO
import SpacertFSRS

/// ``StoreTransaction`` on PostgreSQL: the same operations as ``GRDBTransaction``, with the same
/// meaning and the same order of every list, in PostgreSQL's words.
///
/// Where SQLite compares under `NOCASE` (trainee names, branches, certificate ids), this side
/// compares `lower(… COLLATE "C")`, which folds ASCII letters and nothing else, as NOCASE does;
/// the unique and branch indexes are on those expressions (``PostgresSchema``). Every value is
/// sent as a parameter, never spliced into the SQL.
struct PostgresTransaction: StoreTransaction {
    let session: PostgresSession

    @discardableResult
    private func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try session.query(query)
    }

    // MARK: Trainees

    private static let traineeColumns = "id, name, created, archived, branch"

    private static func trainee(_ row: PostgresRow) throws -> Trainee {
        let (id, name, created, archived, branch) = try row.decode((Int64, String, Int64, Int, String).self)
        return Trainee(
            id: id, name: name, created: StoreTime.date(created), archived: archived != 0, branch: branch)
    }

    func trainee(named name: String) throws -> Trainee? {
        try rows(
            """
            SELECT \(unescaped: Self.traineeColumns) FROM trainees
            WHERE lower(name COLLATE "C") = lower(\(name) COLLATE "C")
            """
        ).first.map(Self.trainee)
    }

    func trainees(includingArchived: Bool, branch: String?) throws -> [Trainee] {
        try rows(
            """
            SELECT \(unescaped: Self.traineeColumns) FROM trainees
            WHERE (\(includingArchived) OR archived = 0)
            AND (\(branch)::text IS NULL OR \(unescaped: PostgresSchema.branchKey) = lower(\(branch) COLLATE "C"))
            ORDER BY lower(name COLLATE "C"), id
            """
        ).map(Self.trainee)
    }

    func insertTrainee(name: String, branch: String, created: Date) throws -> Trainee {
        let micros = StoreTime.micros(created)
        let id = try rows(
            """
            INSERT INTO trainees (name, created, archived, branch) VALUES (\(name), \(micros), 0, \(branch))
            RETURNING id
            """
        ).first?.decode(Int64.self)
        guard let id else { throw SpacertError.store("the new trainee '\(name)' was given no id") }
        return Trainee(id: id, name: name, created: StoreTime.date(micros), archived: false, branch: branch)
    }

    func updateTrainee(_ trainee: Trainee) throws {
        try rows(
            """
            UPDATE trainees SET name = \(trainee.name), branch = \(trainee.branch),
                archived = \(trainee.archived ? 1 : 0) WHERE id = \(trainee.id)
            """)
    }

    func branchSpelling(_ branch: String) throws -> String? {
        try rows(
            """
            SELECT branch FROM trainees WHERE \(unescaped: PostgresSchema.branchKey) = lower(\(branch) COLLATE "C")
            ORDER BY id LIMIT 1
            """
        ).first?.decode(String.self)
    }

    func branches() throws -> [(branch: String, trainees: Int)] {
        try rows(
            """
            SELECT min(branch COLLATE "C"), count(*) FROM trainees WHERE archived = 0
            GROUP BY \(unescaped: PostgresSchema.branchKey) ORDER BY \(unescaped: PostgresSchema.branchKey)
            """
        ).map { row in
            let (branch, count) = try row.decode((String, Int).self)
            return (branch, count)
        }
    }

    // MARK: Practice

    private static let reviewColumns =
        "id, question_id, question_rev, answer, shown_order, correct, score, rating, reviewed_at, duration_ms, mode"

    private static func review(_ row: PostgresRow) throws -> ReviewLogEntry {
        let (id, questionID, rev, answer, shown, correct, score, ratingValue, at, duration, modeName) =
            try row.decode((Int64, String, Int, String, String, Int, Double, Int, Int64, Int, String).self)
        guard let rating = Rating(rawValue: ratingValue), let mode = PracticeMode(rawValue: modeName) else {
            throw SpacertError.store("review log row \(id) has rating \(ratingValue), mode '\(modeName)'")
        }
        return ReviewLogEntry(
            id: id, questionID: questionID, questionRev: rev, given: answer, shownOrder: shown,
            correct: correct != 0, score: score, rating: rating, reviewedAt: StoreTime.date(at),
            durationMilliseconds: duration, mode: mode)
    }

    func insertReview(_ entry: ReviewLogEntry, trainee: Trainee.ID) throws -> Int64 {
        let id = try rows(
            """
            INSERT INTO review_log (trainee_id, question_id, question_rev, answer, shown_order, correct, score,
                rating, reviewed_at, duration_ms, mode)
            VALUES (\(trainee), \(entry.questionID), \(Int64(entry.questionRev)), \(entry.given), \(entry.shownOrder),
                \(entry.correct ? 1 : 0), \(entry.score), \(entry.rating.rawValue), \(StoreTime.micros(entry.reviewedAt)),
                \(Int64(entry.durationMilliseconds)), \(entry.mode.rawValue))
            RETURNING id
            """
        ).first?.decode(Int64.self)
        guard let id else { throw SpacertError.store("the answer to \(entry.questionID) was given no id") }
        return id
    }

    func newestReview(trainee: Trainee.ID) throws -> ReviewLogEntry? {
        try rows(
            """
            SELECT \(unescaped: Self.reviewColumns) FROM review_log WHERE trainee_id = \(trainee)
            ORDER BY id DESC LIMIT 1
            """
        ).first.map(Self.review)
    }

    func deleteReview(id: Int64) throws {
        try rows("DELETE FROM review_log WHERE id = \(id)")
    }

    func reviews(trainee: Trainee.ID, mode: PracticeMode?, questionID: String?) throws -> [ReviewLogEntry] {
        try rows(
            """
            SELECT \(unescaped: Self.reviewColumns) FROM review_log WHERE trainee_id = \(trainee)
            AND (\(mode?.rawValue)::text IS NULL OR mode = \(mode?.rawValue))
            AND (\(questionID)::text IS NULL OR question_id = \(questionID))
            ORDER BY id
            """
        ).map(Self.review)
    }

    private static let cardColumns =
        "question_id, question_rev, state, step, stability, difficulty, due, last_review, reps, lapses, introduced"

    private static func storedCard(_ row: PostgresRow) throws -> StoredCard {
        let (questionID, rev, state, step, stability, difficulty, due, lastReview, reps, lapses, introduced) =
            try row.decode((String, Int, Int, Int?, Double?, Double?, Int64, Int64?, Int, Int, Int64).self)
        return StoredCard(
            questionID: questionID, questionRev: rev,
            card: Card(
                state: CardState(rawValue: state) ?? .learning, step: step, stability: stability,
                difficulty: difficulty, due: StoreTime.date(due), lastReview: lastReview.map(StoreTime.date)),
            reps: reps, lapses: lapses, introduced: StoreTime.date(introduced))
    }

    func cards(trainee: Trainee.ID) throws -> [StoredCard] {
        try rows(
            """
            SELECT \(unescaped: Self.cardColumns) FROM cards WHERE trainee_id = \(trainee)
            ORDER BY question_id COLLATE "C"
            """
        ).map(Self.storedCard)
    }

    func card(trainee: Trainee.ID, questionID: String) throws -> StoredCard? {
        try rows(
            """
            SELECT \(unescaped: Self.cardColumns) FROM cards WHERE trainee_id = \(trainee) AND question_id = \(questionID)
            """
        ).first.map(Self.storedCard)
    }

    func saveCard(_ stored: StoredCard, trainee: Trainee.ID) throws {
        let card = stored.card
        try rows(
            """
            INSERT INTO cards (trainee_id, question_id, question_rev, state, step, stability, difficulty, due,
                last_review, reps, lapses, introduced)
            VALUES (\(trainee), \(stored.questionID), \(Int64(stored.questionRev)), \(card.state.rawValue),
                \(card.step), \(card.stability), \(card.difficulty), \(StoreTime.micros(card.due)),
                \(card.lastReview.map(StoreTime.micros)), \(Int64(stored.reps)), \(Int64(stored.lapses)),
                \(StoreTime.micros(stored.introduced)))
            ON CONFLICT (trainee_id, question_id) DO UPDATE SET question_rev = excluded.question_rev,
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                reps = excluded.reps, lapses = excluded.lapses, introduced = excluded.introduced
            """)
    }

    func deleteCards(trainee: Trainee.ID, questionID: String?) throws {
        try rows(
            """
            DELETE FROM cards WHERE trainee_id = \(trainee)
            AND (\(questionID)::text IS NULL OR question_id = \(questionID))
            """)
    }

    func insertFlag(_ flag: QuestionFlag) throws -> QuestionFlag {
        let created = StoreTime.micros(flag.created)
        let id = try rows(
            """
            INSERT INTO flags (trainee_id, question_id, question_rev, note, created)
            VALUES (\(flag.traineeID), \(flag.questionID), \(Int64(flag.questionRev)), \(flag.note), \(created))
            RETURNING id
            """
        ).first?.decode(Int64.self)
        guard let id else { throw SpacertError.store("the flag on \(flag.questionID) was given no id") }
        var stored = flag
        stored.id = id
        stored.created = StoreTime.date(created)
        return stored
    }

    func flags() throws -> [QuestionFlag] {
        try rows("SELECT id, trainee_id, question_id, question_rev, note, created FROM flags ORDER BY id").map
        {
            let (id, trainee, questionID, rev, note, created) = try $0.decode(
                (Int64, Int64, String, Int, String, Int64).self)
            return QuestionFlag(
                id: id, traineeID: trainee, questionID: questionID, questionRev: rev, note: note,
                created: StoreTime.date(created))
        }
    }

    // MARK: Practice figures

    func reviewFigures(trainee: Trainee.ID?, since: Date) throws -> [ReviewFigures] {
        try rows(
            """
            SELECT trainee_id, count(*), count(*) FILTER (WHERE reviewed_at >= \(StoreTime.micros(since))),
                count(*) FILTER (WHERE mode = 'practice'),
                count(*) FILTER (WHERE mode = 'practice' AND correct = 1), max(reviewed_at),
                count(DISTINCT CASE WHEN mode = 'practice' THEN reviewed_at / 86400000000 END)
            FROM review_log WHERE (\(trainee)::bigint IS NULL OR trainee_id = \(trainee)) GROUP BY trainee_id
            """
        ).map { row in
            let (id, reviews, since, practice, correct, last, days) = try row.decode(
                (Int64, Int, Int, Int, Int, Int64?, Int).self)
            return ReviewFigures(
                trainee: id, reviews: reviews, reviewsSince: since, practiceAnswers: practice,
                practiceCorrect: correct, lastReviewed: last.map(StoreTime.date), activeDays: days)
        }
    }

    func cardCounts(trainee: Trainee.ID?) throws -> [(trainee: Trainee.ID, cards: Int)] {
        try rows(
            """
            SELECT trainee_id, count(*) FROM cards WHERE (\(trainee)::bigint IS NULL OR trainee_id = \(trainee))
            GROUP BY trainee_id
            """
        ).map { row in
            let (id, count) = try row.decode((Int64, Int).self)
            return (id, count)
        }
    }

    /// The (question id, revision) pairs as two array parameters, for `unnest`.
    private static func pairArrays(_ pairs: [(id: String, rev: Int)]) -> ([String], [Int64]) {
        (pairs.map(\.id), pairs.map { Int64($0.rev) })
    }

    func cards(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?,
        _ each: (Trainee.ID, String, Card) throws -> Void
    ) throws {
        let (ids, revs) = Self.pairArrays(pairs)
        let found = try rows(
            """
            SELECT trainee_id, question_id, state, step, stability, difficulty, due, last_review FROM cards
            WHERE (question_id, question_rev) IN (SELECT * FROM unnest(\(ids)::text[], \(revs)::bigint[]))
            AND (\(trainee)::bigint IS NULL OR trainee_id = \(trainee))
            """)
        for row in found {
            let (id, questionID, state, step, stability, difficulty, due, lastReview) = try row.decode(
                (Int64, String, Int, Int?, Double?, Double?, Int64, Int64?).self)
            let card = Card(
                state: CardState(rawValue: state) ?? .learning, step: step, stability: stability,
                difficulty: difficulty, due: StoreTime.date(due), lastReview: lastReview.map(StoreTime.date))
            try each(id, questionID, card)
        }
    }

    func dueCounts(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?, now: Date, todayEnd: Date, weekEnd: Date
    ) throws -> [DueCounts] {
        let (ids, revs) = Self.pairArrays(pairs)
        return try rows(
            """
            WITH counted AS (
                SELECT trainee_id, due,
                    (state = 2 AND due < \(StoreTime.micros(todayEnd))) OR (state <> 2 AND due <= \(StoreTime.micros(now)))
                        AS now_due
                FROM cards
                WHERE (question_id, question_rev) IN (SELECT * FROM unnest(\(ids)::text[], \(revs)::bigint[]))
                AND (\(trainee)::bigint IS NULL OR trainee_id = \(trainee)))
            SELECT trainee_id, count(*) FILTER (WHERE now_due),
                count(*) FILTER (WHERE NOT now_due AND due < \(StoreTime.micros(weekEnd)))
            FROM counted GROUP BY trainee_id
            """
        ).map { row in
            let (id, now, week) = try row.decode((Int64, Int, Int).self)
            return DueCounts(trainee: id, dueNow: now, dueWeek: week)
        }
    }

    // MARK: The exam ledger

    private static let ledgerColumns = "seq, attempt, trainee_id, kind, at, body, prev_hash, hash"

    private static func ledgerEntry(_ row: PostgresRow) throws -> LedgerEntry {
        let (seq, attempt, trainee, kindName, at, body, previous, hash) = try row.decode(
            (Int64, String, Int64, String, Int64, String, String, String).self)
        guard let kind = LedgerEntry.Kind(rawValue: kindName) else {
            throw SpacertError.store("exam ledger entry \(seq) has an unknown kind '\(kindName)'")
        }
        return LedgerEntry(
            seq: seq, attempt: attempt, traineeID: trainee, kind: kind, at: StoreTime.date(at), body: body,
            previousHash: previous, hash: hash)
    }

    func ledgerHead() throws -> (seq: Int64, hash: String)? {
        try rows("SELECT seq, hash FROM exam_ledger ORDER BY seq DESC LIMIT 1").first.map {
            try $0.decode((Int64, String).self)
        }
    }

    func insertLedger(_ entry: LedgerEntry, atMicros: Int64) throws {
        try rows(
            """
            INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash)
            VALUES (\(entry.seq), \(entry.attempt), \(entry.traineeID), \(entry.kind.rawValue), \(atMicros),
                \(entry.body), \(entry.previousHash), \(entry.hash))
            """)
    }

    func ledger(attempt: String?, trainee: Trainee.ID?, kind: LedgerEntry.Kind?) throws -> [LedgerEntry] {
        try rows(
            """
            SELECT \(unescaped: Self.ledgerColumns) FROM exam_ledger
            WHERE (\(attempt)::text IS NULL OR attempt = \(attempt))
            AND (\(trainee)::bigint IS NULL OR trainee_id = \(trainee))
            AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
            ORDER BY seq
            """
        ).map(Self.ledgerEntry)
    }

    func newestLedgerEntry() throws -> LedgerEntry? {
        try rows("SELECT \(unescaped: Self.ledgerColumns) FROM exam_ledger ORDER BY seq DESC LIMIT 1").first
            .map(
                Self.ledgerEntry)
    }

    func openAttempts(trainee: Trainee.ID) throws -> [String] {
        try rows(
            """
            SELECT attempt FROM exam_ledger WHERE trainee_id = \(trainee) AND kind = 'start'
            AND attempt NOT IN (SELECT attempt FROM exam_ledger WHERE trainee_id = \(trainee) AND kind = 'result')
            ORDER BY seq
            """
        ).map { try $0.decode(String.self) }
    }

    func traineesWithOpenAttempts() throws -> Set<Trainee.ID> {
        Set(
            try rows(
                """
                SELECT DISTINCT trainee_id FROM exam_ledger AS started WHERE kind = 'start'
                AND NOT EXISTS (SELECT 1 FROM exam_ledger WHERE attempt = started.attempt AND kind = 'result')
                """
            ).map { try $0.decode(Int64.self) })
    }

    func hasResult(attempt: String) throws -> Bool {
        try rows("SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE attempt = \(attempt) AND kind = 'result')")
            .first?.decode(Bool.self) ?? false
    }

    func ledgerContains(hash: String) throws -> Bool {
        try rows("SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE hash = \(hash))").first?.decode(Bool.self)
            ?? false
    }

    /// Walks in pages of ``walkPage`` rows by `seq`, so a long ledger is never held whole.
    func walkLedger(_ each: (LedgerWalkRow) throws -> Void) throws {
        var after = Int64.min
        while true {
            let page = try rows(
                """
                SELECT \(unescaped: Self.ledgerColumns) FROM exam_ledger WHERE seq > \(after)
                ORDER BY seq LIMIT \(Self.walkPage)
                """)
            for row in page {
                let (seq, attempt, trainee, kind, at, body, previous, hash) = try row.decode(
                    (Int64, String, Int64, String, Int64, String, String, String).self)
                var text = body
                try text.withUTF8 { bytes in
                    try each(
                        LedgerWalkRow(
                            seq: seq, attempt: attempt, traineeID: trainee, kind: kind, atMicros: at,
                            previousHash: previous, hash: hash, body: UnsafeRawBufferPointer(bytes)))
                }
                after = seq
            }
            if page.count < Self.walkPage { return }
        }
    }

    /// Ledger rows fetched at a time by ``walkLedger(_:)``.
    static let walkPage: Int64 = 4096

    func checkpoints() throws -> [LedgerCheckpoint] {
        try rows("SELECT seq, head, at, key, signature FROM ledger_checkpoints ORDER BY seq, id").map {
            let (seq, head, at, key, signature) = try $0.decode((Int64, String, Int64, String, String).self)
            return LedgerCheckpoint(seq: seq, head: head, atMicros: at, key: key, signature: signature)
        }
    }

    func insertCheckpoint(_ checkpoint: LedgerCheckpoint) throws {
        try rows(
            """
            INSERT INTO ledger_checkpoints (seq, head, at, key, signature)
            VALUES (\(checkpoint.seq), \(checkpoint.head), \(checkpoint.atMicros), \(checkpoint.key),
                \(checkpoint.signature))
            """)
    }

    // MARK: Certificates

    private static let certificateColumns = "id, trainee_id, attempt, code, issued, expires, document"

    private static func certificate(_ row: PostgresRow) throws -> StoredCertificate {
        let (id, trainee, attempt, code, issued, expires, document) = try row.decode(
            (String, Int64, String, String, Int64, Int64, String).self)
        return StoredCertificate(
            id: id, traineeID: trainee, attempt: attempt, code: code, issued: StoreTime.date(issued),
            expires: StoreTime.date(expires), document: document)
    }

    func certificateExists(id: String) throws -> Bool {
        try rows("SELECT EXISTS (SELECT 1 FROM certificates WHERE id = \(id))").first?.decode(Bool.self)
            ?? false
    }

    func insertCertificate(_ certificate: StoredCertificate) throws {
        try rows(
            """
            INSERT INTO certificates (id, trainee_id, attempt, code, issued, expires, document)
            VALUES (\(certificate.id), \(certificate.traineeID), \(certificate.attempt), \(certificate.code),
                \(StoreTime.micros(certificate.issued)), \(StoreTime.micros(certificate.expires)),
                \(certificate.document))
            """)
    }

    func certificate(id: String) throws -> StoredCertificate? {
        try rows(
            """
            SELECT \(unescaped: Self.certificateColumns) FROM certificates
            WHERE lower(id COLLATE "C") = lower(\(id) COLLATE "C") ORDER BY id COLLATE "C" LIMIT 1
            """
        ).first.map(Self.certificate)
    }

    func certificate(code: String) throws -> StoredCertificate? {
        try rows("SELECT \(unescaped: Self.certificateColumns) FROM certificates WHERE code = \(code)").first
            .map(
                Self.certificate)
    }

    func certificates(trainee: Trainee.ID?) throws -> [StoredCertificate] {
        try rows(
            """
            SELECT \(unescaped: Self.certificateColumns) FROM certificates
            WHERE (\(trainee)::bigint IS NULL OR trainee_id = \(trainee)) ORDER BY issued, id COLLATE "C"
            """
        ).map(Self.certificate)
    }
}
