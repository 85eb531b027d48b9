import Foundation
import GRDB

/// The exam ledger: append-only, hash-chained rows for every exam event.
extension ProgressStore {
    /// Appends one row in its own transaction and returns it; with a `signer`, a signed
    /// checkpoint of the row goes with it (and its copy outside the store after the commit).
    @discardableResult
    public func appendLedger(
        attempt: String, trainee: Trainee.ID, kind: LedgerEntry.Kind, at time: Date, body: String,
        signer: LedgerSigner? = nil
    ) throws -> LedgerEntry {
        let (entry, checkpoint) = try write { db in
            let entry = try Self.appendLedger(
                attempt: attempt, trainee: trainee, kind: kind, at: time, body: body, db)
            return (entry, try Self.checkpoint(entry, signer: signer, at: time, db))
        }
        try Self.publish(checkpoint, signer: signer)
        return entry
    }

    /// Signs the head `entry` and appends the checkpoint inside the caller's write transaction.
    static func checkpoint(_ entry: LedgerEntry, signer: LedgerSigner?, at time: Date, _ db: Database)
        throws
        -> LedgerCheckpoint?
    {
        guard let signer else { return nil }
        let checkpoint = try LedgerCheckpoint.sign(
            seq: entry.seq, head: entry.hash, at: time, key: signer.key)
        try CheckpointRow(checkpoint).insert(db)
        return checkpoint
    }

    /// Writes a committed checkpoint's copy outside the store.
    static func publish(_ checkpoint: LedgerCheckpoint?, signer: LedgerSigner?) throws {
        guard let checkpoint, let signer else { return }
        try checkpoint.writeOutside(path: signer.outsidePath)
    }

    /// Signs the ledger's head as it is now (`spacert audit --checkpoint`); nil for an empty
    /// ledger.
    @discardableResult
    public func appendCheckpoint(signer: LedgerSigner, at time: Date) throws -> LedgerCheckpoint? {
        let checkpoint = try write { db -> LedgerCheckpoint? in
            guard let last = try Self.newestEntry(db) else { return nil }
            return try Self.checkpoint(last, signer: signer, at: time, db)
        }
        try Self.publish(checkpoint, signer: signer)
        return checkpoint
    }

    /// The newest ledger row.
    static func newestEntry(_ db: Database) throws -> LedgerEntry? {
        try LedgerRow.newestFirst.fetchOne(db)?.entry()
    }

    /// Appends one row inside the caller's write transaction, chained to the newest row.
    @discardableResult
    static func appendLedger(
        attempt: String, trainee: Trainee.ID, kind: LedgerEntry.Kind, at time: Date, body: String,
        _ db: Database
    ) throws -> LedgerEntry {
        let row = LedgerRow(
            after: try LedgerRow.Head.fetch(db), attempt: attempt, trainee: trainee, kind: kind,
            at: StoreInstant(time), body: body)
        try row.insert(db)
        return try row.entry()
    }

    /// Every row of one attempt, oldest first.
    public func ledger(attempt: String) throws -> [LedgerEntry] {
        try read { db in
            try LedgerRow.filter(LedgerRow.Columns.attempt == attempt).order(LedgerRow.Columns.seq)
                .fetchAll(db).map { try $0.entry() }
        }
    }

    /// The trainee's rows of one kind, oldest first.
    public func ledger(trainee: Trainee.ID, kind: LedgerEntry.Kind) throws -> [LedgerEntry] {
        try read { db in try Self.ledger(db, trainee: trainee, kind: kind) }
    }

    static func ledger(_ db: Database, trainee: Trainee.ID, kind: LedgerEntry.Kind) throws
        -> [LedgerEntry]
    {
        try LedgerRow.filter(
            LedgerRow.Columns.traineeID == trainee && LedgerRow.Columns.kind == kind.rawValue
        )
        .order(LedgerRow.Columns.seq).fetchAll(db).map { try $0.entry() }
    }

    /// Attempts of the trainee that started and have no result yet, oldest first (the store
    /// keeps at most one open since version 4; an older ledger may hold more).
    public func openAttempts(trainee: Trainee.ID) throws -> [String] {
        try read { db in try Self.openAttempts(db, trainee: trainee) }
    }

    static func openAttempts(_ db: Database, trainee: Trainee.ID) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'start'
                AND attempt NOT IN (SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'result')
                ORDER BY seq
                """,
            arguments: [trainee, trainee])
    }

    /// Trainees with an attempt started and not finished, in one read (for a cohort).
    static func traineesWithOpenAttempts(_ db: Database) throws -> Set<Trainee.ID> {
        Set(
            try Trainee.ID.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT trainee_id FROM exam_ledger AS started WHERE kind = 'start'
                    AND NOT EXISTS (
                        SELECT 1 FROM exam_ledger WHERE attempt = started.attempt AND kind = 'result')
                    """))
    }

    /// Whether attempt `attempt` has its result.
    static func hasResult(_ db: Database, attempt: String) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE attempt = ? AND kind = 'result')",
            arguments: [attempt]) ?? false
    }
}

extension ProgressStore {
    /// Whether a row with this hash is in the ledger.
    public func ledgerContains(hash: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE hash = ?)", arguments: [hash])
                ?? false
        }
    }
}

/// A grant's ledger body. `attempts` and `waiveWait` are absent in grants recorded before
/// grants said what they do.
struct GrantBody: Codable {
    var trainee: String
    var note: String
    var attempts: Int?
    var waiveWait: Bool?
}

extension ProgressStore {
    /// Records a manager's grant in the ledger with its note: `attempts` more attempts than
    /// the policy allows (until the next pass), and, with `waiveWait`, no wait after the failed
    /// attempts made so far. At least one effect must be asked for.
    @discardableResult
    public func grantAttempts(
        trainee: Trainee, attempts: Int, waiveWait: Bool, note: String, at time: Date,
        signer: LedgerSigner? = nil
    ) throws -> ExamGrant {
        guard attempts >= 0, attempts <= 100 else {
            throw SpacertError.invalidInput("--attempts is \(attempts); give 0 to 100 further attempts")
        }
        guard attempts > 0 || waiveWait else {
            throw SpacertError.invalidInput(
                "a grant must do something: give --attempts N (further attempts) and/or --waive-wait")
        }
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw SpacertError.invalidInput(
                "--note must say why the grant is given (it is kept in the ledger)")
        }
        guard trimmed.count <= 500 else {
            throw SpacertError.invalidInput("--note is \(trimmed.count) characters; at most 500 are kept")
        }
        let at = ExamCoding.milliseconds(time)
        try appendLedger(
            attempt: "grant", trainee: trainee.id, kind: .grant, at: at,
            body: try ExamCoding.encode(
                GrantBody(trainee: trainee.name, note: trimmed, attempts: attempts, waiveWait: waiveWait)),
            signer: signer)
        return ExamGrant(at: at, attempts: attempts, waiveWait: waiveWait, note: trimmed)
    }

    /// The trainee's grants, oldest first.
    public func examGrants(trainee: Trainee.ID) throws -> [ExamGrant] {
        try read { db in try Self.examGrants(db, trainee: trainee) }
    }

    static func examGrants(_ db: Database, trainee: Trainee.ID) throws -> [ExamGrant] {
        try ledger(db, trainee: trainee, kind: .grant).map(grant)
    }

    /// Every trainee's grants, oldest first, in one read (for a cohort).
    static func examGrantsByTrainee(_ db: Database) throws -> [Trainee.ID: [ExamGrant]] {
        var grants: [Trainee.ID: [ExamGrant]] = [:]
        let rows = try LedgerRow.filter(LedgerRow.Columns.kind == LedgerEntry.Kind.grant.rawValue)
            .order(LedgerRow.Columns.seq).fetchCursor(db)
        while let row = try rows.next() {
            let entry = try row.entry()
            grants[entry.traineeID, default: []].append(try grant(entry))
        }
        return grants
    }

    /// A grant as its ledger entry records it.
    private static func grant(_ entry: LedgerEntry) throws -> ExamGrant {
        let body = try ExamCoding.decode(GrantBody.self, from: entry.body)
        return ExamGrant(
            at: entry.at, attempts: body.attempts, waiveWait: body.waiveWait ?? false, note: body.note)
    }
}
