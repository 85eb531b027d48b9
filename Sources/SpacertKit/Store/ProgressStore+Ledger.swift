import Foundation
import GRDB

/// The exam ledger: append-only, hash-chained rows for every exam event.
extension ProgressStore {
    /// Appends one row in its own transaction and returns it.
    @discardableResult
    public func appendLedger(
        attempt: String, trainee: Trainee.ID, kind: LedgerEntry.Kind, at time: Date, body: String
    ) throws -> LedgerEntry {
        try write { db in
            try Self.appendLedger(attempt: attempt, trainee: trainee, kind: kind, at: time, body: body, db)
        }
    }

    /// Appends one row inside the caller's write transaction, chained to the newest row.
    static func appendLedger(
        attempt: String, trainee: Trainee.ID, kind: LedgerEntry.Kind, at time: Date, body: String,
        _ db: Database
    ) throws -> LedgerEntry {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM exam_ledger ORDER BY seq DESC LIMIT 1")
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let previous: String = last?["hash"] ?? LedgerEntry.genesis
        let micros = StoreTime.micros(time)
        let hash = LedgerEntry.chainHash(
            previous: previous, seq: seq, attempt: attempt, traineeID: trainee, kind: kind, atMicros: micros,
            body: body)
        try db.execute(
            sql: """
                INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [seq, attempt, trainee, kind.rawValue, micros, body, previous, hash])
        return LedgerEntry(
            seq: seq, attempt: attempt, traineeID: trainee, kind: kind, at: StoreTime.date(micros),
            body: body, previousHash: previous, hash: hash)
    }

    /// Every row of one attempt, oldest first.
    public func ledger(attempt: String) throws -> [LedgerEntry] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM exam_ledger WHERE attempt = ? ORDER BY seq", arguments: [attempt]
            ).map(Self.ledgerEntry(from:))
        }
    }

    /// The trainee's rows of one kind, oldest first.
    public func ledger(trainee: Trainee.ID, kind: LedgerEntry.Kind) throws -> [LedgerEntry] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM exam_ledger WHERE trainee_id = ? AND kind = ? ORDER BY seq",
                arguments: [trainee, kind.rawValue]
            ).map(Self.ledgerEntry(from:))
        }
    }

    /// Graded attempts, oldest first: the trainee's, or everyone's.
    public func examResults(trainee: Trainee.ID? = nil) throws -> [ExamResult] {
        let bodies = try read { db in
            if let trainee {
                return try String.fetchAll(
                    db,
                    sql: "SELECT body FROM exam_ledger WHERE trainee_id = ? AND kind = 'result' ORDER BY seq",
                    arguments: [trainee])
            }
            return try String.fetchAll(
                db, sql: "SELECT body FROM exam_ledger WHERE kind = 'result' ORDER BY seq")
        }
        return try bodies.map { try ExamCoding.decode(ExamResult.self, from: $0) }
    }

    /// Attempts of the trainee that started and have no result yet, oldest first.
    public func openAttempts(trainee: Trainee.ID) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'start'
                    AND attempt NOT IN (SELECT attempt FROM exam_ledger WHERE trainee_id = ? AND kind = 'result')
                    ORDER BY seq
                    """,
                arguments: [trainee, trainee])
        }
    }

    /// Walks the whole ledger and recomputes every link: an edited, deleted or inserted row,
    /// or a body that no longer reads, is a problem at the row where the chain breaks.
    public func auditLedger() throws -> LedgerAudit {
        try read { db in
            var problems: [LedgerAudit.Problem] = []
            var previous = LedgerEntry.genesis
            var expectedSeq: Int64 = 1
            var entries = 0
            var attempts = Set<String>()
            var results = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM exam_ledger ORDER BY seq")
            while let row = try cursor.next() {
                entries += 1
                let seq: Int64 = row["seq"]
                let kindText: String = row["kind"]
                let attempt: String = row["attempt"]
                let stored: String = row["hash"]
                let storedPrevious: String = row["prev_hash"]
                let place = "entry \(seq) (attempt \(attempt), \(kindText))"
                if seq != expectedSeq {
                    problems.append(
                        .init(
                            seq: seq,
                            message: seq > expectedSeq
                                ? "entries \(expectedSeq) to \(seq - 1) are missing: rows were deleted"
                                : "\(place) is out of sequence"))
                }
                if storedPrevious != previous {
                    problems.append(
                        .init(
                            seq: seq,
                            message: "\(place) does not follow the entry before it: a row before it was "
                                + "altered, deleted or inserted"))
                }
                if let kind = LedgerEntry.Kind(rawValue: kindText) {
                    let recomputed = LedgerEntry.chainHash(
                        previous: storedPrevious, seq: seq, attempt: attempt, traineeID: row["trainee_id"],
                        kind: kind, atMicros: row["at"], body: row["body"])
                    if recomputed != stored {
                        problems.append(
                            .init(
                                seq: seq, message: "\(place) was altered: its content does not match its hash"
                            ))
                    }
                    if kind == .start { attempts.insert(attempt) }
                    if kind == .result { results += 1 }
                } else {
                    problems.append(.init(seq: seq, message: "\(place) has an unknown kind '\(kindText)'"))
                }
                previous = stored
                expectedSeq = seq + 1
            }
            return LedgerAudit(
                entries: entries, attempts: attempts.count, results: results, head: previous,
                problems: problems)
        }
    }

    static func ledgerEntry(from row: Row) throws -> LedgerEntry {
        let kindText: String = row["kind"]
        guard let kind = LedgerEntry.Kind(rawValue: kindText) else {
            throw SpacertError.store(
                "exam ledger entry \(row["seq"] as Int64) has an unknown kind '\(kindText)'")
        }
        return LedgerEntry(
            seq: row["seq"], attempt: row["attempt"], traineeID: row["trainee_id"], kind: kind,
            at: StoreTime.date(row["at"]), body: row["body"], previousHash: row["prev_hash"],
            hash: row["hash"])
    }
}

extension ProgressStore {
    /// How many practice answers (not cram) the trainee has given.
    public func practiceAnswerCount(trainee: Trainee.ID) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM review_log WHERE trainee_id = ? AND mode = 'practice'",
                arguments: [trainee]) ?? 0
        }
    }
}

extension ProgressStore {
    /// How fast the trainee practises: days with practice answers, the answers, and the
    /// questions introduced.
    public func practicePace(trainee: Trainee.ID) throws -> PracticePace {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(DISTINCT reviewed_at / 86400000000) AS days, count(*) AS answers
                    FROM review_log WHERE trainee_id = ? AND mode = 'practice'
                    """,
                arguments: [trainee])
            let introduced =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM cards WHERE trainee_id = ?", arguments: [trainee])
                ?? 0
            return PracticePace(
                activeDays: row?["days"] ?? 0, answers: row?["answers"] ?? 0, introduced: introduced)
        }
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
        trainee: Trainee, attempts: Int, waiveWait: Bool, note: String, at time: Date
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
                GrantBody(trainee: trainee.name, note: trimmed, attempts: attempts, waiveWait: waiveWait)))
        return ExamGrant(at: at, attempts: attempts, waiveWait: waiveWait, note: trimmed)
    }

    /// The trainee's grants, oldest first.
    public func examGrants(trainee: Trainee.ID) throws -> [ExamGrant] {
        try ledger(trainee: trainee, kind: .grant).map { entry in
            let body = try ExamCoding.decode(GrantBody.self, from: entry.body)
            return ExamGrant(
                at: entry.at, attempts: body.attempts, waiveWait: body.waiveWait ?? false, note: body.note)
        }
    }
}
