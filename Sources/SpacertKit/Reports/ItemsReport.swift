import Foundation

/// The editors' item analysis report: per exam form the test statistics, and per question the
/// item statistics, its choices' picks, and the reasons to check it.
public struct ItemsReport: Sendable, Hashable, Encodable {
    public let version = 1
    public let report = "items"
    /// The spa's name, from the policy.
    @Nullable public var spa: String? = nil
    public var generated: Date
    public var policyID: String
    public var policyTitle: String
    /// Which attempts were counted.
    public var attempts: AttemptSelection
    public var exams: [ExamStatistics]

    /// The analysis of every attempt in `input`, picked by `selection`. A result whose record
    /// does not check out (``ExamResult/recordAltered``) is left out: its answers cannot be
    /// believed.
    public init(
        input: ReportInput, selection: AttemptSelection = .default, rules: ItemCheckRules = ItemCheckRules()
    ) {
        generated = input.now
        spa = input.policy.spa
        policyID = input.policy.id
        policyTitle = input.policy.title
        attempts = selection
        exams =
            ItemAnalysis(
                results: input.results.filter { !$0.recordAltered }, questions: input.questions,
                policy: input.policy,
                selection: selection,
                rules: rules
            ).exams
    }

    /// Questions with a reason to check them, over every form.
    public var flagged: Int { exams.reduce(0) { $0 + $1.questions.count { !$0.checks.isEmpty } } }
}
