import Foundation
import PostgresNIO

/// Copying on PostgreSQL: each table read through a server-side cursor (`DECLARE … FETCH`, in
/// the read transaction's snapshot), so only one batch is ever on this side; rows written as
/// multi-row INSERTs with every value a parameter.
extension PostgresTransaction {
    func rowCounts() throws -> StoreRowCounts {
        let row = try session.query(
            """
            SELECT (SELECT count(*) FROM trainees), (SELECT count(*) FROM cards), (SELECT count(*) FROM review_log),
                (SELECT count(*) FROM flags), (SELECT count(*) FROM exam_ledger),
                (SELECT count(*) FROM ledger_checkpoints), (SELECT count(*) FROM certificates)
            """
        ).first
        var counts = StoreRowCounts()
        guard let row else { return counts }
        (
            counts.trainees, counts.cards, counts.reviews, counts.flags, counts.ledger, counts.checkpoints,
            counts.certificates
        ) = try row.decode((Int, Int, Int, Int, Int, Int, Int).self)
        return counts
    }

    func exportRows(batchSize: Int, _ each: (StoreRowBatch) throws -> Void) throws {
        try export("SELECT id, name, created, archived, branch FROM trainees ORDER BY id", batchSize, each) {
            let (id, name, created, archived, branch) = try $0.decode(
                (Int64, String, Int64, Int, String).self)
            return StoreRow.Trainee(id: id, name: name, created: created, archived: archived, branch: branch)
        } batch: {
            .trainees($0)
        }
        try export(
            """
            SELECT trainee_id, question_id, question_rev, state, step, stability, difficulty, due, last_review,
                reps, lapses, introduced
            FROM cards ORDER BY trainee_id, question_id COLLATE "C"
            """, batchSize, each
        ) {
            let (
                trainee, question, rev, state, step, stability, difficulty, due, last, reps, lapses,
                introduced
            ) =
                try $0.decode(
                    (Int64, String, Int64, Int, Int?, Double?, Double?, Int64, Int64?, Int64, Int64, Int64)
                        .self)
            return StoreRow.Card(
                traineeID: trainee, questionID: question, questionRev: rev, state: state, step: step,
                stability: stability, difficulty: difficulty, due: due, lastReview: last, reps: reps,
                lapses: lapses,
                introduced: introduced)
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
            let (id, trainee, question, rev, answer, shown, correct, score, rating, at, duration, mode) =
                try $0.decode(
                    (Int64, Int64, String, Int64, String, String, Int, Double, Int, Int64, Int64, String).self
                )
            return StoreRow.Review(
                id: id, traineeID: trainee, questionID: question, questionRev: rev, answer: answer,
                shownOrder: shown, correct: correct, score: score, rating: rating, reviewedAt: at,
                durationMilliseconds: duration, mode: mode)
        } batch: {
            .reviews($0)
        }
        try export(
            "SELECT id, trainee_id, question_id, question_rev, note, created FROM flags ORDER BY id",
            batchSize, each
        ) {
            let (id, trainee, question, rev, note, created) = try $0.decode(
                (Int64, Int64, String, Int64, String, Int64).self)
            return StoreRow.Flag(
                id: id, traineeID: trainee, questionID: question, questionRev: rev, note: note,
                created: created)
        } batch: {
            .flags($0)
        }
        try export(
            "SELECT seq, attempt, trainee_id, kind, at, body, prev_hash, hash FROM exam_ledger ORDER BY seq",
            batchSize, each
        ) {
            let (seq, attempt, trainee, kind, at, body, previous, hash) = try $0.decode(
                (Int64, String, Int64, String, Int64, String, String, String).self)
            return StoreRow.Ledger(
                seq: seq, attempt: attempt, traineeID: trainee, kind: kind, at: at, body: body,
                previousHash: previous, hash: hash)
        } batch: {
            .ledger($0)
        }
        try export(
            "SELECT id, seq, head, at, key, signature FROM ledger_checkpoints ORDER BY id", batchSize, each
        ) {
            let (id, seq, head, at, key, signature) = try $0.decode(
                (Int64, Int64, String, Int64, String, String).self)
            return StoreRow.Checkpoint(id: id, seq: seq, head: head, at: at, key: key, signature: signature)
        } batch: {
            .checkpoints($0)
        }
        try export(
            """
            SELECT id, trainee_id, attempt, code, issued, expires, document FROM certificates ORDER BY id COLLATE "C"
            """, batchSize, each
        ) {
            let (id, trainee, attempt, code, issued, expires, document) = try $0.decode(
                (String, Int64, String, String, Int64, Int64, String).self)
            return StoreRow.Certificate(
                id: id, traineeID: trainee, attempt: attempt, code: code, issued: issued, expires: expires,
                document: document)
        } batch: {
            .certificates($0)
        }
    }

    /// Reads `sql`'s rows through a server-side cursor, `batchSize` at a time. The cursor is
    /// closed afterwards, whatever happened, so the transaction may export again.
    private func export<Value>(
        _ sql: String, _ batchSize: Int, _ each: (StoreRowBatch) throws -> Void,
        _ value: (PostgresRow) throws -> Value, batch: ([Value]) -> StoreRowBatch
    ) throws {
        try session.execute("DECLARE spacert_export NO SCROLL CURSOR FOR \(sql)")
        defer { _ = try? session.execute("CLOSE spacert_export") }
        while true {
            let rows = try session.query(
                PostgresQuery(unsafeSQL: "FETCH FORWARD \(batchSize) FROM spacert_export"))
            if rows.isEmpty { return }
            try each(batch(try rows.map(value)))
            if rows.count < batchSize { return }
        }
    }

    func importRows(_ batch: StoreRowBatch) throws {
        switch batch {
        case .trainees(let rows):
            try insert("trainees (id, name, created, archived, branch)", rows) { row, binds in
                binds.append(row.id)
                binds.append(row.name)
                binds.append(row.created)
                binds.append(row.archived)
                binds.append(row.branch)
            }
        case .cards(let rows):
            try insert(
                """
                cards (trainee_id, question_id, question_rev, state, step, stability, difficulty, due, last_review,
                    reps, lapses, introduced)
                """, rows
            ) { row, binds in
                binds.append(row.traineeID)
                binds.append(row.questionID)
                binds.append(row.questionRev)
                binds.append(row.state)
                binds.append(row.step)
                binds.append(row.stability)
                binds.append(row.difficulty)
                binds.append(row.due)
                binds.append(row.lastReview)
                binds.append(row.reps)
                binds.append(row.lapses)
                binds.append(row.introduced)
            }
        case .reviews(let rows):
            try insert(
                """
                review_log (id, trainee_id, question_id, question_rev, answer, shown_order, correct, score, rating,
                    reviewed_at, duration_ms, mode)
                """, rows
            ) { row, binds in
                binds.append(row.id)
                binds.append(row.traineeID)
                binds.append(row.questionID)
                binds.append(row.questionRev)
                binds.append(row.answer)
                binds.append(row.shownOrder)
                binds.append(row.correct)
                binds.append(row.score)
                binds.append(row.rating)
                binds.append(row.reviewedAt)
                binds.append(row.durationMilliseconds)
                binds.append(row.mode)
            }
        case .flags(let rows):
            try insert("flags (id, trainee_id, question_id, question_rev, note, created)", rows) {
                row, binds in
                binds.append(row.id)
                binds.append(row.traineeID)
                binds.append(row.questionID)
                binds.append(row.questionRev)
                binds.append(row.note)
                binds.append(row.created)
            }
        case .ledger(let rows):
            // In `seq` order, one statement per batch: the ledger's trigger rebuilds `open_attempts`
            // row by row as it goes.
            try insert("exam_ledger (seq, attempt, trainee_id, kind, at, body, prev_hash, hash)", rows) {
                row, binds in
                binds.append(row.seq)
                binds.append(row.attempt)
                binds.append(row.traineeID)
                binds.append(row.kind)
                binds.append(row.at)
                binds.append(row.body)
                binds.append(row.previousHash)
                binds.append(row.hash)
            }
        case .checkpoints(let rows):
            try insert("ledger_checkpoints (id, seq, head, at, key, signature)", rows) { row, binds in
                binds.append(row.id)
                binds.append(row.seq)
                binds.append(row.head)
                binds.append(row.at)
                binds.append(row.key)
                binds.append(row.signature)
            }
        case .certificates(let rows):
            try insert("certificates (id, trainee_id, attempt, code, issued, expires, document)", rows) {
                row, binds in
                binds.append(row.id)
                binds.append(row.traineeID)
                binds.append(row.attempt)
                binds.append(row.code)
                binds.append(row.issued)
                binds.append(row.expires)
                binds.append(row.document)
            }
        }
    }

    /// Inserts `rows` into `table (columns)` in statements of at most ``insertRows`` rows, every
    /// value bound by `bind` as a parameter (PostgreSQL takes at most 65,535 per statement).
    private func insert<Row>(
        _ table: String, _ rows: [Row], _ bind: (Row, inout PostgresBindings) -> Void
    ) throws {
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + Self.insertRows, rows.endIndex)
            var binds = PostgresBindings()
            var tuples: [String] = []
            tuples.reserveCapacity(end - start)
            for row in rows[start..<end] {
                let first = binds.count + 1
                bind(row, &binds)
                tuples.append("(" + (first...binds.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            try session.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO \(table) VALUES " + tuples.joined(separator: ", "), binds: binds))
            start = end
        }
    }

    /// Rows per INSERT statement: 12 columns at most, far below the parameter limit.
    static let insertRows = 1000

    /// The identity sequences continue past the largest id copied, so new rows do not collide.
    func finishImport() throws {
        for table in ["trainees", "review_log", "flags", "ledger_checkpoints"] {
            try session.execute(
                """
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)
                """)
        }
    }
}
