/// One question's item statistics (ITEM-STATS.md), over the counted attempts that contained it
/// at this revision. Percentages run from 0 to 100; nil is a statistic that is not defined
/// (too few attempts, no spread).
public struct QuestionStatistics: Sendable, Hashable, Codable {
    public var questionID: String
    public var rev: Int
    public var category: Category
    public var type: QuestionType
    public var critical: Bool
    /// The scenario and prompt on one line, when the banks still hold the question at this
    /// revision.
    public var prompt: String?
    /// Where the question is written (`file:line`), for editors.
    public var location: String?
    /// Counted attempts that contained the question.
    public var attempts: Int
    /// Percent of the marks earned.
    public var facility: Double?
    /// Spread of the question's scores, percent of its mark.
    public var standardDeviation: Double?
    /// Percent a guesser would earn on average.
    public var randomGuessScore: Double?
    /// The question's share of the exam's marks, percent.
    public var intendedWeight: Double?
    /// How much the question really moves the total, percent; nil with a negative covariance.
    public var effectiveWeight: Double?
    /// Correlation of the question's score with the rest of the exam, percent.
    public var discriminationIndex: Double?
    /// The discrimination reached, as a percent of the most the question could reach.
    public var discriminativeEfficiency: Double?
    /// Covariance of the question's score with the exam total (marks squared).
    public var covarianceWithTotal: Double?
    /// Picks per choice, for single, multiple and true/false questions.
    public var distractors: DistractorTable?
    /// Reasons to check the question, in words.
    public var checks: [ItemCheck]
}

/// The statistics of one exam form (a policy and an exam length) over the counted attempts,
/// with its questions'. Scores are percentages of the exam's marks; alpha, error ratio and
/// the standard error follow Moodle, taking each position of the exam as one item (Moodle's
/// slot), as the questions at a position differ from attempt to attempt.
public struct ExamStatistics: Sendable, Hashable, Codable {
    public var policyID: String
    /// Questions (one mark each) in an attempt.
    public var questionsPerAttempt: Int
    /// Attempts counted.
    public var attempts: Int
    /// Trainees those attempts belong to.
    public var trainees: Int
    public var meanScore: Double?
    public var medianScore: Double?
    public var standardDeviation: Double?
    /// k3 / k2^1.5 of the totals.
    public var skewness: Double?
    /// k4 / k2^2 of the totals.
    public var kurtosis: Double?
    /// Cronbach's alpha (Moodle's coefficient of internal consistency), percent.
    public var cronbachAlpha: Double?
    /// 100 sqrt(1 - alpha/100), percent.
    public var errorRatio: Double?
    /// The error ratio times the standard deviation, percent of the marks.
    public var standardError: Double?
    /// Every question asked in this form, by area, then id and revision.
    public var questions: [QuestionStatistics]
}
