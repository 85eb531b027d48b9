/// One question's item statistics (ITEM-STATS.md), over the counted attempts that contained it
/// at this revision. Percentages run from 0 to 100; nil is a statistic that is not defined
/// (too few attempts, no spread).
public struct QuestionStatistics: Sendable, Hashable, Encodable {
    public var questionID: String
    public var rev: Int
    public var category: Category
    public var type: QuestionType
    public var critical: Bool
    /// The scenario and prompt on one line, when the banks still hold the question at this
    /// revision.
    @Nullable public var prompt: String? = nil
    /// Where the question is written (`file:line`), for editors.
    @Nullable public var location: String? = nil
    /// Where the question's fact comes from, when the banks still hold it at this revision.
    @Nullable public var source: Citation? = nil
    /// Counted attempts that contained the question.
    public var attempts: Int
    /// Percent of the marks earned.
    @Nullable public var facility: Double? = nil
    /// Spread of the question's scores, percent of its mark.
    @Nullable public var standardDeviation: Double? = nil
    /// Percent a guesser would earn on average.
    @Nullable public var randomGuessScore: Double? = nil
    /// The question's share of the exam's marks, percent.
    @Nullable public var intendedWeight: Double? = nil
    /// How much the question really moves the total, percent; nil with a negative covariance.
    @Nullable public var effectiveWeight: Double? = nil
    /// Correlation of the question's score with the rest of the exam, percent.
    @Nullable public var discriminationIndex: Double? = nil
    /// The discrimination reached, as a percent of the most the question could reach.
    @Nullable public var discriminativeEfficiency: Double? = nil
    /// Covariance of the question's score with the exam total (marks squared).
    @Nullable public var covarianceWithTotal: Double? = nil
    /// Picks per choice, for single, multiple and true/false questions.
    @Nullable public var distractors: DistractorTable? = nil
    /// Reasons to check the question, in words.
    public var checks: [ItemCheck]
    /// The item-writing flaws the lint quality rules find in the question as the banks hold it
    /// now (accepted findings left out), so a flaw can be read beside its statistics.
    public var flaws: [ItemFlaw] = []
}

/// A quality rule's finding on a question: the rule's id and its words.
public struct ItemFlaw: Sendable, Hashable, Encodable {
    public var rule: String
    public var message: String

    /// The findings of the per-question quality rules on `question`, minus those it accepts.
    public static func of(_ question: Question) -> [ItemFlaw] {
        let accepted = Set(question.lintAccepts.map(\.rule))
        return LintRules.perQuestion.filter { !accepted.contains($0.id) }.flatMap { rule in
            rule.findings(in: question).map { ItemFlaw(rule: rule.id, message: $0) }
        }
    }
}

/// The statistics of one exam form (a policy and an exam length) over the counted attempts,
/// with its questions'. Scores are percentages of the exam's marks; alpha, error ratio and
/// the standard error follow Moodle, taking each position of the exam as one item (Moodle's
/// slot), as the questions at a position differ from attempt to attempt.
public struct ExamStatistics: Sendable, Hashable, Encodable {
    public var policyID: String
    /// Questions (one mark each) in an attempt.
    public var questionsPerAttempt: Int
    /// Attempts counted.
    public var attempts: Int
    /// Trainees those attempts belong to.
    public var trainees: Int
    @Nullable public var meanScore: Double? = nil
    @Nullable public var medianScore: Double? = nil
    @Nullable public var standardDeviation: Double? = nil
    /// k3 / k2^1.5 of the totals.
    @Nullable public var skewness: Double? = nil
    /// k4 / k2^2 of the totals.
    @Nullable public var kurtosis: Double? = nil
    /// Cronbach's alpha (Moodle's coefficient of internal consistency), percent.
    @Nullable public var cronbachAlpha: Double? = nil
    /// 100 sqrt(1 - alpha/100), percent.
    @Nullable public var errorRatio: Double? = nil
    /// The error ratio times the standard deviation, percent of the marks.
    @Nullable public var standardError: Double? = nil
    /// Every question asked in this form, by area, then id and revision.
    public var questions: [QuestionStatistics]
}
