import Foundation
import GRDB
import SpacertFSRS

/// ``StoreTransaction`` on SQLite: GRDB records (`StoreRecords.swift`) for rows, hand-written
/// cursors where the cohort report and the audit are hot (the ledger walk, the practice figures).
struct GRDBTransaction: StoreTransaction {
    let db: Database

    // MARK: Trainees

    func trainee(named name: String) throws -> Trainee? {
        try TraineeRow.named(name).fetchOne(db)?.trainee
    }

    func trainees(includingArchived: Bool, branch: String?) throws -> [Trainee] {
        try TraineeRow.listed(includingArchived: includingArchived, branch: branch).fetchAll(db).map(
            \.trainee)
    }

    func insertTrainee(name: String, branch: String, created: Date) throws -> Trainee {
        var row = TraineeRow(name: name, created: created, branch: branch)
        try row.insert(db)
        return row.trainee
    }

    func updateTrainee(_ trainee: Trainee) throws {
        try db.execute(
            sql: "UPDATE trainees SET name = ?, branch = ?, archived = ? WHERE id = ?",
            arguments: [trainee.name, trainee.branch, trainee.archived, trainee.id])
    }

    func branchSpelling(_ branch: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT branch FROM trainees WHERE branch = ? LIMIT 1", arguments: [branch])
    }

    func branches() throws -> [(branch: String, trainees: Int)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT min(branch), count(*) FROM trainees WHERE archived = 0
                GROUP BY branch ORDER BY branch
                """
        ).map { ($0[0], $0[1]) }
    }

    // MARK: Practice

    func insertReview(_ entry: ReviewLogEntry, trainee: Trainee.ID) throws -> Int64 {
        var row = ReviewLogRow(entry, trainee: trainee)
        try row.insert(db)
        return row.id!
    }

    func newestReview(trainee: Trainee.ID) throws -> ReviewLogEntry? {
        try ReviewLogRow.filter(ReviewLogRow.Columns.traineeID == trainee)
            .order(ReviewLogRow.Columns.id.desc).fetchOne(db)?.entry()
    }

    func deleteReview(id: Int64) throws {
        _ = try ReviewLogRow.deleteOne(db, key: id)
    }

    func reviews(trainee: Trainee.ID, mode: PracticeMode?, questionID: String?) throws -> [ReviewLogEntry] {
        var request = ReviewLogRow.of(trainee)
        if let mode { request = request.filter(ReviewLogRow.Columns.mode == mode.rawValue) }
        if let questionID { request = request.filter(ReviewLogRow.Columns.questionID == questionID) }
        return try request.fetchAll(db).map { try $0.entry() }
    }

    func cards(trainee: Trainee.ID) throws -> [StoredCard] {
        try CardRow.of(trainee).fetchAll(db).map(\.storedCard)
    }

    func card(trainee: Trainee.ID, questionID: String) throws -> StoredCard? {
        try CardRow.filter(CardRow.Columns.traineeID == trainee && CardRow.Columns.questionID == questionID)
            .fetchOne(db)?.storedCard
    }

    func saveCard(_ card: StoredCard, trainee: Trainee.ID) throws {
        try CardRow(card, trainee: trainee).insert(db, onConflict: .replace)
    }

    func deleteCards(trainee: Trainee.ID, questionID: String?) throws {
        var request = CardRow.filter(CardRow.Columns.traineeID == trainee)
        if let questionID { request = request.filter(CardRow.Columns.questionID == questionID) }
        try request.deleteAll(db)
    }

    func insertFlag(_ flag: QuestionFlag) throws -> QuestionFlag {
        var row = FlagRow(
            id: nil, traineeID: flag.traineeID, questionID: flag.questionID, questionRev: flag.questionRev,
            note: flag.note, created: StoreInstant(flag.created))
        try row.insert(db)
        return row.flag
    }

    func flags() throws -> [QuestionFlag] {
        try FlagRow.order(FlagRow.Columns.id).fetchAll(db).map(\.flag)
    }

    // MARK: Practice figures

    func reviewFigures(trainee: Trainee.ID?, since: Date) throws -> [ReviewFigures] {
        let log = try Row.fetchCursor(
            db,
            sql: """
                SELECT trainee_id, count(*), sum(reviewed_at >= ?), sum(mode = 'practice'),
                    sum(mode = 'practice' AND correct = 1), max(reviewed_at),
                    count(DISTINCT CASE WHEN mode = 'practice' THEN reviewed_at / 86400000000 END)
                FROM review_log WHERE 1 \(trainee == nil ? "" : "AND trainee_id = ?") GROUP BY trainee_id
                """,
            arguments: StatementArguments([StoreTime.micros(since)] + (trainee.map { [$0] } ?? [])))
        var figures: [ReviewFigures] = []
        while let row = try log.next() {
            figures.append(
                ReviewFigures(
                    trainee: row[0], reviews: row[1], reviewsSince: row[2], practiceAnswers: row[3],
                    practiceCorrect: row[4], lastReviewed: (row[5] as Int64?).map(StoreTime.date),
                    activeDays: row[6]))
        }
        return figures
    }

    func cardCounts(trainee: Trainee.ID?) throws -> [(trainee: Trainee.ID, cards: Int)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT trainee_id, count(*) FROM cards WHERE 1 \(trainee == nil ? "" : "AND trainee_id = ?")
                GROUP BY trainee_id
                """,
            arguments: StatementArguments(trainee.map { [$0] } ?? [])
        ).map { ($0[0], $0[1]) }
    }

    func cards(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?,
        _ each: (Trainee.ID, String, Card) throws -> Void
    ) throws {
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT trainee_id, question_id, state, step, stability, difficulty, due, last_review
                FROM cards WHERE (question_id, question_rev) IN (\(Self.pairsFromJSON))
                \(trainee == nil ? "" : "AND trainee_id = ?")
                """,
            arguments: StatementArguments(
                [Self.pairsJSON(pairs)] as [any DatabaseValueConvertible] + (trainee.map { [$0] } ?? [])))
        while let row = try cursor.next() {
            let lastReview: Int64? = row[7]
            let card = Card(
                state: CardState(rawValue: row[2]) ?? .learning, step: row[3], stability: row[4],
                difficulty: row[5], due: StoreTime.date(row[6]), lastReview: lastReview.map(StoreTime.date))
            try each(row[0], row[1], card)
        }
    }

    func dueCounts(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?, now: Date, todayEnd: Date, weekEnd: Date
    ) throws -> [DueCounts] {
        try Row.fetchAll(
            db,
            sql: """
                WITH counted AS (
                    SELECT trainee_id, due, (state = 2 AND due < ?) OR (state <> 2 AND due <= ?) AS now_due
                    FROM cards WHERE (question_id, question_rev) IN (\(Self.pairsFromJSON))
                    \(trainee == nil ? "" : "AND trainee_id = ?"))
                SELECT trainee_id, sum(now_due), sum(NOT now_due AND due < ?)
                FROM counted GROUP BY trainee_id
                """,
            arguments: StatementArguments(
                [StoreTime.micros(todayEnd), StoreTime.micros(now), Self.pairsJSON(pairs)]
                    as [any DatabaseValueConvertible]
                    + (trainee.map { [$0] } ?? []) + [StoreTime.micros(weekEnd)])
        ).map { DueCounts(trainee: $0[0], dueNow: $0[1], dueWeek: $0[2]) }
    }

    /// The (question id, revision) pairs of a JSON argument made by ``pairsJSON(_:)``. Used with
    /// `IN`, which SQLite turns into a temporary index: a join would read the JSON once per card.
    static let pairsFromJSON =
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"

    /// `[["id",rev],...]`: question ids and revisions as one JSON argument for `json_each`.
    static func pairsJSON(_ pairs: [(id: String, rev: Int)]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: pairs.map { [$0.id, $0.rev] as [Any] })
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    // MARK: The exam ledger

    func ledgerHead() throws -> (seq: Int64, hash: String)? {
        try LedgerRow.Head.fetch(db).map { ($0.seq, $0.hash) }
    }

    func insertLedger(_ entry: LedgerEntry, atMicros: Int64) throws {
        try LedgerRow(entry, atMicros: atMicros).insert(db)
    }

    func ledger(attempt: String?, trainee: Trainee.ID?, kind: LedgerEntry.Kind?) throws -> [LedgerEntry] {
        var request = LedgerRow.all()
        if let attempt { request = request.filter(LedgerRow.Columns.attempt == attempt) }
        if let trainee { request = request.filter(LedgerRow.Columns.traineeID == trainee) }
        if let kind { request = request.filter(LedgerRow.Columns.kind == kind.rawValue) }
        return try request.order(LedgerRow.Columns.seq).fetchAll(db).map { try $0.entry() }
    }

    func newestLedgerEntry() throws -> LedgerEntry? {
        try LedgerRow.newestFirst.fetchOne(db)?.entry()
    }

    func openAttempts(trainee: Trainee.ID) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'start'
                AND attempt NOT IN (SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'result')
                ORDER BY seq
                """,
            arguments: [trainee, trainee])
    }

    func traineesWithOpenAttempts() throws -> Set<Trainee.ID> {
        Set(
            try Trainee.ID.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT trainee_id FROM exam_ledger AS started WHERE kind = 'start'
                    AND NOT EXISTS (
                        SELECT 1 FROM exam_ledger WHERE attempt = started.attempt AND kind = 'result')
                    """))
    }

    func hasResult(attempt: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE attempt = ? AND kind = 'result')",
            arguments: [attempt]) ?? false
    }

    func ledgerContains(hash: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE hash = ?)", arguments: [hash]) ?? false
    }

    func walkLedger(_ each: (LedgerWalkRow) throws -> Void) throws {
        let cursor = try Row.fetchCursor(
            db,
            sql:
                "SELECT seq, attempt, trainee_id, kind, at, body, prev_hash, hash FROM exam_ledger ORDER BY seq"
        )
        while let row = try cursor.next() {
            try row.withUnsafeData(atIndex: 5) { data in
                try (data ?? Data()).withUnsafeBytes { bytes in
                    try each(
                        LedgerWalkRow(
                            seq: row[0], attempt: row[1], traineeID: row[2], kind: row[3], atMicros: row[4],
                            previousHash: row[6], hash: row[7], body: bytes))
                }
            }
        }
    }

    func checkpoints() throws -> [LedgerCheckpoint] {
        try CheckpointRow.bySeq.fetchAll(db).map(\.checkpoint)
    }

    func insertCheckpoint(_ checkpoint: LedgerCheckpoint) throws {
        try CheckpointRow(checkpoint).insert(db)
    }

    // MARK: Certificates

    func certificateExists(id: String) throws -> Bool {
        try CertificateRow.exists(db, key: id)
    }

    func insertCertificate(_ certificate: StoredCertificate) throws {
        try CertificateRow(certificate).insert(db)
    }

    func certificate(id: String) throws -> StoredCertificate? {
        try CertificateRow.filter(CertificateRow.Columns.id.collating(.nocase) == id).fetchOne(db)?.stored
    }

    func certificate(code: String) throws -> StoredCertificate? {
        try CertificateRow.filter(CertificateRow.Columns.code == code).fetchOne(db)?.stored
    }

    func certificates(trainee: Trainee.ID?) throws -> [StoredCertificate] {
        var request = CertificateRow.byIssue
        if let trainee { request = request.filter(CertificateRow.Columns.traineeID == trainee) }
        return try request.fetchAll(db).map(\.stored)
    }
}
