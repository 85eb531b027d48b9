import Foundation
import GRDB
import SpacertFSRS

// GRDB records for the rows of every table the store code reads and writes (trainees, cards,
// review log, flags, exam ledger, ledger checkpoints, certificates): the columns are the coding
// keys, so GRDB reads and writes them (FetchableRecord, PersistableRecord) and the store code
// works with values. The schema is the migrations' (StoreSchema); these types follow it.
// Enumerations (card state, rating, mode, ledger kind) are kept as the stored number or text
// and checked when a row becomes a value, so a bad row gets the store's own error.
//
// Some readers stay hand-written row cursors, because the cohort report and audit benchmarks
// show them hot: the ledger walk (LedgerCheck) with ExamResultReader, and the practice
// standing's passes over the review log and the cards (ProgressStore+Standing).

/// A time in a store column: whole microseconds since 1970 UTC in an INTEGER, through
/// ``StoreTime``. The microseconds are kept as read, so a ledger row's hash input (`at`) is the
/// stored number itself, never a Date converted back.
struct StoreInstant: Hashable, Sendable, Codable, DatabaseValueConvertible {
    var micros: Int64

    init(micros: Int64) {
        self.micros = micros
    }

    /// The date rounded to a whole microsecond.
    init(_ date: Date) {
        micros = StoreTime.micros(date)
    }

    var date: Date { StoreTime.date(micros) }

    var databaseValue: DatabaseValue { micros.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoreInstant? {
        Int64.fromDatabaseValue(dbValue).map(StoreInstant.init(micros:))
    }

    init(from decoder: any Decoder) throws {
        micros = try decoder.singleValueContainer().decode(Int64.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(micros)
    }
}

/// A row of `cards`: one trainee's ``StoredCard``.
struct CardRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cards"

    var traineeID: Int64
    var questionID: String
    var questionRev: Int
    var state: Int
    var step: Int?
    var stability: Double?
    var difficulty: Double?
    var due: StoreInstant
    var lastReview: StoreInstant?
    var reps: Int
    var lapses: Int
    var introduced: StoreInstant

    enum CodingKeys: String, CodingKey, CaseIterable {
        case traineeID = "trainee_id"
        case questionID = "question_id"
        case questionRev = "question_rev"
        case state, step, stability, difficulty, due
        case lastReview = "last_review"
        case reps, lapses, introduced
    }

    enum Columns {
        static let traineeID = Column(CodingKeys.traineeID)
        static let questionID = Column(CodingKeys.questionID)
    }

    init(_ card: StoredCard, trainee: Trainee.ID) {
        traineeID = trainee
        questionID = card.questionID
        questionRev = card.questionRev
        state = card.card.state.rawValue
        step = card.card.step
        stability = card.card.stability
        difficulty = card.card.difficulty
        due = StoreInstant(card.card.due)
        lastReview = card.card.lastReview.map(StoreInstant.init)
        reps = card.reps
        lapses = card.lapses
        introduced = StoreInstant(card.introduced)
    }

    /// The trainee's cards, by question.
    static func of(_ trainee: Trainee.ID) -> QueryInterfaceRequest<CardRow> {
        filter(Columns.traineeID == trainee).order(Columns.questionID)
    }

    /// The card as the store code uses it (a state the schema cannot hold reads as learning).
    var storedCard: StoredCard {
        StoredCard(
            questionID: questionID, questionRev: questionRev,
            card: Card(
                state: CardState(rawValue: state) ?? .learning, step: step, stability: stability,
                difficulty: difficulty, due: due.date, lastReview: lastReview?.date),
            reps: reps, lapses: lapses, introduced: introduced.date)
    }
}

/// A row of the append-only `review_log`: one ``ReviewLogEntry`` of one trainee.
///
/// Mutable only so that inserting gives it the row's `id` (`didInsert`); rows are never updated.
struct ReviewLogRow: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "review_log"

    var id: Int64?
    var traineeID: Int64
    var questionID: String
    var questionRev: Int
    var answer: String
    var shownOrder: String
    var correct: Bool
    var score: Double
    var rating: Int
    var reviewedAt: StoreInstant
    var durationMilliseconds: Int
    var mode: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case traineeID = "trainee_id"
        case questionID = "question_id"
        case questionRev = "question_rev"
        case answer
        case shownOrder = "shown_order"
        case correct, score, rating
        case reviewedAt = "reviewed_at"
        case durationMilliseconds = "duration_ms"
        case mode
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let traineeID = Column(CodingKeys.traineeID)
        static let questionID = Column(CodingKeys.questionID)
        static let mode = Column(CodingKeys.mode)
    }

    init(_ entry: ReviewLogEntry, trainee: Trainee.ID) {
        id = entry.id
        traineeID = trainee
        questionID = entry.questionID
        questionRev = entry.questionRev
        answer = entry.given
        shownOrder = entry.shownOrder
        correct = entry.correct
        score = entry.score
        rating = entry.rating.rawValue
        reviewedAt = StoreInstant(entry.reviewedAt)
        durationMilliseconds = entry.durationMilliseconds
        mode = entry.mode.rawValue
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The trainee's answers, oldest first.
    static func of(_ trainee: Trainee.ID) -> QueryInterfaceRequest<ReviewLogRow> {
        filter(Columns.traineeID == trainee).order(Columns.id)
    }

    /// The entry, or an error naming the row when its rating or mode is not one spacert knows.
    func entry() throws -> ReviewLogEntry {
        guard let rating = Rating(rawValue: rating), let mode = PracticeMode(rawValue: mode) else {
            throw SpacertError.store(
                "review log row \(id ?? 0) has rating \(rating), mode '\(mode)'")
        }
        return ReviewLogEntry(
            id: id, questionID: questionID, questionRev: questionRev, given: answer,
            shownOrder: shownOrder,
            correct: correct, score: score, rating: rating, reviewedAt: reviewedAt.date,
            durationMilliseconds: durationMilliseconds, mode: mode)
    }
}

/// A row of the hash-chained, append-only `exam_ledger`: one ``LedgerEntry``.
///
/// The audit and the exam-result readers walk the whole ledger with a row cursor of their own
/// (``LedgerCheck``), hashing each body's bytes where they lie; this record serves the rest.
struct LedgerRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "exam_ledger"

    var seq: Int64
    var attempt: String
    var traineeID: Int64
    var kind: String
    var at: StoreInstant
    var body: String
    var previousHash: String
    var hash: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case seq, attempt
        case traineeID = "trainee_id"
        case kind, at, body
        case previousHash = "prev_hash"
        case hash
    }

    enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let attempt = Column(CodingKeys.attempt)
        static let traineeID = Column(CodingKeys.traineeID)
        static let kind = Column(CodingKeys.kind)
        static let hash = Column(CodingKeys.hash)
    }

    /// The newest row's place and hash: all that appending a row reads, so a row after it is
    /// chained even when another column of it was tampered with (the audit reports that).
    struct Head: Decodable, FetchableRecord {
        var seq: Int64
        var hash: String

        static func fetch(_ db: Database) throws -> Head? {
            try LedgerRow.newestFirst.select(Columns.seq, Columns.hash).asRequest(of: Head.self).fetchOne(
                db)
        }
    }

    /// The row after `previous` (nil for the first): its place, and its hash over every column
    /// (``LedgerEntry/chainHash(previous:seq:attempt:traineeID:kind:atMicros:body:)``).
    init(
        after previous: Head?, attempt: String, trainee: Trainee.ID, kind: LedgerEntry.Kind,
        at time: StoreInstant, body: String
    ) {
        seq = (previous?.seq ?? 0) + 1
        self.attempt = attempt
        traineeID = trainee
        self.kind = kind.rawValue
        at = time
        self.body = body
        previousHash = previous?.hash ?? LedgerEntry.genesis
        hash = LedgerEntry.chainHash(
            previous: previousHash, seq: seq, attempt: attempt, traineeID: trainee, kind: kind,
            atMicros: time.micros, body: body)
    }

    /// The newest row first.
    static var newestFirst: QueryInterfaceRequest<LedgerRow> { order(Columns.seq.desc) }

    /// The entry, or an error naming the row when its kind is not one spacert knows.
    func entry() throws -> LedgerEntry {
        guard let kind = LedgerEntry.Kind(rawValue: kind) else {
            throw SpacertError.store("exam ledger entry \(seq) has an unknown kind '\(kind)'")
        }
        return LedgerEntry(
            seq: seq, attempt: attempt, traineeID: traineeID, kind: kind, at: at.date, body: body,
            previousHash: previousHash, hash: hash)
    }
}

/// A row of `trainees`: one ``Trainee``.
///
/// Mutable only so that inserting gives it the row's `id` (`didInsert`).
struct TraineeRow: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "trainees"

    var id: Int64?
    var name: String
    var created: StoreInstant
    var archived: Bool
    var branch: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, created, archived, branch
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let archived = Column(CodingKeys.archived)
        static let branch = Column(CodingKeys.branch)
    }

    /// A trainee not yet stored, added at `time` (to the microsecond) to `branch`, not archived.
    init(name: String, created time: Date, branch: String = Trainee.defaultBranch) {
        id = nil
        self.name = name
        created = StoreInstant(time)
        archived = false
        self.branch = branch
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The trainee with this name: the column compares ignoring ASCII case.
    static func named(_ name: String) -> QueryInterfaceRequest<TraineeRow> {
        filter(Columns.name == name)
    }

    /// Trainees by name (then by id); archived ones only when asked for; of one branch (the
    /// column compares ignoring ASCII case) when one is given.
    static func listed(includingArchived: Bool, branch: String? = nil) -> QueryInterfaceRequest<TraineeRow> {
        var request = includingArchived ? all() : filter(Columns.archived == false)
        if let branch { request = request.filter(Columns.branch == branch) }
        return request.order(Columns.name, Columns.id)
    }

    var trainee: Trainee {
        Trainee(id: id ?? 0, name: name, created: created.date, archived: archived, branch: branch)
    }
}

/// A row of `flags`: one ``QuestionFlag``.
///
/// Mutable only so that inserting gives it the row's `id` (`didInsert`).
struct FlagRow: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "flags"

    var id: Int64?
    var traineeID: Int64
    var questionID: String
    var questionRev: Int
    var note: String
    var created: StoreInstant

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case traineeID = "trainee_id"
        case questionID = "question_id"
        case questionRev = "question_rev"
        case note, created
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var flag: QuestionFlag {
        QuestionFlag(
            id: id ?? 0, traineeID: traineeID, questionID: questionID, questionRev: questionRev,
            note: note, created: created.date)
    }
}

/// A row of the append-only `ledger_checkpoints`: one ``LedgerCheckpoint``.
struct CheckpointRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ledger_checkpoints"

    /// Nil until stored; SQLite numbers the rows.
    var id: Int64?
    var seq: Int64
    var head: String
    var at: StoreInstant
    var key: String
    var signature: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, seq, head, at, key, signature
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let seq = Column(CodingKeys.seq)
    }

    init(_ checkpoint: LedgerCheckpoint) {
        id = nil
        seq = checkpoint.seq
        head = checkpoint.head
        at = StoreInstant(micros: checkpoint.atMicros)
        key = checkpoint.key
        signature = checkpoint.signature
    }

    /// Every checkpoint, by the entry it signs (then in the order they were made).
    static var bySeq: QueryInterfaceRequest<CheckpointRow> { order(Columns.seq, Columns.id) }

    var checkpoint: LedgerCheckpoint {
        LedgerCheckpoint(seq: seq, head: head, atMicros: at.micros, key: key, signature: signature)
    }
}

/// A row of `certificates`, kept as issued: one ``StoredCertificate``.
struct CertificateRow: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "certificates"

    var id: String
    var traineeID: Int64
    var attempt: String
    var code: String
    var issued: StoreInstant
    var expires: StoreInstant
    var document: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case traineeID = "trainee_id"
        case attempt, code, issued, expires, document
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let traineeID = Column(CodingKeys.traineeID)
        static let code = Column(CodingKeys.code)
        static let issued = Column(CodingKeys.issued)
    }

    init(_ signed: SignedCertificate, trainee: Trainee.ID) {
        let certificate = signed.certificate
        id = certificate.id
        traineeID = trainee
        attempt = certificate.attemptID
        code = VerificationCode.make(for: signed)
        issued = StoreInstant(certificate.issued)
        expires = StoreInstant(certificate.expires)
        document = signed.document
    }

    /// Oldest first (then by id).
    static var byIssue: QueryInterfaceRequest<CertificateRow> { order(Columns.issued, Columns.id) }

    var stored: StoredCertificate {
        StoredCertificate(
            id: id, traineeID: traineeID, attempt: attempt, code: code, issued: issued.date,
            expires: expires.date, document: document)
    }
}
