import Foundation
import GRDB
import SpacertFSRS

/// Practice figures for reports, aggregated in SQL (one pass over the review log and one over
/// the cards, grouped by trainee), so a cohort of a thousand trainees and a million answers
/// stays fast.
extension ProgressStore {
    /// Practice figures of each of `trainees` (every one gets an entry, zero when idle) at `now`.
    ///
    /// - questions: the banks' current questions: cards count only at a question's current
    ///   revision (as `spacert due` counts them), and the critical ones are checked for recall.
    /// - criticalRecall: the policy's recall threshold, if it sets one.
    /// - calendar: where the trainee's days begin and end, for what is due today.
    public func practiceFigures(
        trainees: [Trainee.ID], questions: [Question], now: Date, criticalRecall: Double?,
        calendar: Calendar = .current
    ) throws -> [Trainee.ID: PracticeFigures] {
        let wanted = Set(trainees)
        let only: Trainee.ID? = trainees.count == 1 ? trainees[0] : nil
        let today = QueueOptions(calendar: calendar).day(of: now)
        let weekEnd = calendar.date(byAdding: .day, value: 7, to: today.end) ?? today.end + 7 * 86_400
        var revs: [String: Int] = [:]
        for question in questions where revs[question.id] == nil { revs[question.id] = question.rev }
        let critical = questions.filter(\.critical).map(\.id).filter { revs[$0] != nil }
        let currentJSON = Self.pairsJSON(revs.keys.sorted().map { ($0, revs[$0]!) })
        let criticalJSON = Self.pairsJSON(Set(critical).sorted().map { ($0, revs[$0]!) })

        var recalled: [Trainee.ID: Int] = [:]
        let (log, due) = try read { db in
            let log = try LogTotals.fetchAll(
                db,
                sql: """
                    SELECT trainee_id, count(*) AS reviews, sum(reviewed_at >= ?) AS recent,
                        sum(mode = 'practice') AS practice, sum(mode = 'practice' AND correct = 1) AS right,
                        max(reviewed_at) AS last
                    FROM review_log \(only == nil ? "" : "WHERE trainee_id = ?") GROUP BY trainee_id
                    """,
                arguments: StatementArguments(
                    [StoreTime.micros(now - 30 * 86_400)] + (only.map { [$0] } ?? [])))
            let due = try DueCounts.fetchAll(
                db,
                sql: """
                    WITH counted AS (
                        SELECT trainee_id, due, (state = 2 AND due < ?) OR (state <> 2 AND due <= ?) AS now_due
                        FROM cards WHERE (question_id, question_rev) IN (\(Self.pairsFromJSON))
                        \(only == nil ? "" : "AND trainee_id = ?"))
                    SELECT trainee_id, sum(now_due) AS due_now, sum(NOT now_due AND due < ?) AS due_week
                    FROM counted GROUP BY trainee_id
                    """,
                arguments: StatementArguments(
                    [StoreTime.micros(today.end), StoreTime.micros(now), currentJSON]
                        as [any DatabaseValueConvertible]
                        + (only.map { [$0] } ?? []) + [StoreTime.micros(weekEnd)]))
            if let threshold = criticalRecall, !critical.isEmpty {
                // A row cursor read by position, not a record: the cohort report's benchmark
                // reads a card per trainee and critical question here.
                let cursor = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT trainee_id, state, step, stability, difficulty, due, last_review FROM cards
                        WHERE (question_id, question_rev) IN (\(Self.pairsFromJSON))
                        \(only == nil ? "" : "AND trainee_id = ?")
                        """,
                    arguments: StatementArguments(
                        [criticalJSON] as [any DatabaseValueConvertible] + (only.map { [$0] } ?? [])))
                while let row = try cursor.next() {
                    let lastReview: Int64? = row[6]
                    let card = Card(
                        state: CardState(rawValue: row[1]) ?? .learning, step: row[2], stability: row[3],
                        difficulty: row[4], due: StoreTime.date(row[5]),
                        lastReview: lastReview.map(StoreTime.date))
                    if scheduler.retrievability(of: card, at: now) + 1e-12 >= threshold {
                        recalled[row[0], default: 0] += 1
                    }
                }
            }
            return (log, due)
        }

        var figures: [Trainee.ID: PracticeFigures] = [:]
        for trainee in trainees {
            figures[trainee] = PracticeFigures(
                criticalRecalled: criticalRecall == nil ? nil : recalled[trainee] ?? 0,
                criticalTotal: criticalRecall == nil ? nil : critical.count)
        }
        for totals in log {
            guard wanted.contains(totals.traineeID), let entry = figures[totals.traineeID] else { continue }
            figures[totals.traineeID] = PracticeFigures(
                reviews: totals.reviews, reviewsLast30Days: totals.recent, practiceReviews: totals.practice,
                practiceCorrect: totals.right, lastPractised: totals.last?.date,
                criticalRecalled: entry.criticalRecalled, criticalTotal: entry.criticalTotal)
        }
        for counts in due where wanted.contains(counts.traineeID) {
            figures[counts.traineeID]?.dueNow = counts.dueNow
            figures[counts.traineeID]?.dueNext7Days = counts.dueWeek
        }
        return figures
    }

    /// A row of the review-log totals above: one trainee's answers, recent answers, practice
    /// answers, right practice answers and newest answer.
    private struct LogTotals: Decodable, FetchableRecord {
        var traineeID: Trainee.ID
        var reviews: Int
        var recent: Int
        var practice: Int
        var right: Int
        var last: StoreInstant?

        enum CodingKeys: String, CodingKey {
            case traineeID = "trainee_id"
            case reviews, recent, practice, right, last
        }
    }

    /// A row of the card counts above: one trainee's cards due now and in the coming week.
    private struct DueCounts: Decodable, FetchableRecord {
        var traineeID: Trainee.ID
        var dueNow: Int
        var dueWeek: Int

        enum CodingKeys: String, CodingKey {
            case traineeID = "trainee_id"
            case dueNow = "due_now"
            case dueWeek = "due_week"
        }
    }

    /// The (question id, revision) pairs of a JSON argument made by ``pairsJSON(_:)``. Used with
    /// `IN`, which SQLite turns into a temporary index: a join would read the JSON once per card.
    private static let pairsFromJSON =
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"

    /// `[["id",rev],...]`: question ids and revisions as one JSON argument for `json_each`.
    private static func pairsJSON(_ pairs: [(String, Int)]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] as [Any] })
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
