import Foundation
import Testing

@testable import SpacertKit

/// Each quality rule on a flawed and an unflawed question about our subject, and on hostile
/// input: huge options, 10,000 choices, empty text.
@Suite("Lint quality rules, one by one")
struct LintQualityRuleTests {
    static let place = SourceLocation(file: "t.xml", line: 3)

    /// A single-choice question: the key first, then the distractors.
    static func single(
        _ prompt: String, key: String, _ distractors: [String], scenario: String? = nil, id: String = "q"
    ) -> Question {
        Question(
            id: id, type: .single, scenario: scenario, prompt: prompt,
            body: .choices(
                [Choice(text: key, correct: true)] + distractors.map { Choice(text: $0, correct: false) }),
            explanation: "E", source: Citation(article: "a.txt", section: "S"), bankID: "b",
            category: .techniques,
            location: place)
    }

    static func trueFalse(_ statement: String, _ answer: Bool) -> Question {
        Question(
            id: "tf", type: .truefalse, prompt: statement, body: .trueFalse(answer), explanation: "E",
            source: Citation(article: "a.txt", section: "S"), bankID: "b", category: .techniques,
            location: place)
    }

    static func findings(_ rule: any QuestionRule.Type, _ question: Question) -> [String] {
        rule.findings(in: question)
    }

    @Test("key-longest: a key far longer than every distractor, not one of about equal length")
    func keyLongest() {
        let flawed = Self.single(
            "A client says the pressure is too much. What do you do?",
            key: "Ease off at once, ask how it feels now and keep checking in as you continue the stroke",
            ["Keep going", "Press harder", "End the session"])
        let sound = Self.single(
            "A client says the pressure is too much. What do you do?", key: "Ease off and ask again",
            ["Keep the same pressure", "Press a little harder", "End the session now"])
        #expect(Self.findings(KeyLongestRule.self, flawed).count == 1)
        #expect(Self.findings(KeyLongestRule.self, flawed)[0].contains("question 'q'"))
        #expect(Self.findings(KeyLongestRule.self, sound).isEmpty)
        // Just under the threshold: 24% longer is not flagged.
        let near = Self.single(
            "P", key: String(repeating: "k", count: 62), [String(repeating: "d", count: 50)])
        #expect(Self.findings(KeyLongestRule.self, near).isEmpty)
    }

    @Test("key-longest for a bank: out of line with 1/k chance, not when it matches chance")
    func keyLongestBank() {
        // 20 four-choice questions: chance 5 of 20 (variance 3.75).
        let flagged = KeyLongestRule.bankFinding(
            bank: "techniques", longest: 16, questions: 20, chance: 5, variance: 3.75)
        #expect(flagged?.contains("16 of 20") == true)
        #expect(
            KeyLongestRule.bankFinding(bank: "b", longest: 6, questions: 20, chance: 5, variance: 3.75) == nil
        )
        #expect(
            KeyLongestRule.bankFinding(bank: "b", longest: 5, questions: 5, chance: 1.25, variance: 0.9)
                == nil)
    }

    @Test("absolute-distractor: 'always'/'never' only in wrong options, not when the key has one too")
    func absoluteDistractor() {
        let flawed = Self.single(
            "When may you massage a client after back surgery?", key: "When her surgeon has cleared her",
            ["Never, under any circumstances", "Always, if she asks", "Whenever the scar looks dry"])
        let sound = Self.single(
            "When may you massage a client after back surgery?", key: "Only once her surgeon has cleared her",
            ["Never, under any circumstances", "As soon as she asks", "Whenever the scar looks dry"])
        #expect(
            Self.findings(AbsoluteDistractorRule.self, flawed).first?.contains("'always', 'never'") == true)
        #expect(Self.findings(AbsoluteDistractorRule.self, sound).isEmpty)
    }

    @Test("justified-distractor: a reason only in wrong options, or only in the key")
    func justifiedDistractor() {
        let wrongOnly = Self.single(
            "Which oil suits a first session?", key: "A light oil the client is not allergic to",
            ["Any strong oil, because scent relaxes", "No oil, since friction warms", "Heavy oil"])
        let keyOnly = Self.single(
            "Which oil suits a first session?", key: "A light oil, because it lets the hands glide",
            ["A strong scented oil", "No oil at all", "A heavy oil"])
        let sound = Self.single(
            "Which oil suits a first session?", key: "A light oil, because it lets the hands glide",
            ["No oil, since friction warms the skin", "A strong scented oil", "A heavy oil"])
        #expect(
            Self.findings(JustifiedDistractorRule.self, wrongOnly).first?.contains("only wrong options")
                == true)
        #expect(Self.findings(JustifiedDistractorRule.self, keyOnly).first?.contains("only the key") == true)
        #expect(Self.findings(JustifiedDistractorRule.self, sound).isEmpty)
    }

    @Test("all-none-of-the-above: flagged as an option, not inside other words")
    func allNone() {
        let flawed = Self.single(
            "Which are signs to stop?", key: "All of the above", ["Numbness", "Sharp pain", "Dizziness"])
        let sound = Self.single(
            "Which is a sign to stop?", key: "Numbness down the leg",
            ["Warm skin", "Relaxed breathing", "A sigh"])
        let inside = Self.single(
            "Which fits?", key: "Ask above all about pain", ["Press hard", "Skip the talk", "Hurry"])
        #expect(Self.findings(AllNoneOfTheAboveRule.self, flawed).first?.contains("all of the above") == true)
        #expect(Self.findings(AllNoneOfTheAboveRule.self, sound).isEmpty)
        #expect(Self.findings(AllNoneOfTheAboveRule.self, inside).isEmpty)
    }

    @Test("negative-stem: 'not' in lower case is flagged, 'NOT' in capitals is not")
    func negativeStem() {
        let flawed = Self.single("Which is not a reason to stop?", key: "A", ["B", "C"])
        let sound = Self.single("Which is NOT a reason to stop?", key: "A", ["B", "C"])
        let except = Self.single("All are warning signs except which?", key: "A", ["B", "C"])
        #expect(Self.findings(NegativeStemRule.self, flawed).first?.contains("'not'") == true)
        #expect(Self.findings(NegativeStemRule.self, sound).isEmpty)
        #expect(Self.findings(NegativeStemRule.self, except).count == 1)
    }

    @Test("grammar-cue: a stem ending in 'an' that only the key fits; every option fitting is fine")
    func grammarCue() {
        let flawed = Self.single(
            "Before deep work on the lower back you should first do an",
            key: "easy warm-up with light strokes", ["deep trigger point press", "cold compress", "stretch"])
        let sound = Self.single(
            "Before deep work on the lower back you should first do an",
            key: "easy warm-up with light strokes",
            ["intense trigger point press", "ice pack", "open stretch"])
        let plural = Self.single(
            "The signs that call for a referral are", key: "numbness and tingling in the leg",
            ["mild tiredness", "warm skin", "relaxed breathing"])
        #expect(Self.findings(GrammarCueRule.self, flawed).first?.contains("'an'") == true)
        #expect(Self.findings(GrammarCueRule.self, sound).isEmpty)
        #expect(Self.findings(GrammarCueRule.self, plural).isEmpty)
    }

    @Test("stem-echo: only the key repeats a content word of the stem")
    func stemEcho() {
        let flawed = Self.single(
            "What helps the muscles relax before deeper pressure?",
            key: "Warming the muscles with light strokes",
            ["Cold water", "Pressing harder at once", "Talking less"])
        let sound = Self.single(
            "What helps the muscles relax before deeper pressure?",
            key: "Warming the muscles with light strokes",
            ["Cooling the muscles with ice", "Pressing harder at once", "Talking less"])
        #expect(Self.findings(StemEchoRule.self, flawed).first?.contains("'muscle'") == true)
        #expect(Self.findings(StemEchoRule.self, sound).isEmpty)
    }

    @Test("truefalse-absolute: a statement hanging on 'always', not one without")
    func trueFalseAbsolute() {
        let flawed = Self.trueFalse("Deep tissue massage is always safe during pregnancy.", false)
        let sound = Self.trueFalse("A client with new numbness in the leg should see a doctor first.", true)
        #expect(Self.findings(TrueFalseAbsoluteRule.self, flawed).first?.contains("'always'") == true)
        #expect(Self.findings(TrueFalseAbsoluteRule.self, sound).isEmpty)
    }

    @Test("hostile input: huge options, 10,000 choices and empty text give answers, never a crash")
    func hostile() {
        let huge = String(repeating: "always because never ", count: 50_000)
        let many = Question(
            id: "many", type: .single, prompt: "Which one is an",
            body: .choices(
                [Choice(text: "x", correct: true)]
                    + (0..<9_999).map { Choice(text: "wrong \($0)", correct: false) }),
            explanation: "E", source: Citation(article: "a.txt", section: "S"), bankID: "b",
            category: .techniques,
            location: Self.place)
        let empty = Self.single("", key: "", ["", ""])
        let hugeQuestion = Self.single(huge, key: huge, [huge, "short"])
        let emptyTrueFalse = Self.trueFalse("", true)
        for rule in LintRules.perQuestion {
            for question in [many, empty, hugeQuestion, emptyTrueFalse] {
                let found = rule.findings(in: question)
                #expect(found.count <= 1, "\(rule.id) on \(question.id)")
                #expect(found.allSatisfy { $0.utf8.count < 2_000 }, "\(rule.id) quotes too much")
            }
        }
        // Empty texts flag nothing.
        for rule in LintRules.perQuestion { #expect(rule.findings(in: empty).isEmpty, "\(rule.id)") }
        // Near-duplicates: a question with no words is left out; huge ones are hashed.
        var index = NearDuplicateIndex()
        index.add(empty, ordinal: 0, reasons: [:])
        index.add(hugeQuestion, ordinal: 1, reasons: [:])
        index.add(many, ordinal: 2, reasons: [:])
        #expect(index.entries.map(\.id) == ["q", "many"])
    }

    @Test("near-duplicate: two rewordings of one question pair up; different questions do not")
    func nearDuplicate() {
        var index = NearDuplicateIndex()
        let a = Self.single(
            "A pregnant client in her first trimester asks for a deep lower back massage. What do you do?",
            key: "Decline deep work and suggest she asks her doctor", ["Go ahead gently", "Use heat packs"],
            id: "a")
        let b = Self.single(
            "A client in her first trimester of pregnancy asks for deep lower back massage. What should you do?",
            key: "Decline the deep work and suggest she asks her doctor",
            ["Go ahead gently", "Use hot stones"],
            id: "b")
        let c = Self.single(
            "Which part of the hand spreads pressure over a wide area?", key: "The palm",
            ["The thumb tip", "The knuckles", "The fingertips"], id: "c")
        index.add(a, ordinal: 0, reasons: [:])
        index.add(c, ordinal: 1, reasons: [:])
        index.add(b, ordinal: 2, reasons: [:])
        let pairs = index.pairs()
        #expect(pairs.map { [$0.first, $0.second] } == [[0, 2]])
        #expect(pairs.first.map { $0.similarity >= NearDuplicateRule.threshold } == true)
    }

    @Test("near-duplicate stays sub-quadratic on a bucket of identical questions")
    func identicalBucket() {
        var index = NearDuplicateIndex()
        let same = Self.single(
            "Where should pressure never go on the lower back?", key: "The spine", ["Muscle"])
        for ordinal in 0..<500 { index.add(same, ordinal: ordinal, reasons: [:]) }
        let pairs = index.pairs()
        // In a crowded bucket each question meets its next two only: linear, and the copies
        // still pair up in a chain.
        #expect(pairs.count <= 500 * NearDuplicateIndex.crowdedReach)
        #expect(pairs.count >= 499)
    }

    @Test("an accept instruction is read: rule and reason, or refused when malformed")
    func acceptParsing() throws {
        let parsed = try LintAcceptance.parse("  accept key-longest:  the key must   name all three steps ")
            .get()
        #expect(parsed.rule == "key-longest")
        #expect(parsed.reason == "the key must name all three steps")
        #expect((try? LintAcceptance.parse("accept: reason").get()) == nil)
        #expect((try? LintAcceptance.parse("acceptkey-longest: x").get()) == nil)
        #expect((try? LintAcceptance.parse("ignore key-longest: x").get()) == nil)
        #expect(try LintAcceptance.parse("accept stem-echo:").get().reason == "")
    }

    @Test("every rule id is unique, lower-case and hyphenated")
    func ids() {
        let ids = LintRules.all.map { $0.id }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(LintRules.quality.allSatisfy { $0.severity == .warning })
        #expect(LintRules.rule("key-longest") != nil && LintRules.rule("nope") == nil)
    }
}
