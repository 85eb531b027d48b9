import Foundation
import GRDB

/// Copying on SQLite: every table read through one cursor each (rows streamed from the file,
/// gathered into batches), rows written through cached prepared statements.
extension GRDBTransaction {
    func rowCounts() throws -> StoreRowCounts {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT count(*) FROM trainees), (SELECT count(*) FROM cards),
                    (SELECT count(*) FROM review_log), (SELECT count(*) FROM flags),
                    (SELECT count(*) FROM exam_ledger), (SELECT count(*) FROM ledger_checkpoints),
                    (SELECT count(*) FROM certificates)
                """)
        var counts = StoreRowCounts()
        guard let row else { return counts }
        counts.trainees = row[0]
        counts.cards = row[1]
        counts.reviews = row[2]
        counts.flags = row[3]
        counts.ledger = row[4]
        counts.checkpoints = row[5]
        counts.certificates = row[6]
        return counts
    }

    func exportRows(batchSize: Int, _ each: (StoreRowBatch) throws -> Void) throws {
        try export("SELECT id, name, created, archived, branch FROM trainees ORDER BY id", batchSize, each) {
            StoreRow.Trainee(id: $0[0], name: $0[1], created: $0[2], archived: $0[3], branch: $0[4])
        } batch: {
            .trainees($0)
        }
        try export(
            """
            SELECT trainee_id, question_id, question_rev, state, step, stability, difficulty, due, last_review,
                reps, lapses, introduced
            FROM cards ORDER BY trainee_id, question_id
            """, batchSize, each
        ) {
            StoreRow.Card(
                traineeID: $0[0], questionID: $0[1], questionRev: $0[2], state: $0[3], step: $0[4],
                stability: $0[5], difficulty: $0[6], due: $0[7], lastReview: $0[8], reps: $0[9],
                lapses: $0[10],
                introduced: $0[11])
        } batch: {
            .cards($0)
        }
        try export(
            """
            SELECT id, trainee_id, question_id, question_rev, answer, shown_order, correct, score, rating,
                reviewed_at, duration_ms, mode
            FROM review_log ORDER BY id
            """, batchSize, each
        ) {
            StoreRow.Review(
                id: $0[0], traineeID: $0[1], questionID: $0[2], questionRev: $0[3], answer: $0[4],
                shownOrder: $0[5], correct: $0[6], score: $0[7], rating: $0[8], reviewedAt: $0[9],
                durationMilliseconds: $0[10], mode: $0[11])
        } batch: {
            .reviews($0)
        }
        try export(
            "SELECT id, trainee_id, question_id, question_rev, note, created FROM flags ORDER BY id",
            batchSize, each
        ) {
            StoreRow.Flag(
                id: $0[0], traineeID: $0[1], questionID: $0[2], questionRev: $0[3], note: $0[4],
                created: $0[5])
        } batch: {
            .flags($0)
        }
        try export(
            "SELECT seq, attempt, trainee_id, kind, at, body, prev_hash, hash FROM exam_ledger ORDER BY seq",
            batchSize, each
        ) {
            StoreRow.Ledger(
                seq: $0[0], attempt: $0[1], traineeID: $0[2], kind: $0[3], at: $0[4], body: $0[5],
                previousHash: $0[6], hash: $0[7])
        } batch: {
            .ledger($0)
        }
        try export(
            "SELECT id, seq, head, at, key, signature FROM ledger_checkpoints ORDER BY id", batchSize, each
        ) {
            StoreRow.Checkpoint(id: $0[0], seq: $0[1], head: $0[2], at: $0[3], key: $0[4], signature: $0[5])
        } batch: {
            .checkpoints($0)
        }
        try export(
            "SELECT id, trainee_id, attempt, code, issued, expires, document FROM certificates ORDER BY id",
            batchSize, each
        ) {
            StoreRow.Certificate(
                id: $0[0], traineeID: $0[1], attempt: $0[2], code: $0[3], issued: $0[4], expires: $0[5],
                document: $0[6])
        } batch: {
            .certificates($0)
        }
    }

    /// Streams `sql`'s rows through a cursor, `batchSize` at a time.
    private func export<Value>(
        _ sql: String, _ batchSize: Int, _ each: (StoreRowBatch) throws -> Void,
        _ value: (Row) throws -> Value,
        batch: ([Value]) -> StoreRowBatch
    ) throws {
        let cursor = try Row.fetchCursor(db, sql: sql)
        var values: [Value] = []
        values.reserveCapacity(batchSize)
        while let row = try cursor.next() {
            values.append(try value(row))
            if values.count == batchSize {
                try each(batch(values))
                values.removeAll(keepingCapacity: true)
            }
        }
        if !values.isEmpty { try each(batch(values)) }
    }

    func importRows(_ batch: StoreRowBatch) throws {
        switch batch {
        case .trainees(let rows):
            let statement = try db.cachedStatement(
                sql: "INSERT INTO trainees (id, name, created, archived, branch) VALUES (?, ?, ?, ?, ?)")
            for row in rows {
                try statement.execute(arguments: [row.id, row.name, row.created, row.archived, row.branch])
            }
        case .cards(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO cards (trainee_id, question_id, question_rev, state, step, stability, difficulty, due,
                        last_review, reps, lapses, introduced)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.traineeID, row.questionID, row.questionRev, row.state, row.step, row.stability,
                    row.difficulty, row.due, row.lastReview, row.reps, row.lapses, row.introduced,
                ])
            }
        case .reviews(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO review_log (id, trainee_id, question_id, question_rev, answer, shown_order, correct,
                        score, rating, reviewed_at, duration_ms, mode)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.id, row.traineeID, row.questionID, row.questionRev, row.answer, row.shownOrder,
                    row.correct,
                    row.score, row.rating, row.reviewedAt, row.durationMilliseconds, row.mode,
                ])
            }
        case .flags(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO flags (id, trainee_id, question_id, question_rev, note, created)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.id, row.traineeID, row.questionID, row.questionRev, row.note, row.created,
                ])
            }
        case .ledger(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.seq, row.attempt, row.traineeID, row.kind, row.at, row.body, row.previousHash,
                    row.hash,
                ])
            }
        case .checkpoints(let rows):
            let statement = try db.cachedStatement(
                sql:
                    "INSERT INTO ledger_checkpoints (id, seq, head, at, key, signature) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for row in rows {
                try statement.execute(arguments: [row.id, row.seq, row.head, row.at, row.key, row.signature])
            }
        case .certificates(let rows):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO certificates (id, trainee_id, attempt, code, issued, expires, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in rows {
                try statement.execute(arguments: [
                    row.id, row.traineeID, row.attempt, row.code, row.issued, row.expires, row.document,
                ])
            }
        }
    }

    /// SQLite gives a new row the largest id plus one (and `review_log`'s AUTOINCREMENT counter
    /// follows the ids inserted): nothing to move.
    func finishImport() throws {}
}
