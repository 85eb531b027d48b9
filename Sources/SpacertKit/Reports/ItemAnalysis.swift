/// The editors' item analysis: Moodle's quiz statistics for spacert's exams.
///
/// Exams draw a subset of the banks, so a position in the exam holds a different question in
/// each attempt. Test statistics (alpha and the rest) take each position as one item, as Moodle
/// does for slots; question statistics are worked out per question (and revision) over the
/// counted attempts that contained it, as Moodle does for the questions of a random slot, with
/// one difference: the discrimination index pairs the question's score with the rest of the
/// exam (T - x), as ITEM-STATS.md defines it, where Moodle pairs a random slot's questions with
/// the whole total. A question's effective weight is its covariance with the total over those
/// attempts, against the positions' sum, so it reads on the same scale as the intended weight.
public struct ItemAnalysis: Sendable, Hashable {
    /// Which attempts were counted.
    public var selection: AttemptSelection
    /// One entry per exam form, the form with the most attempts first.
    public var exams: [ExamStatistics]

    /// Analyses `results` (voided attempts never count), picking attempts by `selection`
    /// within each exam form; `questions` are the banks' current questions.
    public init(
        results: [ExamResult], questions: [Question], policy: CertificationPolicy,
        selection: AttemptSelection = .default, rules: ItemCheckRules = ItemCheckRules()
    ) {
        self.selection = selection
        var bank: [String: Question] = [:]
        for question in questions where bank[question.id] == nil { bank[question.id] = question }
        let forms = Dictionary(grouping: results.filter { $0.ending != .voided }) {
            FormKey(policyID: $0.policyID, length: $0.items.count)
        }
        exams = forms.map { key, attempts in
            Self.examStatistics(
                key: key, attempts: selection.select(attempts), bank: bank, policy: policy, rules: rules)
        }
        .sorted {
            ($0.attempts, $1.policyID, $1.questionsPerAttempt) > (
                $1.attempts, $0.policyID, $0.questionsPerAttempt
            )
        }
    }

    private struct FormKey: Hashable {
        var policyID: String
        var length: Int
    }

    private struct QuestionKey: Hashable {
        var id: String
        var rev: Int
    }

    private static func examStatistics(
        key: FormKey, attempts: [ExamResult], bank: [String: Question], policy: CertificationPolicy,
        rules: ItemCheckRules
    ) -> ExamStatistics {
        let items = attempts.map { result in
            let ordered = zip(result.items, result.items.dropFirst()).allSatisfy { $0.position < $1.position }
            return ordered ? result.items : result.items.sorted { $0.position < $1.position }
        }
        let totals = items.map { $0.reduce(0) { $0 + $1.score } }
        let p = key.length
        let s = attempts.count

        var sumOfVariances = 0.0
        var sumOfRootCovariances = 0.0
        for position in 0..<p {
            let scores = items.map { $0[position].score }
            sumOfVariances += SampleStatistics.variance(scores) ?? 0
            if let covariance = SampleStatistics.covariance(scores, totals), covariance >= 0 {
                sumOfRootCovariances += covariance.squareRoot()
            }
        }

        let toPercent = { (marks: Double) in p > 0 ? 100 * marks / Double(p) : nil as Double? }
        let totalVariance = SampleStatistics.variance(totals)
        let sd = totalVariance.map { $0.squareRoot() }
        var alpha: Double?
        if p > 1, s > 1, let totalVariance, totalVariance > 0 {
            alpha = 100 * Double(p) / Double(p - 1) * (1 - sumOfVariances / totalVariance)
        }
        let errorRatio = alpha.flatMap { $0 <= 100 ? 100 * (1 - $0 / 100).squareRoot() : nil }
        let shape = SampleStatistics.shape(totals)

        // Where each question was asked: attempt and place, not copies of the items.
        var occurrences: [QuestionKey: [Occurrence]] = [:]
        for (attempt, attemptItems) in items.enumerated() {
            for (index, item) in attemptItems.enumerated() {
                occurrences[QuestionKey(id: item.questionID, rev: item.rev), default: []].append(
                    Occurrence(attempt: attempt, index: index))
            }
        }
        let questions = occurrences.map { questionKey, seen in
            let current = bank[questionKey.id].flatMap { $0.rev == questionKey.rev ? $0 : nil }
            return questionStatistics(
                seen: seen, items: items, attempts: attempts, totals: totals, examLength: p,
                question: current,
                sumOfRootCovariances: sumOfRootCovariances, policy: policy, rules: rules)
        }
        .sorted { ($0.category, $0.questionID, $0.rev) < ($1.category, $1.questionID, $1.rev) }

        return ExamStatistics(
            policyID: key.policyID, questionsPerAttempt: p, attempts: s,
            trainees: Set(attempts.map(\.traineeID)).count,
            meanScore: SampleStatistics.mean(totals).flatMap(toPercent),
            medianScore: SampleStatistics.median(totals).flatMap(toPercent),
            standardDeviation: sd.flatMap(toPercent), skewness: shape.skewness, kurtosis: shape.kurtosis,
            cronbachAlpha: SampleStatistics.finite(alpha), errorRatio: SampleStatistics.finite(errorRatio),
            standardError: SampleStatistics.finite(
                errorRatio.flatMap { ratio in sd.flatMap(toPercent).map { ratio * $0 / 100 } }),
            questions: questions)
    }

    /// One asking of a question: the attempt and the item's place in it.
    private struct Occurrence {
        var attempt: Int
        var index: Int
    }

    private static func questionStatistics(
        seen: [Occurrence], items: [[GradedItem]], attempts: [ExamResult], totals: [Double], examLength: Int,
        question: Question?, sumOfRootCovariances: Double, policy: CertificationPolicy, rules: ItemCheckRules
    ) -> QuestionStatistics {
        let first = items[seen[0].attempt][seen[0].index]
        let x = seen.map { items[$0.attempt][$0.index].score }
        let total = seen.map { totals[$0.attempt] }
        let rest = zip(total, x).map { $0 - $1 }
        let variance = SampleStatistics.variance(x)
        let restVariance = SampleStatistics.variance(rest)
        let covariance = SampleStatistics.covariance(x, rest)
        let covarianceWithTotal = SampleStatistics.covariance(x, total)

        var discrimination: Double?
        if let covariance, let variance, let restVariance, variance * restVariance > 0 {
            discrimination = 100 * covariance / (variance * restVariance).squareRoot()
        }
        var efficiency: Double?
        if let covariance, let maximum = SampleStatistics.maximumCovariance(x, rest), maximum != 0 {
            efficiency = 100 * covariance / maximum
        }
        var effectiveWeight: Double?
        if let covarianceWithTotal, covarianceWithTotal >= 0, sumOfRootCovariances > 0 {
            effectiveWeight = 100 * covarianceWithTotal.squareRoot() / sumOfRootCovariances
        }
        var distractors: DistractorTable?
        if [.single, .multiple, .truefalse].contains(first.type) {
            distractors = DistractorTable(
                responses: seen.map {
                    .init(
                        attemptID: attempts[$0.attempt].attemptID, picked: items[$0.attempt][$0.index].picked,
                        total: totals[$0.attempt])
                },
                choices: question?.choices)
        }
        var statistics = QuestionStatistics(
            questionID: first.questionID, rev: first.rev, category: first.category, type: first.type,
            critical: first.critical, prompt: question?.promptLine, location: question?.location.description,
            source: question?.source,
            attempts: seen.count,
            facility: SampleStatistics.mean(x).map { 100 * $0 },
            standardDeviation: variance.map { 100 * $0.squareRoot() },
            randomGuessScore: question.flatMap { RandomGuessScore.of($0, policy: policy) }.map { 100 * $0 },
            intendedWeight: examLength > 0 ? 100 / Double(examLength) : nil,
            effectiveWeight: SampleStatistics.finite(effectiveWeight),
            discriminationIndex: SampleStatistics.finite(discrimination),
            discriminativeEfficiency: SampleStatistics.finite(efficiency),
            covarianceWithTotal: SampleStatistics.finite(covarianceWithTotal), distractors: distractors,
            checks: [])
        statistics.checks = ItemCheck.checks(for: statistics, rules: rules)
        statistics.flaws = question.map(ItemFlaw.of) ?? []
        return statistics
    }
}
