// The rules that check a bank's structure: what the XSD says, and what it cannot (exactly one
// key, distinct choices, unique ids...). Their findings are errors: a question that breaks one
// is left out of practice and exams. The bank reader only reads: it writes each question down
// as a `QuestionDraft` and hands it to the rules of `LintRules.perDraft`, in order; each rule
// owns its id, its check and the words of its findings.

/// What a structural rule is given: a finished question's draft, the arena holding its texts,
/// what the rules before it established, and where findings go.
struct DraftCheck {
    let draft: QuestionDraft
    let arena: TextArena
    let path: String
    /// Established by `QuestionIDRule` and `QuestionTypeRule`, which stop the rules after them
    /// when they cannot; `RevRule` sets `rev`.
    var id = ""
    var type = QuestionType.single
    var rev = 1
    /// The findings so far, in the order the rules ran.
    var findings: [Diagnostic] = []

    init(draft: QuestionDraft, arena: TextArena, path: String) {
        self.draft = draft
        self.arena = arena
        self.path = path
    }

    /// How findings name the question.
    var name: String { "question '\(id)'" }

    func location(_ line: Int) -> SourceLocation { SourceLocation(file: path, line: max(line, 1)) }

    /// Records a finding of `rule` at `line` (the question's line by default).
    mutating func add(
        _ rule: any LintRule.Type, _ message: String, line: Int? = nil, element: String? = nil,
        attribute: String? = nil, notes: [Diagnostic.Note] = []
    ) {
        findings.append(
            rule.diagnostic(
                message, at: location(line ?? draft.line), notes: notes, element: element,
                attribute: attribute))
    }
}

/// A structural rule that checks one question once the reader has it all.
protocol DraftRule: LintRule {
    /// Checks the question, adding findings to `check`; returns false when the rules after
    /// it must not run (without an id, a type or enough options, they would only add noise).
    static func check(_ check: inout DraftCheck) -> Bool
}

/// The file is not well-formed XML, or is refused by the security policy (DOCTYPE, entities).
public enum XMLSyntaxRule: LintRule {
    public static let id = "xml-syntax"
    public static let summary = "the file is well-formed XML without DOCTYPE or entities"

    /// The note after a fatal problem: nothing after it was checked.
    static let restNotChecked = "the rest of this file was not checked; fix this first"
}

/// The file breaks the bank schema (bank-1.xsd).
public enum SchemaRule: LintRule {
    public static let id = "schema"
    public static let summary = "the file follows schema/bank-1.xsd"
}

/// The root element is `<bank>` in the version 1 namespace.
public enum BankRootRule: LintRule {
    public static let id = "bank-root"
    public static let summary = "the root is <bank> in the bank format 1 namespace"

    static func wrongRoot(_ name: String) -> String {
        "the root element is <\(name)>; a question bank starts with <bank xmlns=\"\(BankLoader.namespace)\">"
    }

    static func wrongNamespace(_ found: String) -> String {
        "<bank> has \(found); bank format version 1 needs xmlns=\"\(BankLoader.namespace)\""
    }

    static func otherVersion(_ version: Substring) -> String {
        "this bank is written in format version \(version); this spacert reads version 1 (xmlns=\"\(BankLoader.namespace)\")"
    }
}

extension BankRootRule {
    /// What is wrong with a root element named `name` in `namespace`, nil when it is a bank.
    static func problem(root name: String, namespace: String?) -> String? {
        if name != "bank" { return wrongRoot(name) }
        guard let namespace, namespace.hasPrefix(BankLoader.namespaceStem) else {
            return wrongNamespace(namespace.map { "namespace '\($0)'" } ?? "no namespace")
        }
        if namespace != BankLoader.namespace {
            return otherVersion(namespace.dropFirst(BankLoader.namespaceStem.count))
        }
        return nil
    }
}

/// Every question has an id.
public enum QuestionIDRule: LintRule {
    public static let id = "question-id"
    public static let summary = "every question has an id"
    static let missing = "a <question> needs an id attribute, for example id=\"ci-pregnancy-01\""
}

extension QuestionIDRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard let id = check.draft.id, !id.isEmpty else {
            check.add(self, missing, element: "question")
            return false
        }
        check.id = id
        return true
    }
}

/// Every question has a known type, and a body that matches it.
public enum QuestionTypeRule: LintRule {
    public static let id = "question-type"
    public static let summary = "a known type, and a body that matches it"

    static func missing(_ name: String) -> String {
        "\(name) needs a type attribute: single, multiple, truefalse, order or match"
    }

    static func unknown(_ name: String, _ type: String) -> String {
        "\(name) has unknown type '\(type)'; use single, multiple, truefalse, order or match"
    }

    static func wrongBody(_ name: String, _ type: QuestionType, found: String, expected: String) -> String {
        "\(name) is type '\(type.rawValue)' but has \(found) elements; a \(type.rawValue) question uses \(expected)"
    }
}

extension QuestionTypeRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard let typeName = check.draft.type else {
            check.add(self, missing(check.name), element: "question")
            return false
        }
        guard let type = questionType(typeName) else {
            check.add(self, unknown(check.name, typeName), element: "question", attribute: "type")
            return false
        }
        check.type = type
        return true
    }

    /// `QuestionType(rawValue:)`, comparing bytes where they can tell.
    static func questionType(_ name: String) -> QuestionType? {
        var name = name
        return name.withUTF8 { bytes in
            if TextArena.equals(bytes, "single") { return .single }
            if TextArena.equals(bytes, "multiple") { return .multiple }
            if TextArena.equals(bytes, "truefalse") { return .truefalse }
            if TextArena.equals(bytes, "order") { return .order }
            if TextArena.equals(bytes, "match") { return .match }
            return nil
        }
    }

    /// The second half of the rule, run once the question's other parts are checked: the body
    /// elements match the type. A body of another type stops the body rules after it.
    enum BodyMatch: DraftRule {
        static let id = QuestionTypeRule.id
        static let summary = QuestionTypeRule.summary

        /// The body elements in the order their presence is checked against the type.
        private static let bodyElements = ["<choice>", "<answer>", "<step>", "<pair>"]

        static func check(_ check: inout DraftCheck) -> Bool {
            let draft = check.draft
            let expected: Int
            switch check.type {
            case .single, .multiple: expected = 0
            case .truefalse: expected = 1
            case .order: expected = 2
            case .match: expected = 3
            }
            for index in bodyElements.indices where index != expected {
                let isThere: Bool
                switch index {
                case 0: isThere = !draft.choices.isEmpty
                case 1: isThere = draft.answer != nil
                case 2: isThere = !draft.steps.isEmpty
                default: isThere = !draft.pairs.isEmpty
                }
                guard isThere else { continue }
                check.add(
                    QuestionTypeRule.self,
                    wrongBody(
                        check.name, check.type, found: bodyElements[index], expected: bodyElements[expected]),
                    element: "question", attribute: "type")
                return false
            }
            return true
        }
    }
}

/// `rev` is a whole number of 1 or more.
public enum RevRule: LintRule {
    public static let id = "rev"
    public static let summary = "rev is a whole number of 1 or more"

    static func invalid(_ name: String, _ text: String) -> String {
        "\(name) has rev=\"\(text)\"; rev must be a whole number of 1 or more"
    }
}

extension RevRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard let text = check.draft.rev else { return true }
        if let value = Int(text), value >= 1 {
            check.rev = value
        } else {
            check.add(self, invalid(check.name, text), element: "question", attribute: "rev")
        }
        return true
    }
}

/// A question has a prompt.
public enum PromptRule: LintRule {
    public static let id = "prompt-empty"
    public static let summary = "every question has a prompt"
    static func empty(_ name: String) -> String { "\(name) has no prompt; write the question in <prompt>" }
}

extension PromptRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        if check.draft.prompt?.isEmpty ?? true { check.add(self, empty(check.name), element: "question") }
        return true
    }
}

/// A question explains its answer.
public enum ExplanationRule: LintRule {
    public static let id = "explanation-empty"
    public static let summary = "every question explains its answer"

    static func empty(_ name: String) -> String {
        "\(name) has an empty explanation; say why the right answer is right"
    }
}

extension ExplanationRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        if check.draft.explanation?.isEmpty ?? true {
            check.add(self, empty(check.name), element: "question")
        }
        return true
    }
}

/// A question cites a seed article's section or a web page by title, never both (format 1.1).
public enum SourceFormRule: LintRule {
    public static let id = "source-form"
    public static let summary =
        "a source has exactly one of article (with a section) and an https href (with a title)"

    static func missing(_ name: String) -> String {
        "\(name) needs a source: <source article=\"FILE\">section heading</source> or <source href=\"https://…\">Page title</source>"
    }

    static func both(_ name: String) -> String {
        "\(name) has a <source> with both article and href; cite either a seed article or a web page"
    }

    static func badAddress(_ name: String, _ href: String, _ problem: String) -> String {
        "\(name) has <source href=\"\(href)\">; \(problem)"
    }

    static func noTitle(_ name: String) -> String {
        "\(name) has a web source without a title: <source href=\"https://…\">Page title</source>"
    }

    /// Why `href` is not a usable web address, nil when it is: https, a host, no white space.
    static func addressProblem(_ href: String) -> String? {
        if href.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
        }) {
            return "an address has no spaces (write %20)"
        }
        guard href.hasPrefix("https://") else { return "the address must start with https://" }
        let host = href.dropFirst("https://".count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.isEmpty { return "the address has no host after https://" }
        return nil
    }
}

extension SourceFormRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        let draft = check.draft
        let line = draft.sourceLine > 0 ? draft.sourceLine : draft.line
        let hasText = !(draft.section?.isEmpty ?? true)
        if let href = draft.href {
            if draft.hasArticle || draft.article != nil {
                check.add(self, both(check.name), line: line, element: "source", attribute: "href")
            } else if let problem = addressProblem(href) {
                check.add(
                    self, badAddress(check.name, href, problem), line: line, element: "source",
                    attribute: "href")
            } else if !hasText {
                check.add(self, noTitle(check.name), line: line, element: "source")
            }
            return true
        }
        if !draft.hasArticle || !hasText {
            check.add(self, missing(check.name), line: line, element: "question")
        }
        return true
    }
}

/// A `<scenario>`, when there is one, describes the case.
public enum ScenarioRule: LintRule {
    public static let id = "scenario-empty"
    public static let summary = "a scenario, when present, is not empty"

    static func empty(_ name: String) -> String {
        "\(name) has an empty <scenario>; remove it or describe the case"
    }
}

extension ScenarioRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        if let scenario = check.draft.scenario, scenario.isEmpty {
            check.add(self, empty(check.name), element: "scenario")
        }
        return true
    }
}

/// A choice question has at least two choices.
public enum ChoiceCountRule: LintRule {
    public static let id = "choice-count"
    public static let summary = "a choice question has at least two choices"

    static func tooFew(_ name: String, _ count: Int) -> String {
        "\(name) has \(count) choice(s); a choice question needs at least two"
    }
}

extension ChoiceCountRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .single || check.type == .multiple else { return true }
        let count = check.draft.choices.count
        guard count < 2 else { return true }
        check.add(self, tooFew(check.name, count), element: "question")
        return false
    }
}

/// No choice is empty.
public enum EmptyChoiceRule: LintRule {
    public static let id = "choice-empty"
    public static let summary = "no choice is empty"
    static func empty(_ name: String, _ index: Int) -> String {
        "\(name) has an empty choice (choice \(index))"
    }
}

extension EmptyChoiceRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .single || check.type == .multiple else { return true }
        for (index, entry) in check.draft.choices.enumerated() where entry.text.isEmpty {
            check.add(self, empty(check.name, index + 1), line: entry.line, element: "choice")
        }
        return true
    }
}

/// No choice is written twice.
public enum DuplicateChoiceRule: LintRule {
    public static let id = "choice-duplicate"
    public static let summary = "no choice is written twice"
    static func twice(_ name: String, _ text: String) -> String { "\(name) has the choice '\(text)' twice" }
    static let firstHere = "the first one is here"
}

extension DuplicateChoiceRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .single || check.type == .multiple else { return true }
        let choices = check.draft.choices
        let arena = check.arena
        // A handful of choices: a linear scan beats hashing every text.
        for index in choices.indices {
            let entry = choices[index]
            if let first = choices[..<index].first(where: { arena.same($0.text, entry.text) }) {
                check.add(
                    self, twice(check.name, arena.string(entry.text)), line: entry.line, element: "choice",
                    notes: [.init(location: check.location(first.line), message: firstHere)])
            }
        }
        return true
    }
}

/// Single choice: exactly one key; multiple choice: at least one key and one wrong choice.
public enum CorrectCountRule: LintRule {
    public static let id = "correct-count"
    public static let summary =
        "single choice has exactly one key; multiple choice at least one key and one wrong choice"

    static func single(_ name: String, _ correct: Int) -> String {
        let count = correct == 0 ? "no choice" : "\(spelled(correct)) choices"
        return "\(name) has \(count) marked correct; a single-choice question needs exactly one"
    }

    static func multipleNone(_ name: String) -> String {
        "\(name) has no choice marked correct; a multiple-choice question needs at least one"
    }

    static func multipleAll(_ name: String) -> String {
        "\(name) has every choice marked correct; a multiple-choice question needs at least one wrong choice"
    }

    private static func spelled(_ count: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six"]
        return words.indices.contains(count) ? words[count] : "\(count)"
    }
}

extension CorrectCountRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .single || check.type == .multiple else { return true }
        let choices = check.draft.choices
        var correct = 0
        for choice in choices where choice.correct { correct += 1 }
        if check.type == .single && correct != 1 {
            check.add(self, single(check.name, correct), element: "question")
        }
        if check.type == .multiple && correct == 0 {
            check.add(self, multipleNone(check.name), element: "question")
        }
        if check.type == .multiple && correct == choices.count {
            check.add(self, multipleAll(check.name), element: "question")
        }
        return true
    }
}

/// A true/false question answers true or false.
public enum TrueFalseAnswerRule: LintRule {
    public static let id = "truefalse-answer"
    public static let summary = "a truefalse question says <answer>true</answer> or <answer>false</answer>"

    static func missing(_ name: String) -> String {
        "\(name) has no <answer>; a truefalse question says <answer>true</answer> or <answer>false</answer>"
    }

    static func invalid(_ name: String, _ text: String) -> String {
        "\(name) has <answer>\(text)</answer>; write true or false"
    }
}

extension TrueFalseAnswerRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .truefalse else { return true }
        guard let answer = check.draft.answer else {
            check.add(self, missing(check.name), element: "question")
            return false
        }
        if !check.arena.equals(answer, "true") && !check.arena.equals(answer, "false") {
            check.add(self, invalid(check.name, check.arena.string(answer)), element: "answer")
        }
        return true
    }
}

/// An order question has three or more distinct, non-empty steps.
public enum OrderStepsRule: LintRule {
    public static let id = "order-steps"
    public static let summary = "an order question has three or more distinct, non-empty steps"

    static func tooFew(_ name: String, _ count: Int) -> String {
        "\(name) has \(count) step(s); an order question needs at least three"
    }

    static func empty(_ name: String) -> String { "\(name) has an empty <step>" }

    static func twice(_ name: String) -> String {
        "\(name) has two identical steps; every step must be distinct"
    }
}

extension OrderStepsRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .order else { return true }
        let steps = check.draft.steps
        let arena = check.arena
        if steps.count < 3 {
            check.add(self, tooFew(check.name, steps.count), element: "question")
            return false
        }
        if steps.contains(where: \.isEmpty) { check.add(self, empty(check.name), element: "step") }
        let repeated = steps.indices.contains { index in
            steps[..<index].contains { arena.same($0, steps[index]) }
        }
        if repeated { check.add(self, twice(check.name), element: "question") }
        return true
    }
}

/// A match question has two or more complete, distinct pairs.
public enum MatchPairsRule: LintRule {
    public static let id = "match-pairs"
    public static let summary = "a match question has two or more pairs, each complete, no item in two pairs"

    static func tooFew(_ name: String, _ count: Int) -> String {
        "\(name) has \(count) pair(s); a match question needs at least two"
    }

    static func incomplete(_ name: String) -> String {
        "\(name) has a <pair> without both <left> and <right> text"
    }

    static func twice(_ name: String, side: String, _ text: String) -> String {
        "\(name) has the \(side) item '\(text)' in two pairs; match pairs must be distinct"
    }
}

extension MatchPairsRule: DraftRule {
    static func check(_ check: inout DraftCheck) -> Bool {
        guard check.type == .match else { return true }
        let pairs = check.draft.pairs
        let arena = check.arena
        if pairs.count < 2 {
            check.add(self, tooFew(check.name, pairs.count), element: "question")
            return false
        }
        for (index, entry) in pairs.enumerated() {
            if entry.left.isEmpty || entry.right.isEmpty {
                check.add(self, incomplete(check.name), line: entry.line, element: "pair")
            }
            let earlier = pairs[..<index]
            for left in [true, false] {
                let value = left ? entry.left : entry.right
                guard !value.isEmpty,
                    let first = earlier.first(where: { arena.same(left ? $0.left : $0.right, value) })
                else { continue }
                check.add(
                    self, twice(check.name, side: left ? "left" : "right", arena.string(value)),
                    line: entry.line, element: "pair",
                    notes: [
                        .init(location: check.location(first.line), message: DuplicateChoiceRule.firstHere)
                    ])
            }
        }
        return true
    }
}

/// Question ids are unique across every bank checked together.
public enum DuplicateIDRule: LintRule {
    public static let id = "duplicate-id"
    public static let summary = "question ids are unique across all banks"

    static func used(_ id: String) -> String {
        "question id '\(id)' is already used; ids must be unique across all banks"
    }

    static func firstHere(_ id: String) -> String { "'\(id)' was first defined here" }
}

/// Bank ids are unique.
public enum DuplicateBankIDRule: LintRule {
    public static let id = "duplicate-bank-id"
    public static let summary = "bank ids are unique"

    static func used(_ id: String, by file: String) -> String {
        "bank id '\(id)' is already used by \(file); bank ids must be unique"
    }

    static func firstHere(_ id: String) -> String { "'\(id)' is this bank's id" }
}

/// The certification policy is sound and the banks can fill its blueprint (PolicyLoader).
public enum PolicyRule: LintRule {
    public static let id = "policy"
    public static let summary = "the certification policy is sound and the banks can fill it"
}

/// An accepted finding names a rule that exists and gives a reason.
public enum LintAcceptRule: LintRule {
    public static let id = "lint-accept"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "<?spacert-lint accept RULE: reason?> names a quality rule and a reason"

    static func malformed(_ name: String) -> String {
        "\(name) has a spacert-lint instruction that is not 'accept RULE: reason'"
    }

    static func unknownRule(_ name: String, _ rule: String) -> String {
        "\(name) accepts a finding of '\(rule)', which is not a quality rule; see QuestionBanks/README.md"
    }

    static func noReason(_ name: String, _ rule: String) -> String {
        "\(name) accepts '\(rule)' without a reason; write <?spacert-lint accept \(rule): why it is fine?>"
    }
}

extension LintAcceptRule {
    /// Why an instruction accepts nothing: the finding's words.
    struct Problem: Error {
        var message: String
    }

    /// The acceptance the data of a `<?spacert-lint …?>` instruction on `line` of question
    /// `name` states, or why it states none.
    static func read(_ text: String, in name: String, line: Int) -> Result<LintAcceptance, Problem> {
        switch LintAcceptance.parse(text) {
        case .success(let (rule, reason)):
            guard LintRules.quality.contains(where: { $0.id == rule }) else {
                return .failure(Problem(message: unknownRule(name, rule)))
            }
            guard !reason.isEmpty else { return .failure(Problem(message: noReason(name, rule))) }
            return .success(LintAcceptance(rule: rule, reason: reason, line: line))
        case .failure:
            return .failure(Problem(message: malformed(name)))
        }
    }
}
