import Foundation
import SpacertFSRS

/// An answer as a trainee or a driver gives it: choice keys, or match pairs.
public enum Answer: Sendable, Hashable {
    /// Keys of choices or steps (`["b"]`, `["a","c"]`, `["c","a","d","b"]` first step first).
    case keys([String])
    /// Left key to right key (`{"1":"b","2":"a"}`).
    case pairs([String: String])

    /// The answer as JSON text, in the protocol's shape (keys sorted), for the review log.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try? encoder.encode(self)
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

/// How an answer scored.
public struct GradedAnswer: Sendable, Hashable {
    /// Fully right.
    public var correct: Bool
    /// Partial credit from 0 to 1.
    public var score: Double

    public init(correct: Bool, score: Double) {
        self.correct = correct
        self.score = score
    }
}

/// A labelled item on screen: a key the trainee types and the text it stands for.
public struct KeyedText: Sendable, Hashable {
    public var key: String
    public var text: String
}

/// A question as shown once: its choices, steps or match items in the order shown (shuffled
/// unless pinned or `shuffle="false"`), with the keys that pick them, and its grading.
public struct PresentedQuestion: Sendable {
    public let question: Question
    /// Choices (single, multiple, truefalse) or steps (order), as shown.
    public let items: [KeyedText]
    /// Match: left items (digit keys) and right items (letter keys), as shown.
    public let left: [KeyedText]
    public let right: [KeyedText]
    /// Written index of each shown item (choices/steps), or of each shown right item (match).
    private let writtenIndex: [Int]

    static let letters = (UnicodeScalar("a").value...UnicodeScalar("z").value).map {
        String(UnicodeScalar($0)!)
    }

    /// Presents `question`, shuffling with a generator seeded by `seed` (reproducible).
    public init(_ question: Question, seed: String) {
        self.question = question
        var generator = SeededRandom(seed: seed)
        switch question.body {
        case .choices, .trueFalse:
            let choices = question.choices
            let order = Self.shuffled(
                count: choices.count, pinned: choices.map { $0.pinned || !question.shuffle },
                using: &generator)
            writtenIndex = order
            items = order.enumerated().map {
                KeyedText(key: Self.letters[$0.offset], text: choices[$0.element].text)
            }
            left = []
            right = []
        case .order(let steps):
            var order = Self.shuffled(
                count: steps.count, pinned: Array(repeating: false, count: steps.count), using: &generator)
            // A shuffle that happens to be the answer teaches nothing: turn it once.
            if order == Array(steps.indices) { order = Array(order.dropFirst()) + [order[0]] }
            writtenIndex = order
            items = order.enumerated().map {
                KeyedText(key: Self.letters[$0.offset], text: steps[$0.element])
            }
            left = []
            right = []
        case .match(let pairs):
            let order = Self.shuffled(
                count: pairs.count, pinned: Array(repeating: false, count: pairs.count), using: &generator)
            writtenIndex = order
            items = []
            left = pairs.enumerated().map { KeyedText(key: String($0.offset + 1), text: $0.element.left) }
            right = order.enumerated().map {
                KeyedText(key: Self.letters[$0.offset], text: pairs[$0.element].right)
            }
        }
    }

    /// Indices 0..<count shuffled, with pinned positions kept in place.
    static func shuffled(count: Int, pinned: [Bool], using generator: inout SeededRandom) -> [Int] {
        var free = (0..<count).filter { !pinned[$0] }
        free.shuffle(using: &generator)
        var iterator = free.makeIterator()
        return (0..<count).map { pinned[$0] ? $0 : iterator.next()! }
    }

    /// The order shown, as JSON text for the review log: written indices of what was shown.
    public var shownOrderJSON: String {
        "[" + writtenIndex.map(String.init).joined(separator: ",") + "]"
    }

    /// Written (bank-order) indices of the choices, steps or right-hand items, in the order shown.
    public var shownIndices: [Int] { writtenIndex }

    /// Written indices of the choices `answer` picks (choice types only; empty otherwise).
    public func picked(_ answer: Answer) -> [Int] {
        guard case .keys(let keys) = answer, question.type != .order, question.type != .match else {
            return []
        }
        return keys.compactMap { key in items.firstIndex { $0.key == key }.map { writtenIndex[$0] } }.sorted()
    }

    /// The right answer, in the answer's shape.
    public var expected: Answer {
        switch question.body {
        case .choices, .trueFalse:
            let choices = question.choices
            return .keys(items.indices.filter { choices[writtenIndex[$0]].correct }.map { items[$0].key })
        case .order:
            // The step written first is the one to put first.
            return .keys(
                writtenIndex.indices.sorted { writtenIndex[$0] < writtenIndex[$1] }.map { items[$0].key })
        case .match:
            var pairs: [String: String] = [:]
            for (shown, written) in writtenIndex.enumerated() { pairs[left[written].key] = right[shown].key }
            return .pairs(pairs)
        }
    }

    /// Checks that `answer` is possible for this question: a message when it is not.
    public func validate(_ answer: Answer) -> String? {
        let keys = Set(items.map(\.key))
        switch (question.type, answer) {
        case (.single, .keys(let given)), (.truefalse, .keys(let given)):
            guard given.count == 1 else { return "pick exactly one choice" }
            return keys.contains(given[0])
                ? nil
                : "'\(given[0])' is not one of the choices (\(items.map(\.key).joined(separator: ", ")))"
        case (.multiple, .keys(let given)):
            guard !given.isEmpty else { return "pick at least one choice" }
            if let bad = given.first(where: { !keys.contains($0) }) {
                return "'\(bad)' is not one of the choices"
            }
            return Set(given).count == given.count ? nil : "a choice is picked twice"
        case (.order, .keys(let given)):
            guard given.count == items.count, Set(given) == keys else {
                return
                    "give every step exactly once, first step first (\(items.map(\.key).joined(separator: ", ")))"
            }
            return nil
        case (.match, .pairs(let given)):
            let lefts = Set(left.map(\.key))
            let rights = Set(right.map(\.key))
            guard Set(given.keys) == lefts else {
                return "match every item \(left.map(\.key).joined(separator: ", ")) exactly once"
            }
            if let bad = given.values.first(where: { !rights.contains($0) }) {
                return "'\(bad)' is not one of \(right.map(\.key).joined(separator: ", "))"
            }
            return Set(given.values).count == given.count
                ? nil : "each right-hand item goes with one left-hand item only"
        case (.match, .keys):
            return "a match answer pairs items: {\"1\":\"b\",\"2\":\"a\"}"
        default:
            return "this question takes a list of keys, for example [\"b\"]"
        }
    }

    /// Scores a valid answer. Single and true/false: all or nothing. Multiple: right picks
    /// minus wrong picks over the number of right choices, at least 0. Order: the share of
    /// steps in their right place. Match: the share of items matched right.
    public func grade(_ answer: Answer) -> GradedAnswer {
        let expected = self.expected
        switch (question.type, answer, expected) {
        case (.multiple, .keys(let given), .keys(let right)):
            let hits = given.filter(right.contains).count
            let misses = given.count - hits
            let score = max(0, Double(hits - misses) / Double(right.count))
            return GradedAnswer(correct: Set(given) == Set(right), score: score)
        case (.order, .keys(let given), .keys(let right)):
            let placed = zip(given, right).filter { $0 == $1 }.count
            return GradedAnswer(correct: given == right, score: Double(placed) / Double(right.count))
        case (.match, .pairs(let given), .pairs(let right)):
            let matched = right.filter { given[$0.key] == $0.value }.count
            return GradedAnswer(correct: matched == right.count, score: Double(matched) / Double(right.count))
        case (_, .keys(let given), .keys(let right)):
            let correct = given == right
            return GradedAnswer(correct: correct, score: correct ? 1 : 0)
        default:
            return GradedAnswer(correct: false, score: 0)
        }
    }
}
