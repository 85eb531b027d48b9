import Foundation

/// A question as drawn into an exam: enough to show it again exactly and to grade it.
public struct DrawnQuestion: Sendable, Hashable, Codable {
    public var questionID: String
    public var rev: Int
    public var category: Category
    public var type: QuestionType
    public var critical: Bool
    /// Written indices of the choices, steps or right-hand items in the order shown.
    public var shown: [Int]

    public init(
        questionID: String, rev: Int, category: Category, type: QuestionType, critical: Bool, shown: [Int]
    ) {
        self.questionID = questionID
        self.rev = rev
        self.category = category
        self.type = type
        self.critical = critical
        self.shown = shown
    }
}

/// The ledger's `start` record: who sits the exam, under which policy and bank content, the
/// seed and the questions drawn, and when time runs out.
public struct ExamStart: Sendable, Hashable, Codable {
    public var attemptID: String
    public var traineeID: Int64
    public var trainee: String
    public var seed: String
    public var started: Date
    public var deadline: Date
    public var policyID: String
    public var policyHash: String
    public var banksHash: String
    public var bankFiles: [ContentHash]
    public var questions: [DrawnQuestion]
}

/// The ledger's `answer` record: one answer as given, already graded (so the result can be
/// worked out from the ledger alone). A later record for the same position replaces it.
public struct ExamAnswerRecord: Sendable, Hashable, Codable {
    /// 1-based place in the exam.
    public var position: Int
    public var questionID: String
    public var answer: Answer
    /// Written indices of the choices picked (choice types).
    public var picked: [Int]
    /// Credit before the policy's rules: proportional partial credit, 0 to 1.
    public var rawScore: Double
    public var correct: Bool
    public var answeredAt: Date
}
