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
    var tags: [String] = []
    var bankID = ""
    var location = SourceLocation(file: "", line: 1)
    var accepts: [LintAcceptance] = []

    /// What changes text by text, behind a pointer: a class's stored `var`s cost a dynamic
    /// exclusivity check on every access, and an item takes a few hundred thousand texts.
    private struct Storage {
        /// The texts' bytes, one after another.
        var bytes: [UInt8] = []
        /// Where borrowed texts' offsets count from: the reader's buffer, valid while the
        /// question is inspected.
        var borrowedBase: UnsafePointer<UInt8>?
        var texts: [Text] = []
        var contentHashes: [UInt64] = []
        var shingles: [UInt64] = []
        var promptIndex = 0
        var keyCount = 0
        var distractorCount = 0
        var hasScenario = false
    }

    private let storage: UnsafeMutablePointer<Storage>

    /// Whether the question has a `<scenario>` (empty or not).
    var hasScenario: Bool { storage.pointee.hasScenario }
    /// The texts' bytes, one after another.
    var bytes: [UInt8] { storage.pointee.bytes }
    /// The texts in written order: the scenario (when there is one), the prompt, then the
    /// choices, steps or pair items.
    var texts: [Text] { storage.pointee.texts }
    /// Every text's content-word stem hashes (`ItemText.contentWords`), by `Facts.content`.
    var contentHashes: [UInt64] { storage.pointee.contentHashes }
    /// The shingles of all the texts (`ItemText.shingles`), repeats kept.
    var shingles: [UInt64] { storage.pointee.shingles }
    /// The index of the prompt in `texts`, and how many texts are keys and distractors.
    var promptIndex: Int { storage.pointee.promptIndex }
    var keyCount: Int { storage.pointee.keyCount }
    var distractorCount: Int { storage.pointee.distractorCount }

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The item of a built question: what the rules see of it, from its Strings.
    convenience init(_ question: Question) {
        self.init()
        reset(
            id: question.id, type: question.type, critical: question.critical, tags: question.tags,
            bankID: question.bankID, location: question.location, accepts: question.lintAccepts)
        if let scenario = question.scenario {
            storage.pointee.hasScenario = true
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
        let storage = storage
        storage.pointee.borrowedBase = nil
        storage.pointee.hasScenario = false
        storage.pointee.bytes.removeAll(keepingCapacity: true)
        storage.pointee.texts.removeAll(keepingCapacity: true)
        storage.pointee.contentHashes.removeAll(keepingCapacity: true)
        storage.pointee.shingles.removeAll(keepingCapacity: true)
        storage.pointee.promptIndex = 0
        storage.pointee.keyCount = 0
        storage.pointee.distractorCount = 0
    }

    /// Adds a text whose bytes `write` appends to the buffer it is given, and scans it.
    func add(_ role: Role, writing write: (inout [UInt8]) -> Void) {
        let storage = storage
        let start = storage.pointee.bytes.count
        write(&storage.pointee.bytes)
        let end = storage.pointee.bytes.count
        let facts = storage.pointee.bytes.withUnsafeBufferPointer { all in
            ItemText.scan(
                UnsafeBufferPointer(rebasing: all[start..<end]), content: &storage.pointee.contentHashes,
                shingles: &storage.pointee.shingles)
        }
        note(role)
        storage.pointee.texts.append(Text(start: start, end: end, role: role, facts: facts))
    }

    /// Adds a text the reader holds at `start..<end` of `base` (valid while the question is
    /// inspected): scanned where it is when it is ASCII and already folded, else folded into
    /// the buffer by `write` and scanned there.
    func add(
        _ role: Role, at base: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
        orWriting write: (inout [UInt8]) -> Void
    ) {
        let storage = storage
        if storage.pointee.borrowedBase == nil { storage.pointee.borrowedBase = base }
        guard base == storage.pointee.borrowedBase,
            let facts = ItemText.scanFolded(
                UnsafeBufferPointer(start: base + start, count: end - start),
                content: &storage.pointee.contentHashes, shingles: &storage.pointee.shingles)
        else {
            add(role, writing: write)
            return
        }
        note(role)
        storage.pointee.texts.append(Text(start: start, end: end, role: role, facts: facts, borrowed: true))
    }

    private func note(_ role: Role) {
        let storage = storage
        switch role {
        case .scenario: storage.pointee.hasScenario = true
        case .prompt: storage.pointee.promptIndex = storage.pointee.texts.count
        case .key: storage.pointee.keyCount += 1
        case .distractor: storage.pointee.distractorCount += 1
        default: break
        }
    }

    /// Adds a text given as a String.
    func add(_ text: String, _ role: Role) {
        add(role) { $0.append(contentsOf: text.utf8) }
    }

    /// The prompt's facts.
    var prompt: Text { storage.pointee.texts[storage.pointee.promptIndex] }

    /// Whether the question is single or multiple choice.
    var hasChoices: Bool { type == .single || type == .multiple }

    /// A text as a String, for the few rules that go on to read words once a cue is found.
    func string(_ text: Text) -> String {
        if text.borrowed, let base = storage.pointee.borrowedBase {
            return String(
                decoding: UnsafeBufferPointer(start: base + text.start, count: text.end - text.start),
                as: UTF8.self)
        }
        return storage.pointee.bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[text.start..<text.end]), as: UTF8.self)
        }
    }

    /// The bytes of a text, for the call only.
    func withBytes<Result>(_ text: Text, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if text.borrowed, let base = storage.pointee.borrowedBase {
            return body(UnsafeBufferPointer(start: base + text.start, count: text.end - text.start))
        }
        return storage.pointee.bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[text.start..<text.end]))
        }
    }

    /// The content-word hashes of a text.
    func content(_ text: Text) -> ArraySlice<UInt64> {
        storage.pointee.contentHashes[text.facts.content]
    }

    /// The keys' and the distractors' texts, in written order.
    var keys: [Text] { storage.pointee.texts.filter { $0.role == .key } }
    var distractors: [Text] { storage.pointee.texts.filter { $0.role == .distractor } }

    /// The name quality findings use.
    var lintName: String { "question '\(id)'" }
}
