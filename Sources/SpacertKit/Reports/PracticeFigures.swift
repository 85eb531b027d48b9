import Foundation

/// A trainee's practice, as the review log and the cards tell it.
public struct PracticeFigures: Sendable, Hashable, Encodable {
    /// Answers in the review log (practice and cram).
    public var reviews: Int
    /// Answers in the 30 days before now.
    public var reviewsLast30Days: Int
    /// Practice answers (cram left out) and how many of them were right.
    public var practiceReviews: Int
    public var practiceCorrect: Int
    /// The share of practice answers that were right, 0 to 1; nil without practice.
    @Nullable public var retention: Double? = nil
    /// The newest answer.
    @Nullable public var lastPractised: Date? = nil
    /// Cards due now, as `spacert due` counts them (a review card for its whole due day).
    public var dueNow: Int
    /// Cards not due now that come due before the end of the seventh day after today.
    public var dueNext7Days: Int
    /// Critical questions whose card recalls at least the policy's threshold now; nil when the
    /// policy sets none.
    @Nullable public var criticalRecalled: Int? = nil
    /// Critical questions in the banks.
    @Nullable public var criticalTotal: Int? = nil

    public init(
        reviews: Int = 0, reviewsLast30Days: Int = 0, practiceReviews: Int = 0, practiceCorrect: Int = 0,
        lastPractised: Date? = nil, dueNow: Int = 0, dueNext7Days: Int = 0, criticalRecalled: Int? = nil,
        criticalTotal: Int? = nil
    ) {
        self.reviews = reviews
        self.reviewsLast30Days = reviewsLast30Days
        self.practiceReviews = practiceReviews
        self.practiceCorrect = practiceCorrect
        retention = practiceReviews > 0 ? Double(practiceCorrect) / Double(practiceReviews) : nil
        self.lastPractised = lastPractised
        self.dueNow = dueNow
        self.dueNext7Days = dueNext7Days
        self.criticalRecalled = criticalRecalled
        self.criticalTotal = criticalTotal
    }

    enum CodingKeys: String, CodingKey {
        case reviews, practiceReviews, practiceCorrect, retention, lastPractised, dueNow, criticalRecalled,
            criticalTotal
        case reviewsLast30Days = "reviews_last_30_days"
        case dueNext7Days = "due_next_7_days"
    }

    /// Whether the trainee has answered anything in practice or cram.
    public var hasPractised: Bool { reviews > 0 }
}
