import SpacertCore

/// One question as the quality rules read it: the texts they look at (scenario, prompt,
/// choices, steps, pair items), folded, one after another in one byte buffer, each scanned
/// once into the facts every rule needs (`ItemText.Facts`) while its shingles and content-word
/// hashes are gathered. The bank reader fills one item from its arena and reuses it from one
/// question to the next, so inspecting a question builds no String for text the rules only
/// scan; a rule that has found something asks for the text as a String to word its message.
public final class QualityItem {
    /// What a text is to its question.
    enum Role: UInt8 {
        case scenario, prompt, key, distractor, step, left, right
    }

    /// A text: where its bytes are, its role and what one scan of it found.
    struct Text {
        var start: Int
        var end: Int
        var role: Role
        var facts: ItemText.Facts
        /// Whether the bytes are the reader's (`borrowedBase`), not in `bytes`.
        var borrowed = false
    }

    var id = ""
    var type = QuestionType.single
    var critical = false
    /// Whether the question has a `<scenario>` (empty or not).
    var hasScenario = false
    var tags: [String] = []
    var bankID = ""
    var location = SourceLocation(file: "", line: 1)
    var accepts: [LintAcceptance] = []

    /// The texts' bytes, one after another.
    private(set) var bytes: [UInt8] = []
    /// Where borrowed texts' offsets count from: the reader's buffer, valid while the
    /// question is inspected.
    private var borrowedBase: UnsafePointer<UInt8>?
    /// The texts in written order: the scenario (when there is one), the prompt, then the
    /// choices, steps or pair items.
    private(set) var texts: [Text] = []
    /// Every text's content-word stem hashes (`ItemText.contentWords`), by `Facts.content`.
    private(set) var contentHashes: [UInt64] = []
    /// The shingles of all the texts (`ItemText.shingles`), repeats kept.
    private(set) var shingles: [UInt64] = []
    /// The index of the prompt in `texts`, and how many texts are keys and distractors.
    private(set) var promptIndex = 0
    private(set) var keyCount = 0
    private(set) var distractorCount = 0

    init() {}

    /// The item of a built question: what the rules see of it, from its Strings.
    convenience init(_ question: Question) {
        self.init()
        reset(
            id: question.id, type: question.type, critical: question.critical, tags: question.tags,
            bankID: question.bankID, location: question.location, accepts: question.lintAccepts)
        if let scenario = question.scenario {
            hasScenario = true
            add(scenario, .scenario)
        }
        add(question.prompt, .prompt)
        switch question.body {
        case .choices(let choices):
            for choice in choices { add(choice.text, choice.correct ? .key : .distractor) }
        case .trueFalse: break
        case .order(let steps): for step in steps { add(step, .step) }
        case .match(let pairs):
            for pair in pairs {
                add(pair.left, .left)
                add(pair.right, .right)
            }
        }
    }

    /// Starts the next question, keeping the buffers' storage.
    func reset(
        id: String, type: QuestionType, critical: Bool, tags: [String], bankID: String,
        location: SourceLocation, accepts: [LintAcceptance]
    ) {
        self.id = id
        self.type = type
        self.critical = critical
        self.tags = tags
        self.bankID = bankID
        self.location = location
        self.accepts = accepts
        borrowedBase = nil
        hasScenario = false
        bytes.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        contentHashes.removeAll(keepingCapacity: true)
        shingles.removeAll(keepingCapacity: true)
        promptIndex = 0
        keyCount = 0
        distractorCount = 0
    }

    /// Adds a text whose bytes `write` appends to the buffer it is given, and scans it.
    func add(_ role: Role, writing write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        let end = bytes.count
        let facts = bytes.withUnsafeBufferPointer { all in
            ItemText.scan(
                UnsafeBufferPointer(rebasing: all[start..<end]), content: &contentHashes, shingles: &shingles)
        }
        note(role)
        texts.append(Text(start: start, end: end, role: role, facts: facts))
    }

    /// Adds a text the reader holds at `start..<end` of `base` (valid while the question is
    /// inspected): scanned where it is when it is ASCII and already folded, else folded into
    /// the buffer by `write` and scanned there.
    func add(
        _ role: Role, at base: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
        orWriting write: (inout [UInt8]) -> Void
    ) {
        if borrowedBase == nil { borrowedBase = base }
        guard base == borrowedBase,
            let facts = ItemText.scanFolded(
                UnsafeBufferPointer(start: base + start, count: end - start), content: &contentHashes,
                shingles: &shingles)
        else {
            add(role, writing: write)
            return
        }
        note(role)
        texts.append(Text(start: start, end: end, role: role, facts: facts, borrowed: true))
    }

    private func note(_ role: Role) {
        switch role {
        case .scenario: hasScenario = true
        case .prompt: promptIndex = texts.count
        case .key: keyCount += 1
        case .distractor: distractorCount += 1
        default: break
        }
    }

    /// Adds a text given as a String.
    func add(_ text: String, _ role: Role) {
        add(role) { $0.append(contentsOf: text.utf8) }
    }

    /// The prompt's facts.
    var prompt: Text { texts[promptIndex] }

    /// Whether the question is single or multiple choice.
    var hasChoices: Bool { type == .single || type == .multiple }

    /// A text as a String, for the few rules that go on to read words once a cue is found.
    func string(_ text: Text) -> String {
        if text.borrowed, let base = borrowedBase {
            return String(
                decoding: UnsafeBufferPointer(start: base + text.start, count: text.end - text.start),
                as: UTF8.self)
        }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[text.start..<text.end]), as: UTF8.self)
        }
    }

    /// The bytes of a text, for the call only.
    func withBytes<Result>(_ text: Text, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if text.borrowed, let base = borrowedBase {
            return body(UnsafeBufferPointer(start: base + text.start, count: text.end - text.start))
        }
        return bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[text.start..<text.end]))
        }
    }

    /// The content-word hashes of a text.
    func content(_ text: Text) -> ArraySlice<UInt64> {
        contentHashes[text.facts.content]
    }

    /// The keys' and the distractors' texts, in written order.
    var keys: [Text] { texts.filter { $0.role == .key } }
    var distractors: [Text] { texts.filter { $0.role == .distractor } }

    /// The name quality findings use.
    var lintName: String { "question '\(id)'" }
}
