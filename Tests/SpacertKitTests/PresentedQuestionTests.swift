import Foundation
import SpacertKit
import Testing

@Suite("Presenting and grading a question")
struct PresentedQuestionTests {
    func question(_ type: QuestionType, _ body: QuestionBody, shuffle: Bool = true) -> Question {
        Question(
            id: "q-\(type.rawValue)", type: type, shuffle: shuffle, prompt: "P", body: body, explanation: "E",
            source: Citation(article: "a.txt", section: "S"), bankID: "b", category: .techniques,
            location: SourceLocation(file: "b.xml", line: 1))
    }

    let choices = QuestionBody.choices([
        Choice(text: "A", correct: true), Choice(text: "B", correct: false),
        Choice(text: "C", correct: true), Choice(text: "None of these", correct: false, pinned: true),
    ])

    @Test("the same seed shows the same order; pinned choices keep their place; shuffle=false keeps all")
    func shuffling() {
        let q = question(.multiple, choices)
        var orders = Set<[String]>()
        for seed in 0..<40 {
            let shown = PresentedQuestion(q, seed: "s\(seed)")
            #expect(shown.items.map(\.text) == PresentedQuestion(q, seed: "s\(seed)").items.map(\.text))
            #expect(shown.items[3].text == "None of these")
            #expect(shown.items.map(\.key) == ["a", "b", "c", "d"])
            orders.insert(shown.items.map(\.text))
        }
        #expect(orders.count > 1)
        let fixed = PresentedQuestion(question(.multiple, choices, shuffle: false), seed: "x")
        #expect(fixed.items.map(\.text) == ["A", "B", "C", "None of these"])
    }

    @Test("multiple: right picks minus wrong picks over the right ones, never below zero")
    func multiplePartialCredit() {
        let shown = PresentedQuestion(question(.multiple, choices, shuffle: false), seed: "x")
        #expect(shown.expected == .keys(["a", "c"]))
        #expect(shown.grade(.keys(["a", "c"])) == GradedAnswer(correct: true, score: 1))
        #expect(shown.grade(.keys(["a"])) == GradedAnswer(correct: false, score: 0.5))
        #expect(shown.grade(.keys(["a", "b"])) == GradedAnswer(correct: false, score: 0))
        #expect(shown.grade(.keys(["b", "d"])) == GradedAnswer(correct: false, score: 0))
        #expect(shown.validate(.keys([])) != nil)
        #expect(shown.validate(.keys(["a", "a"])) != nil)
        #expect(shown.validate(.keys(["e"])) != nil)
    }

    @Test("order: the expected keys put the written steps back in order; credit per step in place")
    func order() {
        let shown = PresentedQuestion(question(.order, .order(["one", "two", "three", "four"])), seed: "y")
        guard case .keys(let keys) = shown.expected else {
            Issue.record("order expects keys")
            return
        }
        #expect(
            keys.map { key in shown.items.first { $0.key == key }!.text } == ["one", "two", "three", "four"])
        #expect(shown.items.map(\.text) != ["one", "two", "three", "four"])
        #expect(shown.grade(.keys(keys)).correct)
        let swapped = [keys[1], keys[0], keys[2], keys[3]]
        #expect(shown.grade(.keys(swapped)) == GradedAnswer(correct: false, score: 0.5))
        #expect(shown.validate(.keys(Array(keys.prefix(3)))) != nil)
    }

    @Test("match: expected pairs join each left item to its right item; credit per pair")
    func match() {
        let pairs = [
            MatchPair(left: "Heat", right: "Relax"), MatchPair(left: "Cold", right: "Calm"),
            MatchPair(left: "Oil", right: "Glide"),
        ]
        let shown = PresentedQuestion(question(.match, .match(pairs)), seed: "z")
        guard case .pairs(let expected) = shown.expected else {
            Issue.record("match expects pairs")
            return
        }
        for pair in pairs {
            let left = shown.left.first { $0.text == pair.left }!.key
            #expect(shown.right.first { $0.key == expected[left] }?.text == pair.right)
        }
        #expect(shown.grade(.pairs(expected)).correct)
        var oneWrong = expected
        (oneWrong["1"], oneWrong["2"]) = (expected["2"], expected["1"])
        #expect(shown.grade(.pairs(oneWrong)) == GradedAnswer(correct: false, score: 1.0 / 3))
        #expect(shown.validate(.pairs(["1": "a"])) != nil)
        #expect(shown.validate(.keys(["a"])) != nil)
    }

    @Test("answers are logged as compact JSON in the protocol's shape, pairs sorted by key")
    func answerJSON() {
        #expect(Answer.keys(["c", "a"]).json == #"["c","a"]"#)
        #expect(Answer.pairs(["2": "a", "1": "b"]).json == #"{"1":"b","2":"a"}"#)
    }

    @Test("typed answers: letters, spaced letters, and number-letter pairs")
    func typed() {
        let shown = PresentedQuestion(
            question(.match, .match([MatchPair(left: "A", right: "1"), MatchPair(left: "B", right: "2")])),
            seed: "t")
        #expect(TypedAnswer.parse("1b 2a", for: shown) == .pairs(["1": "b", "2": "a"]))
        #expect(TypedAnswer.parse("ba", for: shown) == .pairs(["1": "b", "2": "a"]))
        #expect(TypedAnswer.parse("1", for: shown) == nil)
        let multi = PresentedQuestion(question(.multiple, choices), seed: "t")
        #expect(TypedAnswer.parse("a, C", for: multi) == .keys(["a", "c"]))
        #expect(TypedAnswer.parse("a1", for: multi) == nil)
    }
}
