import SpacertXML

/// Reads one bank file in a single streaming pass: XSD validation by libxml2 as it reads,
/// Swift values built as it goes, then the checks XSD cannot express.
struct BankFileReader {
    /// The element names the reader compares by interned pointer.
    private enum Name: Int, CaseIterable {
        case bank, description, question, scenario, prompt, choice, answer, step, pair, left, right
        case explanation, source

        static let vocabulary: [String] = allCases.map { "\($0)" }
    }

    /// A question as written, before its checks.
    private struct Draft {
        var id: String?
        var type: String?
        var rev: String?
        var difficulty: String?
        var critical = false
        var shuffle = true
        var tags: [String] = []
        var scenario: String?
        var prompt: String?
        var choices: [(choice: Choice, line: Int)] = []
        var answer: String?
        var steps: [String] = []
        var pairs: [(pair: MatchPair, line: Int)] = []
        var explanation: String?
        var article: String?
        var section: String?
        var line: Int
        var misplaced: [(name: String, line: Int)] = []
    }

    let path: String
    private var diagnostics: [Diagnostic] = []
    /// Sees each sound question; returns a diagnostic to refuse it, and whether to keep it.
    private let visit: (Question) -> (refusal: Diagnostic?, keep: Bool)
    /// Sound questions seen, kept or not.
    private(set) var questionCount = 0

    private init(path: String, visit: @escaping (Question) -> (refusal: Diagnostic?, keep: Bool)) {
        self.path = path
        self.visit = visit
    }

    /// Reads the bank at `path`; returns it (nil when unusable), every problem found and how
    /// many sound questions it holds. `visit` sees each sound question as it is read.
    static func read(
        path: String, schema: XMLSchema, maxBytes: Int,
        visit: @escaping (Question) -> (refusal: Diagnostic?, keep: Bool)
    ) -> (bank: QuestionBank?, diagnostics: [Diagnostic], questionCount: Int) {
        var reader = BankFileReader(path: path, visit: visit)
        let bank = reader.run(schema: schema, maxBytes: maxBytes)
        return (bank, reader.diagnostics, reader.questionCount)
    }

    private func location(_ line: Int, _ column: Int? = nil) -> SourceLocation {
        SourceLocation(file: path, line: max(line, 1), column: column)
    }

    private mutating func error(
        _ message: String, line: Int, element: String? = nil, attribute: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(.error, message, at: location(line), element: element, attribute: attribute))
    }

    private mutating func run(schema: XMLSchema, maxBytes: Int) -> QuestionBank? {
        let reader: XMLStreamReader
        do {
            reader = try XMLStreamReader(
                path: path, schema: schema, vocabulary: Name.vocabulary, maxBytes: maxBytes)
        } catch {
            diagnostics.append(Diagnostic(.error, error.message, at: location(1)))
            return nil
        }
        var bank: QuestionBank?
        var rootRefused = false
        var draft: Draft?
        var text: [UInt8] = []
        var collecting = false
        var pairLeft: String?
        var pairRight: String?
        var pairLine = 0
        // Open elements, so a file cut short can say which element it ends in.
        var open: [(name: Name?, line: Int)] = []

        while reader.read() {
            switch reader.kind {
            case .element:
                let depth = reader.depth
                let name = Name(rawValue: reader.nameIndex)
                if !reader.isEmptyElement { open.append((name, reader.line)) }
                if depth == 0 {
                    guard checkRoot(reader) else {
                        rootRefused = true
                        break
                    }
                    bank = QuestionBank(
                        id: reader.attribute("id") ?? "", title: reader.attribute("title") ?? "",
                        category: Category(rawValue: reader.attribute("category") ?? "") ?? .techniques,
                        questions: [], file: path)
                    bank?.line = reader.line
                    continue
                }
                if depth == 1 && name == .question {
                    draft = Draft(
                        id: reader.attribute("id"), type: reader.attribute("type"),
                        rev: reader.attribute("rev"),
                        difficulty: reader.attribute("difficulty"),
                        critical: reader.attribute("critical").map(Self.isTrue) ?? false,
                        shuffle: reader.attribute("shuffle").map(Self.isTrue) ?? true,
                        tags: reader.attribute("tags").map { $0.split(separator: " ").map(String.init) }
                            ?? [],
                        line: reader.line)
                    if reader.isEmptyElement { finish(&draft, into: &bank) }
                    continue
                }
                if depth == 1 && name == .description {
                    text.removeAll(keepingCapacity: true)
                    collecting = !reader.isEmptyElement
                    continue
                }
                guard draft != nil else { continue }
                switch name {
                case .choice:
                    draft!.choices.append(
                        (
                            Choice(
                                text: "", correct: reader.attribute("correct").map(Self.isTrue) ?? false,
                                pinned: reader.attribute("pinned").map(Self.isTrue) ?? false), reader.line
                        ))
                case .source:
                    draft!.article = reader.attribute("article")
                case .pair:
                    pairLeft = nil
                    pairRight = nil
                    pairLine = reader.line
                    if reader.isEmptyElement {
                        draft!.pairs.append((MatchPair(left: "", right: ""), pairLine))
                    }
                    continue
                default:
                    break
                }
                text.removeAll(keepingCapacity: true)
                collecting = !reader.isEmptyElement
                if reader.isEmptyElement {
                    store(name, text: "", in: &draft!, left: &pairLeft, right: &pairRight)
                }
            case .text:
                if collecting { reader.appendValue(to: &text) }
            case .endElement:
                let name = Name(rawValue: reader.nameIndex)
                if !open.isEmpty { open.removeLast() }
                let depth = reader.depth
                collecting = false
                if depth == 1 && name == .question {
                    finish(&draft, into: &bank)
                } else if depth == 1 && name == .description {
                    bank?.description = Self.normalized(text)
                } else if draft != nil {
                    if name == .pair {
                        draft!.pairs.append(
                            (MatchPair(left: pairLeft ?? "", right: pairRight ?? ""), pairLine))
                    } else {
                        store(
                            name, text: Self.normalized(text), in: &draft!, left: &pairLeft, right: &pairRight
                        )
                    }
                }
            case .other:
                continue
            }
            if rootRefused { break }
        }
        var problems = reader.problems
        // libxml2's streaming reader calls a file cut short "extra content at the end".
        if let innermost = open.last, let last = problems.last, last.isFatal,
            last.message == "there is content after the root element's end tag"
        {
            let name = innermost.name.map { "\($0)" } ?? "an element"
            problems[problems.count - 1].message =
                "the file ends before <\(name)> (opened on line \(innermost.line)) is closed; is it truncated?"
        }
        mergeReaderProblems(problems)
        return rootRefused ? nil : bank
    }

    private func store(
        _ name: Name?, text: String, in draft: inout Draft, left: inout String?, right: inout String?
    ) {
        switch name {
        case .scenario: draft.scenario = text
        case .prompt: draft.prompt = text
        case .choice:
            if !draft.choices.isEmpty { draft.choices[draft.choices.count - 1].choice.text = text }
        case .answer: draft.answer = text
        case .step: draft.steps.append(text)
        case .left: left = text
        case .right: right = text
        case .explanation: draft.explanation = text
        case .source: draft.section = text
        default: break
        }
    }

    /// The root must be `<bank>` in the version 1 namespace.
    private mutating func checkRoot(_ reader: XMLStreamReader) -> Bool {
        let name = reader.localName
        let namespace = reader.namespaceURI
        let line = reader.line
        if name != "bank" {
            error(
                "the root element is <\(name)>; a question bank starts with <bank xmlns=\"\(BankLoader.namespace)\">",
                line: line, element: reader.localName)
            return false
        }
        guard let namespace, namespace.hasPrefix(BankLoader.namespaceStem) else {
            let found = namespace.map { "namespace '\($0)'" } ?? "no namespace"
            error(
                "<bank> has \(found); bank format version 1 needs xmlns=\"\(BankLoader.namespace)\"",
                line: line, element: "bank")
            return false
        }
        if namespace != BankLoader.namespace {
            let version = namespace.dropFirst(BankLoader.namespaceStem.count)
            error(
                "this bank is written in format version \(version); this spacert reads version 1 (xmlns=\"\(BankLoader.namespace)\")",
                line: line, element: "bank")
            return false
        }
        return true
    }

    /// Libxml2's findings, after the semantic ones. A schema message that says less well
    /// what an editor-worded diagnostic on the same line already says is dropped: one about
    /// the same attribute, or one about the element's content when the question was refused.
    private mutating func mergeReaderProblems(_ problems: [XMLProblem]) {
        let rootRefused = diagnostics.contains {
            $0.element == "bank" || $0.message.hasPrefix("the root element")
        }
        var attributesExplained = Set<String>()
        var linesExplained = Set<Int>()
        for diagnostic in diagnostics {
            linesExplained.insert(diagnostic.location.line)
            if let attribute = diagnostic.attribute {
                attributesExplained.insert("\(diagnostic.location.line) \(attribute)")
            }
        }
        for problem in problems {
            let diagnostic = Diagnostic(problem, in: path)
            if problem.origin == .schema {
                if rootRefused { continue }
                if let attribute = diagnostic.attribute,
                    attributesExplained.contains("\(problem.line) \(attribute)")
                {
                    continue
                }
                if diagnostic.attribute == nil && linesExplained.contains(problem.line) { continue }
            }
            diagnostics.append(diagnostic)
        }
    }

    private static func isTrue(_ value: String) -> Bool { value == "true" || value == "1" }

    /// Bank text with runs of white space (line breaks and indentation) folded to one space
    /// and trimmed, worked on the UTF-8 bytes in one pass.
    static func normalized(_ bytes: [UInt8]) -> String {
        // One allocation: the folded text is written straight into the string's storage.
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        buffer[count] = 0x20
                        count += 1
                    }
                    pendingSpace = false
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }

    /// Checks a finished question and adds it to the bank when it is sound.
    private mutating func finish(_ draft: inout Draft?, into bank: inout QuestionBank?) {
        guard let question = draft else { return }
        draft = nil
        if var built = check(question), bank != nil {
            built.bankID = bank!.id
            built.category = bank!.category
            let verdict = visit(built)
            if let refusal = verdict.refusal {
                diagnostics.append(refusal)
                return
            }
            questionCount += 1
            if verdict.keep { bank!.questions.append(built) }
        }
    }

    private mutating func check(_ draft: Draft) -> Question? {
        let line = draft.line
        let errorsBefore = diagnostics.count
        guard let id = draft.id, !id.isEmpty else {
            error(
                "a <question> needs an id attribute, for example id=\"ci-pregnancy-01\"", line: line,
                element: "question")
            return nil
        }
        let name = "question '\(id)'"
        guard let typeName = draft.type else {
            error(
                "\(name) needs a type attribute: single, multiple, truefalse, order or match", line: line,
                element: "question")
            return nil
        }
        guard let type = QuestionType(rawValue: typeName) else {
            error(
                "\(name) has unknown type '\(typeName)'; use single, multiple, truefalse, order or match",
                line: line, element: "question", attribute: "type")
            return nil
        }
        var rev = 1
        if let text = draft.rev {
            if let value = Int(text), value >= 1 {
                rev = value
            } else {
                error(
                    "\(name) has rev=\"\(text)\"; rev must be a whole number of 1 or more", line: line,
                    element: "question", attribute: "rev")
            }
        }
        let difficulty = draft.difficulty.flatMap(Difficulty.init(rawValue:)) ?? .medium
        if (draft.prompt ?? "").isEmpty {
            error("\(name) has no prompt; write the question in <prompt>", line: line, element: "question")
        }
        if (draft.explanation ?? "").isEmpty {
            error(
                "\(name) has an empty explanation; say why the right answer is right", line: line,
                element: "question")
        }
        if (draft.article ?? "").isEmpty || (draft.section ?? "").isEmpty {
            error(
                "\(name) needs a source: <source article=\"FILE\">section heading</source>",
                line: line, element: "question")
        }
        if let scenario = draft.scenario, scenario.isEmpty {
            error(
                "\(name) has an empty <scenario>; remove it or describe the case", line: line,
                element: "scenario")
        }
        let body = checkBody(draft, type: type, name: name)
        guard diagnostics.count == errorsBefore, let body else { return nil }
        return Question(
            id: id, type: type, rev: rev, difficulty: difficulty, critical: draft.critical,
            shuffle: draft.shuffle,
            tags: draft.tags, scenario: draft.scenario, prompt: draft.prompt ?? "", body: body,
            explanation: draft.explanation ?? "",
            source: Citation(article: draft.article ?? "", section: draft.section ?? ""),
            bankID: "", category: .techniques, location: location(line))
    }

    private mutating func checkBody(_ draft: Draft, type: QuestionType, name: String) -> QuestionBody? {
        let line = draft.line
        let present: [(String, Bool)] = [
            ("<choice>", !draft.choices.isEmpty), ("<answer>", draft.answer != nil),
            ("<step>", !draft.steps.isEmpty), ("<pair>", !draft.pairs.isEmpty),
        ]
        let expected: String
        switch type {
        case .single, .multiple: expected = "<choice>"
        case .truefalse: expected = "<answer>"
        case .order: expected = "<step>"
        case .match: expected = "<pair>"
        }
        for (element, isThere) in present where isThere && element != expected {
            error(
                "\(name) is type '\(type.rawValue)' but has \(element) elements; a \(type.rawValue) question uses \(expected)",
                line: line, element: "question", attribute: "type")
            return nil
        }
        switch type {
        case .single, .multiple:
            let choices = draft.choices.map(\.choice)
            if choices.count < 2 {
                error(
                    "\(name) has \(choices.count) choice(s); a choice question needs at least two",
                    line: line, element: "question")
                return nil
            }
            for (index, entry) in draft.choices.enumerated() where entry.choice.text.isEmpty {
                error(
                    "\(name) has an empty choice (choice \(index + 1))", line: entry.line, element: "choice")
            }
            // A handful of choices: a linear scan beats hashing every text.
            for (index, entry) in draft.choices.enumerated() {
                if let first = draft.choices[..<index].first(where: { $0.choice.text == entry.choice.text }) {
                    diagnostics.append(
                        Diagnostic(
                            .error, "\(name) has the choice '\(entry.choice.text)' twice",
                            at: location(entry.line),
                            notes: [.init(location: location(first.line), message: "the first one is here")],
                            element: "choice"))
                }
            }
            let correct = choices.filter(\.correct).count
            if type == .single && correct != 1 {
                let count = correct == 0 ? "no choice" : "\(Self.spelled(correct)) choices"
                error(
                    "\(name) has \(count) marked correct; a single-choice question needs exactly one",
                    line: line, element: "question")
            }
            if type == .multiple && correct == 0 {
                error(
                    "\(name) has no choice marked correct; a multiple-choice question needs at least one",
                    line: line, element: "question")
            }
            if type == .multiple && correct == choices.count {
                error(
                    "\(name) has every choice marked correct; a multiple-choice question needs at least one wrong choice",
                    line: line, element: "question")
            }
            return .choices(choices)
        case .truefalse:
            switch draft.answer {
            case "true": return .trueFalse(true)
            case "false": return .trueFalse(false)
            case nil:
                error(
                    "\(name) has no <answer>; a truefalse question says <answer>true</answer> or <answer>false</answer>",
                    line: line, element: "question")
            case let other?:
                error(
                    "\(name) has <answer>\(other)</answer>; write true or false", line: line,
                    element: "answer")
            }
            return nil
        case .order:
            if draft.steps.count < 3 {
                error(
                    "\(name) has \(draft.steps.count) step(s); an order question needs at least three",
                    line: line, element: "question")
                return nil
            }
            if draft.steps.contains(where: \.isEmpty) {
                error("\(name) has an empty <step>", line: line, element: "step")
            }
            if draft.steps.indices.contains(where: { index in
                draft.steps[..<index].contains(draft.steps[index])
            }) {
                error(
                    "\(name) has two identical steps; every step must be distinct", line: line,
                    element: "question")
            }
            return .order(draft.steps)
        case .match:
            if draft.pairs.count < 2 {
                error(
                    "\(name) has \(draft.pairs.count) pair(s); a match question needs at least two",
                    line: line, element: "question")
                return nil
            }
            for (index, entry) in draft.pairs.enumerated() {
                if entry.pair.left.isEmpty || entry.pair.right.isEmpty {
                    error(
                        "\(name) has a <pair> without both <left> and <right> text", line: entry.line,
                        element: "pair")
                }
                let earlier = draft.pairs[..<index]
                for (side, value, first) in [
                    ("left", entry.pair.left, earlier.first { $0.pair.left == entry.pair.left }),
                    ("right", entry.pair.right, earlier.first { $0.pair.right == entry.pair.right }),
                ] where !value.isEmpty {
                    if let first {
                        diagnostics.append(
                            Diagnostic(
                                .error,
                                "\(name) has the \(side) item '\(value)' in two pairs; match pairs must be distinct",
                                at: location(entry.line),
                                notes: [
                                    .init(location: location(first.line), message: "the first one is here")
                                ],
                                element: "pair"))
                    }
                }
            }
            return .match(draft.pairs.map(\.pair))
        }
    }

    private static func spelled(_ count: Int) -> String {
        ["zero", "one", "two", "three", "four", "five", "six"].indices.contains(count)
            ? ["zero", "one", "two", "three", "four", "five", "six"][count] : "\(count)"
    }
}
