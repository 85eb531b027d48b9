// The rules that check a bank's structure: what the XSD says, and what it cannot (exactly one
// key, distinct choices, unique ids...). Their findings are errors: a question that breaks one
// is left out of practice and exams. The bank reader runs the checks as it streams the file;
// each rule owns its id and the words of its findings.

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

/// Every question has an id.
public enum QuestionIDRule: LintRule {
    public static let id = "question-id"
    public static let summary = "every question has an id"
    static let missing = "a <question> needs an id attribute, for example id=\"ci-pregnancy-01\""
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

/// `rev` is a whole number of 1 or more.
public enum RevRule: LintRule {
    public static let id = "rev"
    public static let summary = "rev is a whole number of 1 or more"

    static func invalid(_ name: String, _ text: String) -> String {
        "\(name) has rev=\"\(text)\"; rev must be a whole number of 1 or more"
    }
}

/// A question has a prompt.
public enum PromptRule: LintRule {
    public static let id = "prompt-empty"
    public static let summary = "every question has a prompt"
    static func empty(_ name: String) -> String { "\(name) has no prompt; write the question in <prompt>" }
}

/// A question explains its answer.
public enum ExplanationRule: LintRule {
    public static let id = "explanation-empty"
    public static let summary = "every question explains its answer"

    static func empty(_ name: String) -> String {
        "\(name) has an empty explanation; say why the right answer is right"
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

/// A `<scenario>`, when there is one, describes the case.
public enum ScenarioRule: LintRule {
    public static let id = "scenario-empty"
    public static let summary = "a scenario, when present, is not empty"

    static func empty(_ name: String) -> String {
        "\(name) has an empty <scenario>; remove it or describe the case"
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

/// No choice is empty.
public enum EmptyChoiceRule: LintRule {
    public static let id = "choice-empty"
    public static let summary = "no choice is empty"
    static func empty(_ name: String, _ index: Int) -> String {
        "\(name) has an empty choice (choice \(index))"
    }
}

/// No choice is written twice.
public enum DuplicateChoiceRule: LintRule {
    public static let id = "choice-duplicate"
    public static let summary = "no choice is written twice"
    static func twice(_ name: String, _ text: String) -> String { "\(name) has the choice '\(text)' twice" }
    static let firstHere = "the first one is here"
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
