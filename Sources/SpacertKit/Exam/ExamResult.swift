import Foundation

/// How an exam attempt ended.
public enum ExamEnding: String, Sendable, Hashable, Codable {
    /// The trainee submitted it.
    case submitted
    /// The time limit ran out; what was answered by then was graded.
    case timedOut = "timed-out"
    /// The banks or the policy changed before it was finished, so it could not go on; it is
    /// kept in the record but does not count as an attempt.
    case voided
}

/// One question of a graded exam: what was asked, what was given, and what it earned.
public struct GradedItem: Sendable, Hashable, Codable {
    /// 1-based place in the exam.
    public var position: Int
    public var questionID: String
    public var rev: Int
    public var category: Category
    public var type: QuestionType
    public var critical: Bool
    /// The answer in the protocol's shape, as shown keys; nil when left unanswered.
    public var answer: Answer?
    /// Written (bank-order) indices of the choices picked, for choice types; empty otherwise or
    /// when unanswered. The distractor table counts these.
    public var picked: [Int]
    /// Credit earned under the policy's rules, 0 to 1 (each question is worth one mark).
    public var score: Double
    /// Fully right.
    public var correct: Bool

    public init(
        position: Int, questionID: String, rev: Int, category: Category, type: QuestionType,
        critical: Bool, answer: Answer?, picked: [Int], score: Double, correct: Bool
    ) {
        self.position = position
        self.questionID = questionID
        self.rev = rev
        self.category = category
        self.type = type
        self.critical = critical
        self.answer = answer
        self.picked = picked
        self.score = score
        self.correct = correct
    }
}

/// A graded exam attempt: scores per question, per area and overall, and every reason it
/// failed. Kept in the exam ledger as the attempt's `result` entry.
public struct ExamResult: Sendable, Hashable, Codable {
    public var attemptID: String
    public var traineeID: Int64
    public var trainee: String
    public var started: Date
    public var finished: Date
    public var ending: ExamEnding
    public var passed: Bool
    /// Overall score, 0 to 1: marks earned over questions asked.
    public var score: Double
    /// Score per area (category raw value), 0 to 1.
    public var categories: [String: Double]
    /// Why a failed attempt failed, in words; empty when passed.
    public var reasons: [String]
    public var items: [GradedItem]
    public var policyID: String
    /// SHA-256 (hex) of the policy file the exam was drawn and graded under.
    public var policyHash: String
    /// SHA-256 (hex) over the bank files' hashes, in file-name order.
    public var banksHash: String
    /// The certificate a pass issued, if any: at the exam (kept in its ledger row), or later at
    /// the manager's desk for a pass recorded without the key (filled in by the ledger's reader
    /// from the store's certificates).
    public var certificateID: String?
    /// Set by the ledger's reader when the row does not check out (its hash, its link to the
    /// row before, or the signed checkpoints after it): the result is then not trusted, and
    /// reads as not passed with no certificate. Never written to the ledger.
    public var recordAltered = false

    /// What a reader shows for a result whose record does not check out.
    public static let alteredLabel = "record altered: not trusted"

    enum CodingKeys: String, CodingKey {
        case attemptID, traineeID, trainee, started, finished, ending, passed, score, categories, reasons
        case items, policyID, policyHash, banksHash, certificateID
    }

    /// Marks the result as one whose record does not check out: not passed, no certificate.
    mutating func markAltered() {
        recordAltered = true
        passed = false
        certificateID = nil
        reasons = [Self.alteredLabel] + reasons
    }

    public init(
        attemptID: String, traineeID: Int64, trainee: String, started: Date, finished: Date,
        ending: ExamEnding, passed: Bool, score: Double, categories: [String: Double], reasons: [String],
        items: [GradedItem], policyID: String, policyHash: String, banksHash: String,
        certificateID: String? = nil
    ) {
        self.attemptID = attemptID
        self.traineeID = traineeID
        self.trainee = trainee
        self.started = started
        self.finished = finished
        self.ending = ending
        self.passed = passed
        self.score = score
        self.categories = categories
        self.reasons = reasons
        self.items = items
        self.policyID = policyID
        self.policyHash = policyHash
        self.banksHash = banksHash
        self.certificateID = certificateID
    }
}

extension Answer: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let keys = try? container.decode([String].self) {
            self = .keys(keys)
        } else {
            self = .pairs(try container.decode([String: String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .keys(let keys): try container.encode(keys)
        case .pairs(let pairs): try container.encode(pairs)
        }
    }
}
