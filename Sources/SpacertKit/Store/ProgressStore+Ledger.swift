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
    /// Whether a row with this hash is in the ledger.
    public func ledgerContains(hash: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM exam_ledger WHERE hash = ?)", arguments: [hash])
                ?? false
        }
    }
}

extension ProgressStore {
    /// Lets the trainee make further attempts once the policy's limit is reached; recorded
    /// in the ledger with the manager's note.
    public func grantAttempts(trainee: Trainee, note: String, at time: Date) throws {
        struct Grant: Codable {
            var trainee: String
            var note: String
        }
        try appendLedger(
            attempt: "grant", trainee: trainee.id, kind: .grant, at: ExamCoding.milliseconds(time),
            body: try ExamCoding.encode(Grant(trainee: trainee.name, note: note)))
    }
}
