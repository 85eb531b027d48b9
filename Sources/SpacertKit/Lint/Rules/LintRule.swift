/// A lint rule: one kind of problem, with a stable id that editors see in brackets after every
/// finding (`[key-longest]`), can accept in a bank (`<?spacert-lint accept RULE: reason?>`) and
/// find in the editor's guide. The rule's type owns its messages.
public protocol LintRule: Sendable {
    /// Stable, lower-case, hyphenated; never renamed once shipped.
    static var id: String { get }
    /// How bad a finding is: structural rules make errors, quality rules warnings.
    static var severity: Diagnostic.Severity { get }
    /// One line for the editor's guide and `--format json`.
    static var summary: String { get }
}

/// A quality rule that looks at one question at a time.
public protocol QuestionRule: LintRule {
    /// The findings on `question`, as messages (the question's name included).
    static func findings(in question: Question) -> [String]
}

extension LintRule {
    public static var severity: Diagnostic.Severity { .error }

    /// A finding of this rule at `location`.
    static func diagnostic(
        _ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = [],
        element: String? = nil, attribute: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            severity, message, at: location, notes: notes, element: element, attribute: attribute, rule: id)
    }
}

/// Every rule spacert lint knows, for look-ups by id (accepting a finding, the guide).
public enum LintRules {
    /// The rules that check a bank's structure and ids: their findings are errors.
    public static let structural: [any LintRule.Type] = [
        XMLSyntaxRule.self, SchemaRule.self, BankRootRule.self, QuestionIDRule.self, QuestionTypeRule.self,
        RevRule.self, PromptRule.self, ExplanationRule.self, SourceFormRule.self, ScenarioRule.self,
        ChoiceCountRule.self, EmptyChoiceRule.self, DuplicateChoiceRule.self, CorrectCountRule.self,
        TrueFalseAnswerRule.self, OrderStepsRule.self, MatchPairsRule.self, DuplicateIDRule.self,
        DuplicateBankIDRule.self, PolicyRule.self, LintAcceptRule.self,
    ]

    /// The structural rules that check each question as the bank reader finishes it, in the
    /// order they run; a rule that cannot go on stops the ones after it.
    static let perDraft: [any DraftRule.Type] = [
        QuestionIDRule.self, QuestionTypeRule.self, RevRule.self, PromptRule.self, ExplanationRule.self,
        SourceFormRule.self, ScenarioRule.self, QuestionTypeRule.BodyMatch.self, ChoiceCountRule.self,
        EmptyChoiceRule.self, DuplicateChoiceRule.self, CorrectCountRule.self, TrueFalseAnswerRule.self,
        OrderStepsRule.self, MatchPairsRule.self,
    ]

    /// The quality rules that look at one question at a time.
    public static let perQuestion: [any QuestionRule.Type] = [
        KeyLongestRule.self, AbsoluteDistractorRule.self, JustifiedDistractorRule.self,
        AllNoneOfTheAboveRule.self, NegativeStemRule.self, GrammarCueRule.self, StemEchoRule.self,
        TrueFalseAbsoluteRule.self,
    ]

    /// Every quality rule, the cross-question ones included.
    public static let quality: [any LintRule.Type] =
        perQuestion.map { $0 as any LintRule.Type } + [NearDuplicateRule.self, CriticalMismatchRule.self]

    /// Every rule.
    public static let all: [any LintRule.Type] = structural + quality

    /// The rule with `id`, nil when there is none.
    public static func rule(_ id: String) -> (any LintRule.Type)? {
        all.first { $0.id == id }
    }
}
