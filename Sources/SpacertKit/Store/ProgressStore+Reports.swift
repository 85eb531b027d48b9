import Foundation
import GRDB
import SpacertFSRS

/// Practice figures for reports, aggregated in SQL (the standing's one pass over the review log
/// and the cards, and one more over the cards for what is due, grouped by trainee), so a cohort
/// of a thousand trainees and a million answers stays fast.
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
    /// read: the review log's figures and the critical recall are taken from `standings`
    /// (``practiceStandings``); what is due is read here.
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

        var figures: [Trainee.ID: PracticeFigures] = [:]
        for trainee in trainees {
            let standing = standings[trainee] ?? PracticeStanding()
            figures[trainee] = PracticeFigures(
                reviews: standing.reviews, reviewsLast30Days: standing.reviewsLast30Days,
                practiceReviews: standing.practiceReviews, practiceCorrect: standing.practiceCorrect,
                lastPractised: standing.lastPractised,
                criticalRecalled: criticalRecall ? standing.criticalRecalled : nil,
                criticalTotal: criticalRecall ? standing.criticalTotal : nil)
        }
        for counts in due where wanted.contains(counts.traineeID) {
            figures[counts.traineeID]?.dueNow = counts.dueNow
            figures[counts.traineeID]?.dueNext7Days = counts.dueWeek
        }
        return figures
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
}
