import SpacertKit
import SpacertTerminal

/// What a trainee has picked on one question so far, by single keypresses, before it is
/// submitted (practice) or saved (exam): the choice for one answer and true/false, the
/// selection for select-all, the sequence for order, the pairs for match, and a cursor.
///
/// Pure: the practice quiz and the exam on a terminal both feed it keys and read the answer.
public struct AnswerPicker: Sendable, Hashable {
    /// One pair of a match answer as picked: a left key (digit) and a right key (letter).
    public struct Pair: Sendable, Hashable {
        /// The left item's key, `1`, `2`, ...
        public var left: String
        /// The right item's key, `a`, `b`, ...
        public var right: String
    }

    /// The question's type, which decides what a key does.
    public let type: QuestionType
    /// Keys of the choices or steps, as shown (empty for match).
    public let itemKeys: [String]
    /// Keys of the left items of a match (empty otherwise).
    public let leftKeys: [String]
    /// Keys of the right items of a match (empty otherwise).
    public let rightKeys: [String]
    /// Letters that stand for an item's key: `t` and `f` for True and False.
    public let aliases: [String: String]
    /// The selection (single, multiple, true/false) or the sequence (order), in picking order.
    public private(set) var picked: [String] = []
    /// Match pairs, in picking order.
    public private(set) var pairs: [Pair] = []
    /// The left key a match pair is being made for, after a digit was pressed.
    public private(set) var pendingLeft: String?
    /// The highlighted choice or step (an index into `itemKeys`).
    public private(set) var cursor = 0
    /// Whether the cursor was moved with the arrow keys since the picks were last set.
    public private(set) var cursorMoved = false

    /// A picker for `presented` with nothing picked, or with `given` (an answer saved before).
    public init(_ presented: PresentedQuestion, given: Answer? = nil) {
        type = presented.question.type
        itemKeys = presented.items.map(\.key)
        leftKeys = presented.left.map(\.key)
        rightKeys = presented.right.map(\.key)
        var aliases: [String: String] = [:]
        if type == .truefalse {
            for item in presented.items {
                if item.text == "True" { aliases["t"] = item.key }
                if item.text == "False" { aliases["f"] = item.key }
            }
        }
        self.aliases = aliases
        switch given {
        case .keys(let keys)?:
            picked = keys
            if let first = keys.first, let index = itemKeys.firstIndex(of: first), type != .order {
                cursor = index
            }
        case .pairs(let given)?:
            pairs = leftKeys.compactMap { left in given[left].map { Pair(left: left, right: $0) } }
        case nil:
            break
        }
    }

    /// The keys that pick something: choice or step letters (and `t`/`f` on true or false), or a
    /// match's letters and digits.
    public var pickingKeys: [String] {
        type == .match ? leftKeys + rightKeys : itemKeys + aliases.keys.sorted()
    }

    /// Whether nothing is picked.
    public var isEmpty: Bool { type == .match ? pairs.isEmpty && pendingLeft == nil : picked.isEmpty }

    /// Handles a picking key: a letter or digit of the question, space (the highlighted
    /// choice), the arrows up and down, and backspace. Returns false for any other key, for
    /// the caller to handle (a letter is taken as lower case).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(" "):
            guard itemKeys.indices.contains(cursor) else { return false }
            pick(itemKeys[cursor])
            return true
        case .char(let character):
            let typed = String(character).lowercased()
            let text = aliases[typed] ?? typed
            if type == .match, leftKeys.contains(text) {
                pendingLeft = text
                return true
            }
            guard (type == .match ? rightKeys : itemKeys).contains(text) else { return false }
            pick(text)
            return true
        case .up:
            guard !itemKeys.isEmpty else { return false }
            cursor = max(0, cursor - 1)
            cursorMoved = true
            return true
        case .down:
            guard !itemKeys.isEmpty else { return false }
            cursor = min(itemKeys.count - 1, cursor + 1)
            cursorMoved = true
            return true
        case .backspace:
            takeBack()
            return true
        default:
            return false
        }
    }

    /// Picks a choice or step letter, or pairs a match's right letter with the left item
    /// chosen by a digit (or else the first left item without a pair).
    public mutating func pick(_ key: String) {
        cursorMoved = false
        switch type {
        case .single, .truefalse:
            picked = [key]
            cursor = itemKeys.firstIndex(of: key) ?? cursor
        case .multiple:
            if let index = picked.firstIndex(of: key) { picked.remove(at: index) } else { picked.append(key) }
            cursor = itemKeys.firstIndex(of: key) ?? cursor
        case .order:
            if let index = picked.firstIndex(of: key) { picked.remove(at: index) } else { picked.append(key) }
        case .match:
            let left = pendingLeft ?? leftKeys.first { left in !pairs.contains { $0.left == left } }
            guard let left else { return }
            pairs.removeAll { $0.left == left || $0.right == key }
            pairs.append(Pair(left: left, right: key))
            pendingLeft = nil
        }
    }

    /// Takes back the last pick (or the digit pressed for a match pair).
    public mutating func takeBack() {
        if type == .match {
            if pendingLeft != nil { pendingLeft = nil } else if !pairs.isEmpty { pairs.removeLast() }
        } else if !picked.isEmpty {
            picked.removeLast()
        }
    }

    /// The answer the picks make, or nil when nothing is picked. With `cursorFallback`, one
    /// answer and true/false with nothing picked take the highlighted choice. The answer may
    /// still be incomplete: check it with `PresentedQuestion.validate(_:)`.
    public func answer(cursorFallback: Bool = false) -> Answer? {
        if type == .match { return pairs.isEmpty ? nil : .pairs(pairedRight) }
        if !picked.isEmpty { return .keys(picked) }
        let oneAnswer = type == .single || type == .truefalse
        guard cursorFallback, oneAnswer, itemKeys.indices.contains(cursor) else { return nil }
        return .keys([itemKeys[cursor]])
    }

    /// The pairs as picked, right key by left key.
    public var pairedRight: [String: String] {
        Dictionary(pairs.map { ($0.left, $0.right) }, uniquingKeysWith: { $1 })
    }
}
