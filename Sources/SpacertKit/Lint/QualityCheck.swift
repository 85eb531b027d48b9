/// One bank's item-quality figures (`spacert banks --quality`): how many questions carry a
/// flaw, and each cue's rate against what chance or the keys would give.
public struct BankQuality: Sendable, Hashable, Encodable {
    public var bank: String
    public var file: String
    public var questions = 0
    /// Questions with at least one quality finding that was not accepted.
    public var flawed = 0
    /// Findings not accepted, by rule id (pair rules count at both questions).
    public var findings: [String: Int] = [:]
    /// Findings accepted in the XML.
    public var accepted = 0
    /// Single-choice questions, and in how many of them the key is strictly the longest.
    public var singleChoice = 0
    public var keyLongest = 0
    /// How many keys would be the longest by chance: the sum of 1/k.
    public var keyLongestChance = 0.0
    /// Wrong options and keys of choice questions, and how many use an absolute word or give
    /// a reason ("because", "since").
    public var wrongOptions = 0
    public var wrongAbsolute = 0
    public var wrongJustified = 0
    public var keys = 0
    public var keysAbsolute = 0
    public var keysJustified = 0
    /// Near-duplicate pairs with at least one question in this bank.
    public var nearDuplicatePairs = 0
    /// Questions per tag.
    public var tags: [String: Int] = [:]
    /// Questions with a scenario (judgement questions).
    public var scenarios = 0

    /// The variance of the key-longest count under chance (sum of p(1-p)).
    var keyLongestVariance = 0.0
    /// The line of the `<bank>` start tag.
    var line = 1
}

/// Runs the quality rules over the questions a load inspects: per-question rules as each
/// question is read, the bank-level and cross-question rules at the end. Findings an editor
/// accepted in the XML are set aside with their reasons.
final class QualityCheck {
    private var pending: [Diagnostic] = []
    private(set) var accepted: [AcceptedFinding] = []
    private(set) var banks: [BankQuality] = []
    private var bankIndexByFile: [String: Int] = [:]
    private var index = NearDuplicateIndex()
    /// Per inspected question: its bank's index, and whether it has an unaccepted finding.
    private var questionBank: [Int32] = []
    private var questionFlagged: [Bool] = []

    /// A check with room for about `expectedQuestions` questions.
    init(expectedQuestions: Int = 0) {
        index.reserve(questions: expectedQuestions)
        questionBank.reserveCapacity(expectedQuestions)
        questionFlagged.reserveCapacity(expectedQuestions)
    }

    /// Where the check stood, to undo the questions inspected after it (`rollBack(to:)`).
    struct Mark {
        fileprivate var pending: Int
        fileprivate var accepted: Int
        fileprivate var banks: [BankQuality]
        fileprivate var bankIndexByFile: [String: Int]
        fileprivate var questions: Int
        fileprivate var index: NearDuplicateIndex.Mark
    }

    /// Where the check stands now.
    func mark() -> Mark {
        Mark(
            pending: pending.count, accepted: accepted.count, banks: banks, bankIndexByFile: bankIndexByFile,
            questions: questionFlagged.count, index: index.mark())
    }

    /// Forgets every question inspected since `mark`, and what they added.
    func rollBack(to mark: Mark) {
        pending.removeSubrange(mark.pending...)
        accepted.removeSubrange(mark.accepted...)
        banks = mark.banks
        bankIndexByFile = mark.bankIndexByFile
        questionBank.removeSubrange(mark.questions...)
        questionFlagged.removeSubrange(mark.questions...)
        index.rollBack(to: mark.index)
    }

    /// Checks one sound question; `bankLine` is its bank's start tag line.
    func inspect(_ question: QualityItem, bankLine: Int) {
        let file = question.location.file
        let bankIndex: Int
        if let last = banks.indices.last, banks[last].file == file {
            // Questions come a file at a time: most are in the bank seen last.
            bankIndex = last
        } else if let known = bankIndexByFile[file] {
            bankIndex = known
        } else {
            bankIndex = banks.count
            bankIndexByFile[file] = bankIndex
            var fresh = BankQuality(bank: question.bankID, file: file)
            fresh.line = bankLine
            banks.append(fresh)
        }
        let ordinal = questionFlagged.count
        questionBank.append(Int32(bankIndex))
        questionFlagged.append(false)
        tally(question, into: &banks[bankIndex])
        for rule in LintRules.perQuestion {
            for message in rule.findings(in: question) {
                report(rule, message, question: question, ordinal: ordinal)
            }
        }
        var reasons: [String: String] = [:]
        for acceptance in question.accepts
        where acceptance.rule == NearDuplicateRule.id || acceptance.rule == CriticalMismatchRule.id {
            reasons[acceptance.rule] = acceptance.reason
        }
        index.add(question, ordinal: ordinal, reasons: reasons)
    }

    private func tally(_ question: QualityItem, into bank: inout BankQuality) {
        bank.questions += 1
        if question.hasScenario { bank.scenarios += 1 }
        for tag in question.tags { bank.tags[tag, default: 0] += 1 }
        if let longest = KeyLongestRule.keyIsLongest(question) {
            bank.singleChoice += 1
            if longest.longest { bank.keyLongest += 1 }
            bank.keyLongestChance += longest.chance
            bank.keyLongestVariance += longest.chance * (1 - longest.chance)
        }
        guard question.hasChoices else { return }
        for choice in question.texts where choice.role == .key || choice.role == .distractor {
            let absolute = choice.facts.hasAbsolute
            let justified = choice.facts.justification >= 0
            if choice.role == .key {
                bank.keys += 1
                if absolute { bank.keysAbsolute += 1 }
                if justified { bank.keysJustified += 1 }
            } else {
                bank.wrongOptions += 1
                if absolute { bank.wrongAbsolute += 1 }
                if justified { bank.wrongJustified += 1 }
            }
        }
    }

    /// Records a finding on a question, or sets it aside when the question accepts the rule.
    private func report(
        _ rule: any LintRule.Type, _ message: String, question: QualityItem, ordinal: Int,
        notes: [Diagnostic.Note] = [], accepts: Set<String>? = nil
    ) {
        let bankIndex = Int(questionBank[ordinal])
        if let acceptance = question.accepts.first(where: { $0.rule == rule.id }) {
            accepted.append(
                AcceptedFinding(
                    rule: rule.id, question: question.id, location: Self.lineOnly(question.location),
                    reason: acceptance.reason,
                    message: message))
            banks[bankIndex].accepted += 1
            return
        }
        pending.append(rule.diagnostic(message, at: question.location, notes: notes, element: "question"))
        banks[bankIndex].findings[rule.id, default: 0] += 1
        if !questionFlagged[ordinal] {
            questionFlagged[ordinal] = true
            banks[bankIndex].flawed += 1
        }
    }

    /// An accepted finding's place: its line (a question's location may carry the column the
    /// reader found, which only diagnostics show).
    private static func lineOnly(_ location: SourceLocation) -> SourceLocation {
        SourceLocation(file: location.file, line: location.line)
    }

    /// The findings on questions read since the last call, to be placed with their file's.
    func takeDiagnostics() -> [Diagnostic] {
        defer { pending.removeAll() }
        return pending
    }

    /// The bank-level and cross-question findings, once every file is read.
    func finish() -> [Diagnostic] {
        for bank in banks {
            if let message = KeyLongestRule.bankFinding(
                bank: bank.bank, longest: bank.keyLongest, questions: bank.singleChoice,
                chance: bank.keyLongestChance, variance: bank.keyLongestVariance)
            {
                pending.append(
                    KeyLongestRule.diagnostic(
                        message, at: SourceLocation(file: bank.file, line: bank.line), element: "bank"))
            }
        }
        for pair in index.pairs() {
            let first = index.entry(pair.first)
            let second = index.entry(pair.second)
            let firstBank = Int(questionBank[first.ordinal])
            let secondBank = Int(questionBank[second.ordinal])
            banks[firstBank].nearDuplicatePairs += 1
            if secondBank != firstBank { banks[secondBank].nearDuplicatePairs += 1 }
            reportPair(NearDuplicateRule.self, pair.similarity, first, second) {
                NearDuplicateRule.message("question '\(second.id)'", first.id, similarity: pair.similarity)
            }
            if first.critical != second.critical {
                reportPair(CriticalMismatchRule.self, pair.similarity, first, second) {
                    CriticalMismatchRule.message(
                        "question '\(second.id)'", critical: second.critical, other: first.id)
                }
            }
        }
        return takeDiagnostics()
    }

    /// A pair finding at the second question with a note at the first, unless either accepts it.
    private func reportPair(
        _ rule: any LintRule.Type, _ similarity: Double, _ first: NearDuplicateIndex.Entry,
        _ second: NearDuplicateIndex.Entry, message: () -> String
    ) {
        let text = message()
        if let accepting = [second, first].first(where: { $0.accepts.contains(rule.id) }) {
            accepted.append(
                AcceptedFinding(
                    rule: rule.id, question: accepting.id, location: Self.lineOnly(accepting.location),
                    reason: accepting.reasons[rule.id] ?? "", message: text))
            banks[Int(questionBank[accepting.ordinal])].accepted += 1
            return
        }
        pending.append(
            rule.diagnostic(
                text, at: second.location,
                notes: [.init(location: first.location, message: NearDuplicateRule.otherHere(first.id))],
                element: "question"))
        for entry in [first, second] {
            let bankIndex = Int(questionBank[entry.ordinal])
            banks[bankIndex].findings[rule.id, default: 0] += 1
            if !questionFlagged[entry.ordinal] {
                questionFlagged[entry.ordinal] = true
                banks[bankIndex].flawed += 1
            }
        }
    }
}
