/// The spa's certification policy: how an exam is drawn and graded, what practice comes
/// first, and how long a certificate lasts (`QuestionBanks/certification.xml`).
public struct CertificationPolicy: Sendable, Hashable {
    /// One area of the blueprint.
    public struct Area: Sendable, Hashable {
        public var category: Category
        /// Questions drawn from this area.
        public var questions: Int
        /// The least score (0 to 1) accepted in this area.
        public var minimum: Double

        public init(category: Category, questions: Int, minimum: Double) {
            self.category = category
            self.questions = questions
            self.minimum = minimum
        }
    }

    /// How a question with several parts earns credit.
    public enum CreditRule: String, Sendable, Hashable {
        case proportional
        case allOrNothing = "all-or-nothing"
    }

    public var id: String
    public var title: String
    public var areas: [Area]
    /// The overall score (0 to 1) needed to pass; exactly at the mark passes.
    public var passMark: Double
    /// Every critical question in an exam must be answered fully right.
    public var allCritical: Bool
    /// Credit rules for multiple, order and match questions.
    public var partialCredit: [QuestionType: CreditRule]
    public var timeLimitMinutes: Int
    public var maxAttempts: Int
    /// Hours to wait after a failed attempt.
    public var waitHours: Int
    /// Every critical question reviewed and recalled with at least this probability, if set.
    public var criticalRecall: Double?
    /// Practice answers needed before a first attempt.
    public var minimumReviews: Int
    public var validityMonths: Int
    /// Days before expiry that reports call a certificate "expiring soon".
    public var warnDays: Int
    public var location: SourceLocation
    /// The spa's name, for certificates and report headers (`<policy spa="…">`), if given.
    public var spa: String? = nil
    /// The spa's logo, a PNG file (`<policy logo="…">`, relative to the policy's folder),
    /// as a path, if given.
    public var logo: String? = nil

    /// The spa's name, or a plain stand-in when the policy gives none.
    public var spaName: String { spa ?? "Spa certification" }

    /// Questions in an exam.
    public var examLength: Int { areas.reduce(0) { $0 + $1.questions } }
}
