import Foundation
import Testing

@testable import SpacertKit

/// The feedback marks each choice, step or pair against what was given.
@Suite("Feedback marks every choice against the picks")
struct FeedbackMarkTests {
    func question(_ type: QuestionType, _ body: QuestionBody) -> Question {
        Question(
            id: "q-\(type.rawValue)", type: type, shuffle: false, prompt: "P", body: body,
            explanation: "Because.",
            source: Citation(title: "Caring for a sore back", url: "https://example.org/back"), bankID: "b",
            category: .techniques, location: SourceLocation(file: "b.xml", line: 1))
    }

    func feedback(_ question: Question, _ given: Answer) -> Feedback {
        let shown = PresentedQuestion(question, seed: "s")
        return Feedback(
            presented: shown, given: given, graded: shown.grade(given), expected: shown.expected,
            rating: .again)
    }

    @Test("select all: right ones ✓ (picked or not), a wrong pick ✗, the rest ·")
    func multiple() {
        let body = QuestionBody.choices([
            Choice(text: "A", correct: true), Choice(text: "B", correct: false),
            Choice(text: "C", correct: true), Choice(text: "D", correct: false),
        ])
        let shown = feedback(question(.multiple, body), .keys(["a", "b"]))
        let rows = SessionText.marked(shown).map { "\($0.mark.symbol) \($0.text)" }
        #expect(rows == ["✓ a) A (your pick)", "✗ b) B (your pick)", "✓ c) C (not picked)", "· d) D"])
        let text = SessionText.feedback(shown)
        #expect(text.verdict == "Incorrect")
        #expect(
            text.lines.suffix(2) == [
                "Why: Because.", "Source: Caring for a sore back <https://example.org/back>",
            ])
    }

    @Test("order: the steps in the right order, each with the place it was given")
    func order() {
        let made = question(.order, .order(["one", "two", "three"]))
        let shown = PresentedQuestion(made, seed: "s")
        guard case .keys(let right) = shown.expected else {
            Issue.record("no keys")
            return
        }
        let given = [right[1], right[0], right[2]]
        let rows = SessionText.marked(feedback(made, .keys(given)))
        #expect(rows.map(\.mark) == [.wrong, .wrong, .right])
        #expect(rows[0].text.hasPrefix("1. \(right[0])) one (you: 2)"))
        #expect(rows[2].text.hasPrefix("3. \(right[2])) three (you: 3)"))
    }

    @Test("match: each pair marked, a wrong one with what was given")
    func match() {
        let made = question(
            .match,
            .match([MatchPair(left: "Heat", right: "Relaxes"), MatchPair(left: "Cold", right: "Calms")]))
        let shown = PresentedQuestion(made, seed: "s")
        guard case .pairs(let right) = shown.expected else {
            Issue.record("no pairs")
            return
        }
        let swapped = ["1": right["2"]!, "2": right["1"]!]
        let rows = SessionText.marked(feedback(made, .pairs(swapped)))
        #expect(rows.map(\.mark) == [.wrong, .wrong])
        #expect(rows[0].text.hasPrefix("1) Heat → \(right["1"]!)) Relaxes (you: \(right["2"]!)) Calms)"))
        let good = SessionText.marked(feedback(made, .pairs(right)))
        #expect(good.map(\.mark) == [.right, .right])
        #expect(good[1].text == "2) Cold → \(right["2"]!)) Calms")
    }
}
