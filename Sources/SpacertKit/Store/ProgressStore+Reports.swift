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
        try read { db in
            let standings = try Self.practiceStandings(
                db, trainees: trainees, critical: questions.filter(\.critical), threshold: criticalRecall,
                now: now, scheduler: scheduler)
            return try Self.practiceFigures(
                db, trainees: trainees, questions: questions, now: now, standings: standings,
                criticalRecall: criticalRecall != nil, calendar: calendar)
        }
    }

    /// ``practiceFigures(trainees:questions:now:criticalRecall:calendar:)`` inside the caller's
    /// read, with the critical recall taken from `standings` (``practiceStandings``).
    static func practiceFigures(
        _ db: Database, trainees: [Trainee.ID], questions: [Question], now: Date,
        standings: [Trainee.ID: PracticeStanding], criticalRecall: Bool, calendar: Calendar
    ) throws -> [Trainee.ID: PracticeFigures] {
        let wanted = Set(trainees)
        let only: Trainee.ID? = trainees.count == 1 ? trainees[0] : nil
        let today = QueueOptions(calendar: calendar).day(of: now)
        let weekEnd = calendar.date(byAdding: .day, value: 7, to: today.end) ?? today.end + 7 * 86_400
        var revs: [String: Int] = [:]
        for question in questions where revs[question.id] == nil { revs[question.id] = question.rev }
        let currentJSON = Self.pairsJSON(revs.keys.sorted().map { ($0, revs[$0]!) })
        let log = try Row.fetchAll(
            db,
            sql: """
                SELECT trainee_id, count(*) AS reviews, sum(reviewed_at >= ?) AS recent,
                    sum(mode = 'practice') AS practice, sum(mode = 'practice' AND correct = 1) AS right,
                    max(reviewed_at) AS last
                FROM review_log \(only == nil ? "" : "WHERE trainee_id = ?") GROUP BY trainee_id
                """,
            arguments: StatementArguments(
                [StoreTime.micros(now - 30 * 86_400)] + (only.map { [$0] } ?? [])))
        let due = try Row.fetchAll(
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

        var figures: [Trainee.ID: PracticeFigures] = [:]
        for trainee in trainees {
            let standing = standings[trainee] ?? PracticeStanding()
            figures[trainee] = PracticeFigures(
                criticalRecalled: criticalRecall ? standing.criticalRecalled : nil,
                criticalTotal: criticalRecall ? standing.criticalTotal : nil)
        }
        for row in log {
            let trainee: Trainee.ID = row["trainee_id"]
            guard wanted.contains(trainee), var entry = figures[trainee] else { continue }
            let last: Int64? = row["last"]
            entry = PracticeFigures(
                reviews: row["reviews"], reviewsLast30Days: row["recent"], practiceReviews: row["practice"],
                practiceCorrect: row["right"], lastPractised: last.map(StoreTime.date),
                criticalRecalled: entry.criticalRecalled, criticalTotal: entry.criticalTotal)
            figures[trainee] = entry
        }
        for row in due {
            let trainee: Trainee.ID = row["trainee_id"]
            guard wanted.contains(trainee) else { continue }
            figures[trainee]?.dueNow = row["due_now"]
            figures[trainee]?.dueNext7Days = row["due_week"]
        }
        return figures
    }
}
