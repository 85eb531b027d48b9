import Foundation
import SpacertFSRS

/// One answer in the append-only review log.
public struct ReviewLogEntry: Sendable, Hashable {
    /// The log row's number, increasing with every answer; `nil` before it is recorded.
    public var id: Int64?
    public var questionID: String
    /// The question's `rev` when it was answered.
    public var questionRev: Int
    /// The answer given, as JSON text in the protocol's shape (`["b"]`, `{"1":"b"}`).
    public var given: String
    /// The order the choices, steps or match items were shown in, as JSON text.
    public var shownOrder: String
    public var correct: Bool
    /// Partial credit from 0 to 1.
    public var score: Double
    public var rating: Rating
    public var reviewedAt: Date
    public var durationMilliseconds: Int
    public var mode: PracticeMode

    public init(
        id: Int64? = nil, questionID: String, questionRev: Int, given: String, shownOrder: String,
        correct: Bool, score: Double, rating: Rating, reviewedAt: Date, durationMilliseconds: Int,
        mode: PracticeMode = .practice
    ) {
        self.id = id
        self.questionID = questionID
        self.questionRev = questionRev
        self.given = given
        self.shownOrder = shownOrder
        self.correct = correct
        self.score = score
        self.rating = rating
        self.reviewedAt = reviewedAt
        self.durationMilliseconds = durationMilliseconds
        self.mode = mode
    }

    /// An answer to `question`, rated from `correct` and the trainee's `grade`
    /// (see ``SpacertFSRS/Rating/from(correct:grade:)``).
    public init(
        question: Question, given: String, shownOrder: String, correct: Bool, score: Double,
        grade: AnswerGrade? = nil, at time: Date, durationMilliseconds: Int, mode: PracticeMode = .practice
    ) {
        self.init(
            questionID: question.id, questionRev: question.rev, given: given, shownOrder: shownOrder,
            correct: correct, score: score, rating: .from(correct: correct, grade: grade), reviewedAt: time,
            durationMilliseconds: durationMilliseconds, mode: mode)
    }
}

/// What recording an answer did: the log entry and the card before and after.
public struct RecordedAnswer: Sendable, Hashable {
    /// The entry as stored, with its `id`.
    public var entry: ReviewLogEntry
    /// The card before the answer; `nil` when the question was new (or its `rev` rose).
    public var previous: StoredCard?
    /// The card after the answer; `nil` in cram mode, which leaves cards alone.
    public var card: StoredCard?
}

/// What undoing an answer did: the log entry removed and the card rebuilt without it.
public struct UndoneAnswer: Sendable, Hashable {
    /// The entry that was deleted.
    public var entry: ReviewLogEntry
    /// The card as it was before that answer; `nil` when the question is new again.
    public var card: StoredCard?
}

/// A note a trainee left on a question for the bank's editors.
public struct QuestionFlag: Sendable, Hashable {
    public var id: Int64
    public var traineeID: Int64
    public var questionID: String
    public var questionRev: Int
    public var note: String
    public var created: Date
}
