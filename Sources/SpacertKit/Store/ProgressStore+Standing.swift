import Foundation
import GRDB
import SpacertFSRS

extension ProgressStore {
    /// Where each of `trainees` stands in practice for the exam rules: practice answers, pace,
    /// and the recall of the current critical questions at `now` (with the review log's figures
    /// the reports show). One read of the review log,
    /// one of the cards and one of the critical cards, whatever the number of trainees: the one
    /// reading for `spacert exam`, `exam check` (one trainee) and the reports (a cohort).
    ///
    /// - critical: the banks' current critical questions; a card counts only at a question's
    ///   current revision.
    /// - threshold: the policy's recall threshold; without one the critical cards are not read.
    static func practiceStandings(
        _ db: Database, trainees: [Trainee.ID], critical: [Question], threshold: Double?, now: Date,
        scheduler: Scheduler
    ) throws -> [Trainee.ID: PracticeStanding] {
        let only: Trainee.ID? = trainees.count == 1 ? trainees[0] : nil
        let filter = only == nil ? "" : "AND trainee_id = ?"
        let onlyArgument: [any DatabaseValueConvertible] = only.map { [$0] } ?? []
        var standings: [Trainee.ID: PracticeStanding] = [:]
        for trainee in trainees { standings[trainee] = PracticeStanding() }

        // The review log in one pass: every figure of each trainee's answers.
        let log = try Row.fetchCursor(
            db,
            sql: """
                SELECT trainee_id, count(*), sum(reviewed_at >= ?), sum(mode = 'practice'),
                    sum(mode = 'practice' AND correct = 1), max(reviewed_at),
                    count(DISTINCT CASE WHEN mode = 'practice' THEN reviewed_at / 86400000000 END)
                FROM review_log WHERE 1 \(filter) GROUP BY trainee_id
                """,
            arguments: StatementArguments([StoreTime.micros(now - 30 * 86_400)] + onlyArgument))
        while let row = try log.next() {
            let trainee: Trainee.ID = row[0]
            guard var standing = standings[trainee] else { continue }
            standing.reviews = row[1]
            standing.reviewsLast30Days = row[2]
            standing.pace.answers = row[3]
            standing.practiceCorrect = row[4]
            standing.lastPractised = (row[5] as Int64?).map(StoreTime.date)
            standing.pace.activeDays = row[6]
            standings[trainee] = standing
        }
        let introduced = try Row.fetchCursor(
            db,
            sql: "SELECT trainee_id, count(*) FROM cards WHERE 1 \(filter) GROUP BY trainee_id",
            arguments: StatementArguments(onlyArgument))
        while let row = try introduced.next() {
            let trainee: Trainee.ID = row[0]
            standings[trainee]?.pace.introduced = row[1]
        }

        guard let threshold else { return standings }
        // The current critical questions, one revision each (the first of a repeated id), in
        // id order: what is unpractised or weak is listed in that order.
        var revisions: [String: Int] = [:]
        for question in critical where revisions[question.id] == nil { revisions[question.id] = question.rev }
        let ids = revisions.keys.sorted()
        for trainee in trainees { standings[trainee]!.criticalTotal = ids.count }
        guard !ids.isEmpty else { return standings }
        // Each trainee's recall of each critical question, by the question's place in `ids`.
        var recall: [Trainee.ID: [Double?]] = [:]
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT trainee_id, question_id, state, step, stability, difficulty, due, last_review
                FROM cards WHERE (question_id, question_rev) IN (\(Self.pairsFromJSON)) \(filter)
                """,
            arguments: StatementArguments(
                [Self.pairsJSON(ids.map { ($0, revisions[$0]!) })] as [any DatabaseValueConvertible]
                    + onlyArgument))
        while let row = try cursor.next() {
            let trainee: Trainee.ID = row[0]
            guard standings[trainee] != nil, let place = index[row[1] as String] else { continue }
            let lastReview: Int64? = row[7]
            let card = Card(
                state: CardState(rawValue: row[2]) ?? .learning, step: row[3], stability: row[4],
                difficulty: row[5], due: StoreTime.date(row[6]), lastReview: lastReview.map(StoreTime.date))
            recall[trainee, default: Array(repeating: nil, count: ids.count)][place] =
                scheduler.retrievability(of: card, at: now)
        }
        for trainee in trainees {
            let own = recall[trainee]
            for (place, id) in ids.enumerated() {
                guard let value = own?[place] ?? nil else {
                    standings[trainee]!.unpractised.append(id)
                    continue
                }
                if value + 1e-12 < threshold { standings[trainee]!.weak.append(.init(id: id, recall: value)) }
            }
        }
        return standings
    }

    /// The (question id, revision) pairs of a JSON argument made by ``pairsJSON(_:)``. Used with
    /// `IN`, which SQLite turns into a temporary index: a join would read the JSON once per card.
    static let pairsFromJSON =
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"

    /// `[["id",rev],...]`: question ids and revisions as one JSON argument for `json_each`.
    static func pairsJSON(_ pairs: [(String, Int)]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] as [Any] })
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
