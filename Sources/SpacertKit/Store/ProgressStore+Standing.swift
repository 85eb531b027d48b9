import Foundation
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
        _ tx: any StoreTransaction, trainees: [Trainee.ID], critical: [Question], threshold: Double?,
        now: Date,
        scheduler: Scheduler
    ) throws -> [Trainee.ID: PracticeStanding] {
        let only: Trainee.ID? = trainees.count == 1 ? trainees[0] : nil
        var standings: [Trainee.ID: PracticeStanding] = [:]
        for trainee in trainees { standings[trainee] = PracticeStanding() }

        // The review log in one pass: every figure of each trainee's answers.
        for figures in try tx.reviewFigures(trainee: only, since: now - 30 * 86_400) {
            guard var standing = standings[figures.trainee] else { continue }
            standing.reviews = figures.reviews
            standing.reviewsLast30Days = figures.reviewsSince
            standing.pace.answers = figures.practiceAnswers
            standing.practiceCorrect = figures.practiceCorrect
            standing.lastPractised = figures.lastReviewed
            standing.pace.activeDays = figures.activeDays
            standings[figures.trainee] = standing
        }
        for (trainee, cards) in try tx.cardCounts(trainee: only) {
            standings[trainee]?.pace.introduced = cards
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
        try tx.cards(at: ids.map { ($0, revisions[$0]!) }, trainee: only) { trainee, question, card in
            guard standings[trainee] != nil, let place = index[question] else { return }
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
}
