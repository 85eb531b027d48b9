import Foundation
import Testing

@testable import SpacertKit
@testable import SpacertXML

/// The structural rules own their checks (`LintRules.perDraft`): each one, given a question
/// that breaks it, reports its own id and words; the same question written soundly loads with
/// no finding at all.
@Suite("Structure rules: one flawed and one sound question each")
struct StructureRuleTests {
    static let source = #"<source article="000_4844a43459959855.txt">Tips</source>"#

    /// A question of `type` with `body`, the other parts sound unless replaced.
    static func question(
        _ type: String, _ body: String, attributes: String = "",
        prompt: String = "<prompt>Which one?</prompt>",
        explanation: String = "<explanation>It keeps the client safe.</explanation>", source: String = source,
        scenario: String = ""
    ) -> String {
        """
          <question id="q-1" type="\(type)"\(attributes)>
            \(scenario)\(prompt)
            \(body)
            \(explanation)
            \(source)
          </question>
        """
    }

    static let choices = #"<choice correct="true">Stop and ask</choice><choice>Press harder</choice>"#
    static let steps = "<step>Ask</step><step>Warm up</step><step>Work</step>"
    static let pairs =
        "<pair><left>Heat</left><right>Relaxes</right></pair><pair><left>Ice</left><right>Numbs</right></pair>"

    /// One case: the rule, the sound question, the flawed one, and words the finding has.
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var sound: String
        var flawed: String
        var words: String
        var testDescription: String { "\(rule): \(words)" }
    }

    static let cases: [Case] = [
        Case(
            rule: QuestionIDRule.id, sound: question("single", choices),
            flawed: question("single", choices).replacingOccurrences(of: #"id="q-1" "#, with: ""),
            words: "needs an id attribute"),
        Case(
            rule: QuestionTypeRule.id, sound: question("single", choices),
            flawed: question("essay", choices), words: "has unknown type 'essay'"),
        Case(
            rule: QuestionTypeRule.id, sound: question("order", steps), flawed: question("order", choices),
            words: "is type 'order' but has <choice> elements"),
        Case(
            rule: RevRule.id, sound: question("single", choices, attributes: #" rev="2""#),
            flawed: question("single", choices, attributes: #" rev="0""#), words: "rev must be a whole number"
        ),
        Case(
            rule: PromptRule.id, sound: question("single", choices),
            flawed: question("single", choices, prompt: "<prompt>  </prompt>"), words: "has no prompt"),
        Case(
            rule: ExplanationRule.id, sound: question("single", choices),
            flawed: question("single", choices, explanation: "<explanation> </explanation>"),
            words: "has an empty explanation"),
        Case(
            rule: SourceFormRule.id,
            sound: question(
                "single", choices, source: #"<source href="https://example.org/a">Page</source>"#),
            flawed: question(
                "single", choices, source: #"<source href="http://example.org/a">Page</source>"#),
            words: "must start with https://"),
        Case(
            rule: SourceFormRule.id, sound: question("single", choices),
            flawed: question(
                "single", choices, source: #"<source article="000_4844a43459959855.txt"></source>"#),
            words: "needs a source"),
        Case(
            rule: ScenarioRule.id,
            sound: question("single", choices, scenario: "<scenario>A client.</scenario>"),
            flawed: question("single", choices, scenario: "<scenario> </scenario>"),
            words: "has an empty <scenario>"),
        Case(
            rule: ChoiceCountRule.id, sound: question("single", choices),
            flawed: question("single", #"<choice correct="true">Stop and ask</choice>"#),
            words: "has 1 choice(s)"),
        Case(
            rule: EmptyChoiceRule.id, sound: question("single", choices),
            flawed: question("single", #"<choice correct="true">Stop</choice><choice> </choice>"#),
            words: "has an empty choice (choice 2)"),
        Case(
            rule: DuplicateChoiceRule.id, sound: question("single", choices),
            flawed: question(
                "single", #"<choice correct="true">Stop</choice><choice>Go</choice><choice>Go</choice>"#),
            words: "has the choice 'Go' twice"),
        Case(
            rule: CorrectCountRule.id, sound: question("single", choices),
            flawed: question(
                "single", #"<choice correct="true">Stop</choice><choice correct="true">Go</choice>"#),
            words: "two choices marked correct"),
        Case(
            rule: CorrectCountRule.id, sound: question("multiple", choices),
            flawed: question("multiple", "<choice>Stop</choice><choice>Go</choice>"),
            words: "has no choice marked"),
        Case(
            rule: TrueFalseAnswerRule.id, sound: question("truefalse", "<answer>true</answer>"),
            flawed: question("truefalse", ""), words: "has no <answer>"),
        Case(
            rule: OrderStepsRule.id, sound: question("order", steps),
            flawed: question("order", "<step>Ask</step><step>Work</step>"), words: "has 2 step(s)"),
        Case(
            rule: OrderStepsRule.id, sound: question("order", steps),
            flawed: question("order", "<step>Ask</step><step>Work</step><step>Ask</step>"),
            words: "has two identical steps"),
        Case(
            rule: MatchPairsRule.id, sound: question("match", pairs),
            flawed: question("match", "<pair><left>Heat</left><right>Relaxes</right></pair>"),
            words: "has 1 pair(s)"),
        Case(
            rule: MatchPairsRule.id, sound: question("match", pairs),
            flawed: question(
                "match",
                "<pair><left>Heat</left><right>Relaxes</right></pair><pair><left>Heat</left><right>Numbs</right></pair>"
            ),
            words: "has the left item 'Heat' in two pairs"),
    ]

    @Test("a flawed question gets the rule's finding; the sound one loads clean", arguments: cases)
    func rule(_ example: Case) throws {
        let scratch = try BankScratch()
        try scratch.write("sound.xml", bankXML(id: "sound", example.sound))
        try scratch.write(
            "flawed.xml", bankXML(id: "flawed", example.flawed.replacingOccurrences(of: "q-1", with: "q-2")))
        let sound = try scratch.load(["sound.xml"])
        #expect(sound.diagnostics.isEmpty, "\(sound.diagnostics.map(\.formatted))")
        #expect(sound.questions.count == 1)
        let flawed = try scratch.load(["flawed.xml"])
        let findings = flawed.diagnostics.filter { $0.rule == example.rule }
        #expect(
            findings.contains { $0.message.contains(example.words) && $0.severity == .error },
            "\(flawed.diagnostics.map(\.formatted))")
        #expect(flawed.questions.isEmpty)
    }

    @Test("the rules run in order and a rule that cannot go on stops the ones after it")
    func stops() throws {
        let scratch = try BankScratch()
        // One choice and no explanation: choice-count stops correct-count, the explanation is
        // still reported (its rule runs before).
        try scratch.write(
            "a.xml",
            bankXML(
                Self.question(
                    "single", "<choice>Stop</choice>", explanation: "<explanation> </explanation>")))
        let set = try scratch.load()
        let rules = set.diagnostics.filter { $0.severity == .error && $0.rule != SchemaRule.id }.map(\.rule)
        #expect(rules == [ExplanationRule.id, ChoiceCountRule.id], "\(set.diagnostics.map(\.formatted))")
        #expect(LintRules.perDraft.first == QuestionIDRule.self)
        // Every structural rule a draft rule reports is a known rule.
        for rule in LintRules.perDraft { #expect(LintRules.rule(rule.id) != nil) }
    }

    @Test("the root rule names what is wrong with a root element")
    func root() {
        #expect(BankRootRule.problem(root: "bank", namespace: BankLoader.namespace) == nil)
        #expect(
            BankRootRule.problem(root: "quiz", namespace: BankLoader.namespace)?.contains("<quiz>") == true)
        #expect(BankRootRule.problem(root: "bank", namespace: nil)?.contains("no namespace") == true)
        #expect(
            BankRootRule.problem(root: "bank", namespace: BankLoader.namespaceStem + "2")?.contains(
                "version 2")
                == true)
    }

    @Test("an accept instruction: a known quality rule with a reason, or a finding of lint-accept")
    func accept() {
        let good = LintAcceptRule.read(
            "accept key-longest: the key names three steps", in: "question 'q'", line: 4)
        #expect((try? good.get())?.rule == "key-longest")
        #expect((try? good.get())?.line == 4)
        for (text, words) in [
            ("accept duplicate-id: fine", "not a quality rule"), ("accept key-longest:", "without a reason"),
            ("ignore everything", "not 'accept RULE: reason'"),
        ] {
            guard case .failure(let problem) = LintAcceptRule.read(text, in: "question 'q'", line: 1) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(problem.message.contains(words), "\(problem.message)")
        }
    }
}

/// SpacertXML lends bytes for the length of a call only.
@Suite("XMLStreamReader: closure-scoped bytes")
struct XMLStreamReaderBytesTests {
    @Test("text and attribute bytes inside the call; nil for a missing attribute; empty off a text node")
    func scoped() throws {
        let scratch = try BankScratch()
        let path = try scratch.write(
            "doc.xml", #"<root><item kind="warm" n="3">Gentle strokes &amp; heat</item><item/></root>"#)
        let reader = try XMLStreamReader(
            path: path, schema: nil, vocabulary: ["root", "item"], maxBytes: 1 << 20)
        let names = reader.nameSet(["kind", "n", "missing"])
        var texts: [String] = []
        var kinds: [String?] = []
        var missing: [Bool] = []
        var elementValues: [Int] = []
        while reader.read() {
            switch reader.kind {
            case .text:
                texts.append(reader.withValueBytes { String(decoding: $0, as: UTF8.self) })
            case .element where reader.nameIndex == 1:
                reader.findAttributes(names)
                kinds.append(reader.withAttributeBytes(0) { $0.map { String(decoding: $0, as: UTF8.self) } })
                missing.append(reader.withAttributeBytes(2) { $0 == nil })
                elementValues.append(reader.withValueBytes { $0.count })
            default:
                break
            }
        }
        #expect(reader.problems.isEmpty)
        #expect(texts == ["Gentle strokes & heat"])
        #expect(kinds == ["warm", nil])
        #expect(missing == [true, true])
        #expect(elementValues == [0, 0])
        // What the closure returns is the caller's; the reader's result passes through.
        struct Stop: Error {}
        #expect(throws: Stop.self) { try reader.withValueBytes { _ in throw Stop() } }
    }
}
