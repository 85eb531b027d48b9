import SpacertXML

/// Reads one bank file in a single streaming pass: XSD validation by libxml2 as it reads,
/// each question written down as a `QuestionDraft` as it goes and handed, once complete, to
/// the structural rules (`LintRules.perDraft`), which check what XSD cannot express. The
/// reader only reads: the checks and their words belong to the rules.
///
/// Text is folded (white space runs to one space, trimmed) straight into one byte arena per
/// question. When questions are not retained (`lint`), only the texts a check needs are
/// kept: choices, answers, steps and pair items are compared or quoted; a prompt, scenario,
/// explanation or source section only has to be non-empty, so it is scanned, not copied,
/// and no `Question` is built. The checks read the same drafts either way.
struct BankFileReader {
    /// The element names the reader compares by interned pointer.
    private enum Name: Int, CaseIterable {
        case bank, description, question, scenario, prompt, choice, answer, step, pair, left, right
        case explanation, source

        static let vocabulary: [String] = allCases.map { "\($0)" }

        /// Whether text collected inside this element can be stored where its bytes matter
        /// (compared, quoted or kept): then it is copied even when questions are not retained.
        var needsBytes: Bool {
            switch self {
            case .description, .choice, .answer, .step, .left, .right: return true
            default: return false
            }
        }
    }

    /// The attributes read from elements, looked up in one pass per element.
    private enum Attribute: Int, CaseIterable {
        case id, type, rev, difficulty, critical, shuffle, tags, correct, pinned, article, href

        static let names: [String] = allCases.map { "\($0)" }
    }

    private typealias Text = TextArena.Slice
    private typealias Draft = QuestionDraft
    private typealias DraftChoice = QuestionDraft.Choice
    private typealias DraftPair = QuestionDraft.Pair

    let path: String
    private var diagnostics: [Diagnostic] = []
    /// Whether sound questions are built and kept in the bank.
    private let retain: Bool
    /// Sees each sound question's id and place; returns a diagnostic to refuse it.
    private let visit: (String, SourceLocation) -> Diagnostic?
    /// Sees each sound question as the quality rules read it, with its bank's line.
    private let inspect: ((QualityItem, Int) -> Void)?
    /// Whether every text is copied: questions are built (retained).
    private var keepsTexts: Bool { retain }
    /// The question the quality rules see, refilled for each question when inspecting.
    private let item = QualityItem()
    /// Sound questions seen, kept or not.
    private(set) var questionCount = 0
    /// The folded texts of the current question (or of the bank's description).
    private let arena = TextArena()

    private init(
        path: String, retain: Bool, visit: @escaping (String, SourceLocation) -> Diagnostic?,
        inspect: ((QualityItem, Int) -> Void)?
    ) {
        self.path = path
        self.retain = retain
        self.visit = visit
        self.inspect = inspect
    }

    /// Reads the bank at `path`; returns it (nil when unusable), every problem found and how
    /// many sound questions it accepted (all of the bank's category). `visit` sees each sound
    /// question's id and place as it is read, and may refuse it with a diagnostic; with
    /// `retain` the bank keeps the questions it accepted, without it the bank has none.
    /// `inspect` sees every sound question as the quality rules read it (its texts folded and
    /// scanned, no `Question` built) and the line of its bank's start tag: their way in.
    /// The file is read from libxml2's SAX events; when `again` comes back true, it met
    /// something only the tree reader (`treeReader`) reports: undo what `visit` and `inspect`
    /// were shown and read it again with that reader, whose results are the reference.
    static func read(
        path: String, schema: XMLSchema, maxBytes: Int, retain: Bool,
        inspect: ((QualityItem, Int) -> Void)? = nil, treeReader: Bool = false,
        visit: @escaping (String, SourceLocation) -> Diagnostic?
    ) -> (bank: QuestionBank?, diagnostics: [Diagnostic], questionCount: Int, complete: Bool, again: Bool) {
        var reader = BankFileReader(path: path, retain: retain, visit: visit, inspect: inspect)
        let bank = reader.run(schema: schema, maxBytes: maxBytes, treeReader: treeReader)
        return (bank, reader.diagnostics, reader.questionCount, !reader.stoppedEarly, reader.needsTreeReader)
    }

    /// Whether the SAX pass stopped at something only the tree reader reports: what it saw
    /// (and what `visit` and `inspect` were shown) must be undone and the file read again
    /// with `treeReader`.
    private var needsTreeReader = false

    /// Whether reading stopped before the end of the file (not readable, not well-formed).
    private var stoppedEarly = false

    private func location(_ line: Int, _ column: Int? = nil) -> SourceLocation {
        SourceLocation(file: path, line: max(line, 1), column: column)
    }

    /// Records a finding of `rule` (which worded `message`) at `line`.
    private mutating func error(
        _ rule: any LintRule.Type, _ message: String, line: Int, element: String? = nil,
        attribute: String? = nil
    ) {
        diagnostics.append(
            rule.diagnostic(message, at: location(line), element: element, attribute: attribute))
    }

    private mutating func run(schema: XMLSchema, maxBytes: Int, treeReader: Bool) -> QuestionBank? {
        if !treeReader {
            // libxml2's SAX events, no tree: the tree reader takes over (the caller reads the
            // file again) at anything only it reports.
            let reader: XMLEventReader
            do {
                reader = try XMLEventReader(
                    path: path, schema: schema, vocabulary: Name.vocabulary, maxBytes: maxBytes)
            } catch {
                diagnostics.append(XMLSyntaxRule.diagnostic(error.message, at: location(1)))
                stoppedEarly = true
                return nil
            }
            let bank = run(reader)
            if reader.needsTreeReader { needsTreeReader = true }
            return bank
        }
        let reader: XMLStreamReader
        do {
            reader = try XMLStreamReader(
                path: path, schema: schema, vocabulary: Name.vocabulary, maxBytes: maxBytes)
        } catch {
            diagnostics.append(XMLSyntaxRule.diagnostic(error.message, at: location(1)))
            stoppedEarly = true
            return nil
        }
        return run(reader)
    }

    private mutating func run<Reader: XMLNodeReading>(_ reader: Reader) -> QuestionBank? {
        let attributes = reader.nameSet(Attribute.names)
        if inspect != nil { reader.columnsFor("question") }
        let (bank, rootRefused, open) = reader.collectingErrors { readNodes(reader, attributes) }
        var problems = reader.problems
        stoppedEarly = problems.contains(where: \.isFatal)
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

    /// The streaming pass: every node once, in document order. Returns the bank, whether its
    /// root was refused, and the elements still open when reading stopped.
    private mutating func readNodes<Reader: XMLNodeReading>(_ reader: Reader, _ attributes: XMLNameSet) -> (
        bank: QuestionBank?, rootRefused: Bool, open: [(name: Name?, line: Int)]
    ) {
        var bank: QuestionBank?
        var rootRefused = false
        var draft = Draft()
        var inQuestion = false
        var collecting = false
        var pairLeft: Text?
        var pairRight: Text?
        var pairLine = 0
        // Open elements, so a file cut short can say which element it ends in.
        var open: [(name: Name?, line: Int)] = []
        // How many open elements need their text's bytes (see `Name.needsBytes`).
        var openNeedingBytes = 0

        // The node kinds are tested most frequent first, with plain branches: a jump table's
        // one indirect branch mispredicts more often on this alternating stream of kinds.
        while reader.read() {
            let kind = reader.kind
            if kind == .text {
                if collecting { reader.withValueBytes { arena.append($0) } }
                continue
            }
            if kind == .endElement {
                let name = Name(rawValue: reader.nameIndex)
                if let closed = open.popLast(), closed.name?.needsBytes == true { openNeedingBytes -= 1 }
                let depth = reader.depth
                collecting = false
                if depth == 1 && name == .question {
                    if inQuestion {
                        inQuestion = false
                        finish(draft, into: &bank)
                    }
                } else if depth == 1 && name == .description {
                    bank?.description = arena.string(arena.end())
                } else if inQuestion {
                    if name == .pair {
                        draft.pairs.append(
                            DraftPair(left: pairLeft ?? .empty, right: pairRight ?? .empty, line: pairLine))
                    } else {
                        store(name, arena.end(), in: &draft, left: &pairLeft, right: &pairRight)
                    }
                }
                continue
            }
            if kind == .processingInstruction {
                if inQuestion { readInstruction(reader, into: &draft) }
                continue
            }
            guard kind == .element else { continue }
            let depth = reader.depth
            let name = Name(rawValue: reader.nameIndex)
            let isEmpty = reader.isEmptyElement
            let line = reader.line
            if !isEmpty {
                open.append((name, line))
                if name?.needsBytes == true { openNeedingBytes += 1 }
            }
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
                reader.findAttributes(attributes)
                draft.reset(line: line)
                draft.column = reader.startTagColumn
                inQuestion = true
                arena.removeAll()
                draft.id = reader.attributeString(Attribute.id.rawValue)
                draft.type = reader.attributeString(Attribute.type.rawValue)
                draft.rev = reader.attributeString(Attribute.rev.rawValue)
                if keepsTexts || inspect != nil {
                    draft.difficulty = reader.attributeString(Attribute.difficulty.rawValue)
                    draft.critical =
                        reader.withAttributeBytes(Attribute.critical.rawValue) { $0.map(Self.isTrue) }
                        ?? false
                    draft.shuffle =
                        reader.withAttributeBytes(Attribute.shuffle.rawValue) { $0.map(Self.isTrue) } ?? true
                    draft.tags =
                        reader.attributeString(Attribute.tags.rawValue).map {
                            // Split as bytes: splitting a String by Character costs more
                            // than the rest of the attributes together.
                            $0.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
                        } ?? []
                }
                if isEmpty {
                    inQuestion = false
                    finish(draft, into: &bank)
                }
                continue
            }
            if depth == 1 && name == .description {
                arena.removeAll()
                arena.begin(keep: true)
                collecting = !isEmpty
                continue
            }
            guard inQuestion else { continue }
            switch name {
            case .choice:
                reader.findAttributes(attributes)
                draft.choices.append(
                    DraftChoice(
                        text: .empty,
                        correct: reader.withAttributeBytes(Attribute.correct.rawValue) { $0.map(Self.isTrue) }
                            ?? false,
                        pinned: reader.withAttributeBytes(Attribute.pinned.rawValue) { $0.map(Self.isTrue) }
                            ?? false,
                        line: line))
            case .source:
                reader.findAttributes(attributes)
                let keepArticle = keepsTexts
                (draft.hasArticle, draft.article) = reader.withAttributeBytes(Attribute.article.rawValue) {
                    article in
                    guard let article else { return (false, nil) }
                    return (!article.isEmpty, keepArticle ? String(decoding: article, as: UTF8.self) : nil)
                }
                draft.href = reader.attributeString(Attribute.href.rawValue)
                draft.sourceLine = line
            case .pair:
                pairLeft = nil
                pairRight = nil
                pairLine = line
                if isEmpty {
                    draft.pairs.append(DraftPair(left: .empty, right: .empty, line: pairLine))
                }
                continue
            default:
                break
            }
            // The quality rules read the scenario and prompt too.
            let inspected = inspect != nil && (name == .scenario || name == .prompt)
            arena.begin(keep: keepsTexts || inspected || openNeedingBytes > 0 || name?.needsBytes == true)
            collecting = !isEmpty
            if isEmpty {
                store(name, .empty, in: &draft, left: &pairLeft, right: &pairRight)
            }
        }
        return (bank, rootRefused, open)
    }

    private func store(
        _ name: Name?, _ text: Text, in draft: inout Draft, left: inout Text?, right: inout Text?
    ) {
        switch name {
        case .scenario: draft.scenario = text
        case .prompt: draft.prompt = text
        case .choice:
            if !draft.choices.isEmpty { draft.choices[draft.choices.count - 1].text = text }
        case .answer: draft.answer = text
        case .step: draft.steps.append(text)
        case .left: left = text
        case .right: right = text
        case .explanation: draft.explanation = text
        case .source: draft.section = text
        default: break
        }
    }

    /// The root must be `<bank>` in the version 1 namespace (`BankRootRule`).
    private mutating func checkRoot<Reader: XMLNodeReading>(_ reader: Reader) -> Bool {
        let name = reader.localName
        guard let problem = BankRootRule.problem(root: name, namespace: reader.namespaceURI) else {
            return true
        }
        error(BankRootRule.self, problem, line: reader.line, element: name == "bank" ? "bank" : name)
        return false
    }

    /// Reads a `<?spacert-lint accept RULE: reason?>` inside a question; other instructions
    /// are left alone.
    private func readInstruction<Reader: XMLNodeReading>(_ reader: Reader, into draft: inout Draft) {
        guard reader.localName == "spacert-lint" else { return }
        let line = reader.line
        let name = "question '\(draft.id ?? "?")'"
        switch LintAcceptRule.read(reader.value, in: name, line: line) {
        case .success(let acceptance): draft.accepts.append(acceptance)
        case .failure(let problem): draft.acceptProblems.append((problem.message, line))
        }
    }

    /// Libxml2's findings, after the semantic ones. A schema message that says less well
    /// what an editor-worded diagnostic on the same line already says is dropped: one about
    /// the same attribute, or one about the element's content when the question was refused.
    private mutating func mergeReaderProblems(_ problems: [XMLProblem]) {
        let rootRefused = diagnostics.contains { $0.rule == BankRootRule.id }
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

    /// Whether an attribute value means true: "true" or "1", compared as strings are.
    private static func isTrue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        TextArena.equals(bytes, "true") || TextArena.equals(bytes, "1")
    }

    /// Checks a finished question; counts it, and keeps it when retaining, when it is sound.
    private mutating func finish(_ draft: Draft, into bank: inout QuestionBank?) {
        let checked = check(draft)
        for problem in draft.acceptProblems {
            diagnostics.append(LintAcceptRule.diagnostic(problem.message, at: location(problem.line)))
        }
        guard let sound = checked, bank != nil else { return }
        let place = location(draft.line)
        if let refusal = visit(sound.id, place) {
            diagnostics.append(refusal)
            return
        }
        questionCount += 1
        if let inspect {
            // Quality findings are placed at the start tag, with its column when the reader
            // knew it (structural ones may point at an attribute: `ColumnResolver` finds those).
            var at = place
            at.column = draft.column
            inspect(inspected(draft, sound, at, bank: bank!), bank!.line)
        }
        guard keepsTexts else { return }
        let body: QuestionBody
        switch sound.type {
        case .single, .multiple:
            body = .choices(
                draft.choices.map {
                    Choice(text: arena.string($0.text), correct: $0.correct, pinned: $0.pinned)
                })
        case .truefalse:
            body = .trueFalse(draft.answer.map { arena.equals($0, "true") } ?? false)
        case .order:
            body = .order(draft.steps.map { arena.string($0) })
        case .match:
            body = .match(
                draft.pairs.map { MatchPair(left: arena.string($0.left), right: arena.string($0.right)) })
        }
        var question =
            Question(
                id: sound.id, type: sound.type, rev: sound.rev,
                difficulty: draft.difficulty.flatMap(Difficulty.init(rawValue:)) ?? .medium,
                critical: draft.critical, shuffle: draft.shuffle, tags: draft.tags,
                scenario: draft.scenario.map { arena.string($0) },
                prompt: draft.prompt.map { arena.string($0) } ?? "", body: body,
                explanation: draft.explanation.map { arena.string($0) } ?? "",
                source: draft.href.map {
                    Citation(title: draft.section.map { arena.string($0) } ?? "", url: $0)
                }
                    ?? Citation(
                        article: draft.article ?? "", section: draft.section.map { arena.string($0) } ?? ""),
                bankID: bank!.id, category: bank!.category, location: place)
        question.lintAccepts = draft.accepts
        if retain { bank!.questions.append(question) }
    }

    /// The reused quality item refilled with a sound question: its texts folded from the arena.
    private func inspected(
        _ draft: Draft, _ sound: (id: String, type: QuestionType, rev: Int), _ place: SourceLocation,
        bank: QuestionBank
    ) -> QualityItem {
        item.reset(
            id: sound.id, type: sound.type, critical: draft.critical, tags: draft.tags, bankID: bank.id,
            location: place, accepts: draft.accepts)
        let arena = arena
        let item = item
        return arena.withBase { base in
            fill(item, draft, sound.type) { text, role in
                item.add(role, at: base, text.start, text.end) { arena.appendFolded(text, to: &$0) }
            }
            return item
        }
    }

    /// Adds the texts of a question to its item, in written order.
    private func fill(
        _ item: QualityItem, _ draft: Draft, _ type: QuestionType, _ add: (Text, QualityItem.Role) -> Void
    ) {
        if let scenario = draft.scenario { add(scenario, .scenario) }
        add(draft.prompt ?? .empty, .prompt)
        switch type {
        case .single, .multiple:
            for choice in draft.choices { add(choice.text, choice.correct ? .key : .distractor) }
        case .truefalse: break
        case .order: for step in draft.steps { add(step, .step) }
        case .match:
            for pair in draft.pairs {
                add(pair.left, .left)
                add(pair.right, .right)
            }
        }
    }

    /// Runs the structural rules (`LintRules.perDraft`, in order) on a finished question;
    /// returns its id, type and rev when it passed them all (no error added), nil otherwise.
    private mutating func check(_ draft: Draft) -> (id: String, type: QuestionType, rev: Int)? {
        var checking = DraftCheck(draft: draft, arena: arena, path: path)
        for rule in LintRules.perDraft where !rule.check(&checking) { break }
        guard checking.findings.isEmpty else {
            diagnostics.append(contentsOf: checking.findings)
            return nil
        }
        return (checking.id, checking.type, checking.rev)
    }
}
