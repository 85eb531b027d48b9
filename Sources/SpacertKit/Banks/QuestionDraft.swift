/// A question as the bank reader wrote it down, before any check: what the structural rules
/// (`DraftRule`) read. Texts are slices of the reader's arena; the reader reuses one draft
/// from one question to the next.
struct QuestionDraft {
    typealias Text = TextArena.Slice

    /// A choice as written: its text, flags and line.
    struct Choice {
        var text: Text
        var correct: Bool
        var pinned: Bool
        var line: Int
    }

    /// A pair as written: its items and line.
    struct Pair {
        var left: Text
        var right: Text
        var line: Int
    }

    var id: String?
    var type: String?
    var rev: String?
    var difficulty: String?
    var critical = false
    var shuffle = true
    var tags: [String] = []
    var scenario: Text?
    var prompt: Text?
    var choices: [Choice] = []
    var answer: Text?
    var steps: [Text] = []
    var pairs: [Pair] = []
    var explanation: Text?
    var article: String?
    var hasArticle = false
    /// The `href` attribute of `<source>` when present (bank format 1.1), as written.
    var href: String?
    var section: Text?
    /// The line of `<source>`, 0 before it.
    var sourceLine = 0
    /// Findings the editor accepted with `<?spacert-lint accept RULE: reason?>`.
    var accepts: [LintAcceptance] = []
    /// Problems with those instructions, reported once the question is checked.
    var acceptProblems: [(message: String, line: Int)] = []
    /// The line of the `<question>` start tag.
    var line = 0
    /// The column of its `<`, when the reader knows it as `ColumnResolver` would find it.
    var column: Int?

    /// Starts a new question, keeping the arrays' storage.
    mutating func reset(line: Int) {
        id = nil
        type = nil
        rev = nil
        difficulty = nil
        critical = false
        shuffle = true
        tags.removeAll(keepingCapacity: true)
        scenario = nil
        prompt = nil
        choices.removeAll(keepingCapacity: true)
        answer = nil
        steps.removeAll(keepingCapacity: true)
        pairs.removeAll(keepingCapacity: true)
        explanation = nil
        article = nil
        hasArticle = false
        href = nil
        section = nil
        sourceLine = 0
        accepts.removeAll(keepingCapacity: true)
        acceptProblems.removeAll(keepingCapacity: true)
        self.line = line
        column = nil
    }
}
