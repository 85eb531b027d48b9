import Foundation
import SpacertFSRS

/// The store's engine, below ``ProgressStore``: SQLite through GRDB (``SQLiteEngine``, the
/// default) or a PostgreSQL server. Everything above it (the queue, the exam, the grader, the
/// reports) goes through ``ProgressStore`` and its ``StoreTransaction``s, never knowing which
/// engine is underneath.
protocol StoreEngine: Sendable {
    /// The store as the user named it, for messages (a path, or a database address without
    /// any password).
    var name: String { get }

    /// Runs `body` in one read transaction (one consistent view of the store).
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Runs `body` in one write transaction, all or nothing. `scope` says what the writes must
    /// not race with: an engine that serializes every write (SQLite) may ignore it; a server
    /// takes that lock before `body` runs, so what `body` reads stays true until the commit.
    func write<T>(_ scope: WriteScope, _ body: (any StoreTransaction) throws -> T) throws -> T

    // MARK: Copying and migrating (`spacert store`)

    /// The engine, for people: "SQLite" or "PostgreSQL".
    var engineName: String { get }
    /// The schema version the store was at when it was opened, before any migration (0: new).
    var versionAtOpening: Int { get }
    /// The schema version the store is at now.
    func schemaVersion() throws -> Int
}

/// What a write transaction must be alone with, from the narrowest.
enum WriteScope: Sendable, Hashable {
    /// One trainee's practice: their review log and cards.
    case trainee(Trainee.ID)
    /// The exam ledger and its checkpoints: one hash chain, one writer at a time.
    case ledger
    /// Anything else: trainees, flags, certificates.
    case store
}

/// One transaction's operations on the store's tables: the only place SQL is written. Each
/// engine implements every operation with the same meaning; the store code above composes them.
///
/// Lists are ordered as each operation says, so both engines give the same output.
protocol StoreTransaction {
    // MARK: Trainees

    /// The trainee with this name, ignoring ASCII case.
    func trainee(named name: String) throws -> Trainee?
    /// Trainees by name, then id; archived ones only when asked; of one branch (ignoring ASCII
    /// case) when given.
    func trainees(includingArchived: Bool, branch: String?) throws -> [Trainee]
    /// Stores a new trainee, not archived, and returns it with its id.
    func insertTrainee(name: String, branch: String, created: Date) throws -> Trainee
    /// Writes the trainee's name, branch and archived flag.
    func updateTrainee(_ trainee: Trainee) throws
    /// The spelling a branch already has in the store (ignoring ASCII case), if any trainee is in it.
    func branchSpelling(_ branch: String) throws -> String?
    /// Branches of trainees not archived, with how many, by name.
    func branches() throws -> [(branch: String, trainees: Int)]

    // MARK: Practice

    /// Appends an answer to the review log; returns its id.
    func insertReview(_ entry: ReviewLogEntry, trainee: Trainee.ID) throws -> Int64
    /// The trainee's newest answer.
    func newestReview(trainee: Trainee.ID) throws -> ReviewLogEntry?
    /// Deletes one answer of the review log.
    func deleteReview(id: Int64) throws
    /// The trainee's answers, oldest first; of one mode and one question when given.
    func reviews(trainee: Trainee.ID, mode: PracticeMode?, questionID: String?) throws -> [ReviewLogEntry]
    /// The trainee's cards, by question.
    func cards(trainee: Trainee.ID) throws -> [StoredCard]
    /// The trainee's card of one question.
    func card(trainee: Trainee.ID, questionID: String) throws -> StoredCard?
    /// Writes the card, replacing the trainee's card of that question.
    func saveCard(_ card: StoredCard, trainee: Trainee.ID) throws
    /// Deletes the trainee's cards: of one question, or all.
    func deleteCards(trainee: Trainee.ID, questionID: String?) throws
    /// Stores a flag and returns it with its id.
    func insertFlag(_ flag: QuestionFlag) throws -> QuestionFlag
    /// Every flag, oldest first.
    func flags() throws -> [QuestionFlag]

    // MARK: Practice figures (whole cohorts in a few passes)

    /// Review-log figures per trainee (of one trainee when given); `since` bounds the
    /// recent-answer count.
    func reviewFigures(trainee: Trainee.ID?, since: Date) throws -> [ReviewFigures]
    /// How many cards each trainee has (of one trainee when given).
    func cardCounts(trainee: Trainee.ID?) throws -> [(trainee: Trainee.ID, cards: Int)]
    /// Every card at one of these (question, revision) pairs (of one trainee when given), in no
    /// particular order, as `each(trainee, question, card)`.
    func cards(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?,
        _ each: (Trainee.ID, String, Card) throws -> Void
    ) throws
    /// Per trainee, cards at these (question, revision) pairs due by `dueNow` (learning and
    /// relearning cards by `now`; review cards before the end of today, `todayEnd`) and due
    /// later, before `weekEnd`, as ``DueCounts``.
    func dueCounts(
        at pairs: [(id: String, rev: Int)], trainee: Trainee.ID?, now: Date, todayEnd: Date, weekEnd: Date
    ) throws -> [DueCounts]

    // MARK: The exam ledger

    /// The newest row's place and hash.
    func ledgerHead() throws -> (seq: Int64, hash: String)?
    /// Appends a row (made by ``LedgerEntry/next(after:attempt:trainee:kind:atMicros:body:)``);
    /// `atMicros` is its time exactly as hashed.
    func insertLedger(_ entry: LedgerEntry, atMicros: Int64) throws
    /// Rows oldest first, narrowed by whatever is given.
    func ledger(attempt: String?, trainee: Trainee.ID?, kind: LedgerEntry.Kind?) throws -> [LedgerEntry]
    /// The newest row.
    func newestLedgerEntry() throws -> LedgerEntry?
    /// Attempts of the trainee that started and have no result, oldest first.
    func openAttempts(trainee: Trainee.ID) throws -> [String]
    /// Trainees with an attempt started and not finished.
    func traineesWithOpenAttempts() throws -> Set<Trainee.ID>
    /// Whether the attempt has its result.
    func hasResult(attempt: String) throws -> Bool
    /// Whether a row with this hash is in the ledger.
    func ledgerContains(hash: String) throws -> Bool
    /// Every row in `seq` order, each lent to `each` for the call only.
    func walkLedger(_ each: (LedgerWalkRow) throws -> Void) throws
    /// Every checkpoint, by the entry it signs, then in the order made.
    func checkpoints() throws -> [LedgerCheckpoint]
    /// Appends a checkpoint.
    func insertCheckpoint(_ checkpoint: LedgerCheckpoint) throws

    // MARK: Certificates

    /// Whether a certificate with exactly this id is kept.
    func certificateExists(id: String) throws -> Bool
    /// Keeps a certificate.
    func insertCertificate(_ certificate: StoredCertificate) throws
    /// The certificate with this id, ignoring ASCII case.
    func certificate(id: String) throws -> StoredCertificate?
    /// The certificate with this verification code.
    func certificate(code: String) throws -> StoredCertificate?
    /// Certificates oldest first (then by id): the trainee's, or everyone's.
    func certificates(trainee: Trainee.ID?) throws -> [StoredCertificate]

    // MARK: Copying (`spacert store copy`; rows as stored, see StoreCopy.swift)

    /// How many rows each table holds.
    func rowCounts() throws -> StoreRowCounts
    /// Every row of the store exactly as stored, table by table (parents first, the ledger in
    /// `seq` order), lent to `each` at most `batchSize` rows at a time: never the whole store at once.
    func exportRows(batchSize: Int, _ each: (StoreRowBatch) throws -> Void) throws
    /// Inserts rows exactly as given, their ids, sequence numbers and times kept.
    func importRows(_ batch: StoreRowBatch) throws
    /// After ``importRows(_:)``: the store's id generators continue past every id copied.
    func finishImport() throws
}

/// One trainee's review-log figures, as ``StoreTransaction/reviewFigures(trainee:since:)``
/// reads them in one pass.
struct ReviewFigures: Sendable, Hashable {
    var trainee: Trainee.ID
    var reviews: Int
    var reviewsSince: Int
    var practiceAnswers: Int
    var practiceCorrect: Int
    var lastReviewed: Date?
    /// Days (UTC) with a practice answer.
    var activeDays: Int
}

/// One trainee's cards due now and in the coming week.
struct DueCounts: Sendable, Hashable {
    var trainee: Trainee.ID
    var dueNow: Int
    var dueWeek: Int
}

/// A ledger row as the walk lends it: the columns every reader of the ledger hashes and checks,
/// the body's bytes valid only for the call.
struct LedgerWalkRow {
    var seq: Int64
    var attempt: String
    var traineeID: Int64
    var kind: String
    var atMicros: Int64
    var previousHash: String
    var hash: String
    var body: UnsafeRawBufferPointer
}
