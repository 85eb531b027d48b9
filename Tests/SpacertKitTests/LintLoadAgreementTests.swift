import Foundation
import SpacertKit
import Testing

/// `spacert lint` reads banks without retaining questions: it copies only the texts a check
/// compares or quotes and folds them only when it compares them. These tests hold that fast
/// path to the full load: the same diagnostics on bad input, and string semantics (canonical
/// equivalence, folded white space) where bytes alone could mislead.
@Suite("Bank loader: lint's fast path agrees with the full load")
struct LintLoadAgreementTests {
    /// Loads `files` both ways and returns the diagnostics, after checking they agree.
    func bothWays(_ scratch: BankScratch, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> (full: BankSet, lint: BankSet)
    {
        let files = try BankLoader.xmlFiles(under: scratch.directory.path)
        let full = try BankLoader.load(files: files, schemaDirectory: scratch.directory.path)
        let lint = try BankLoader.load(
            files: files, schemaDirectory: scratch.directory.path, retainQuestions: false)
        #expect(full.diagnostics == lint.diagnostics, sourceLocation: sourceLocation)
        #expect(full.questionCount == lint.questionCount, sourceLocation: sourceLocation)
        #expect(lint.questions.isEmpty, sourceLocation: sourceLocation)
        return (full, lint)
    }

    static let source = #"<explanation>E</explanation><source article="a.txt">S</source>"#

    static func question(_ id: String, _ type: String, _ body: String) -> String {
        "<question id=\"\(id)\" type=\"\(type)\"><prompt>P</prompt>\(body)\(source)</question>"
    }

    @Test("every semantic rule, on bad and odd input, gives the same diagnostics both ways")
    func badInputAgrees() throws {
        let scratch = try BankScratch()
        let q = Self.question
        try scratch.write(
            "odd.xml",
            bankXML(
                [
                    q("dup-choice", "single", #"<choice correct="true">A  b</choice><choice>A b</choice>"#),
                    q(
                        "empty-choice", "multiple",
                        #"<choice correct="1">A</choice><choice> <![CDATA[ ]]> </choice>"#),
                    q("steps", "order", "<step>S</step><step> S </step><step/>"),
                    q(
                        "pairs", "match",
                        "<pair><left>L</left><right>R</right></pair><pair><left>L</left></pair><pair/>"),
                    q("answer-spaces", "truefalse", "<answer> true </answer>"),
                    q("answer-cdata", "truefalse", "<answer><![CDATA[false]]></answer>"),
                    q("answer-split", "truefalse", "<answer>tr<!-- c -->ue</answer>"),
                    q("answer-bad", "truefalse", "<answer>yes  please</answer>"),
                    q(
                        "nested", "single",
                        #"<choice correct="true"><prompt>X</prompt></choice><choice>X</choice>"#),
                    q("wrong-body", "order", "<choice>A</choice><step>B</step>"),
                    "<question id=\"no-type\"><prompt> </prompt><explanation/><source>S</source></question>",
                    "<question type=\"single\"/>",
                    q("dup-choice", "single", #"<choice correct="true">A</choice><choice>B</choice>"#),
                ].joined(separator: "\n")))
        try scratch.write("other.xml", bankXML(id: "other", Self.question("dup-choice", "single", "")))
        let (full, _) = try bothWays(scratch)
        #expect(full.diagnostics.count >= 12)
        let messages = full.diagnostics.map(\.message)
        #expect(messages.contains("question 'dup-choice' has the choice 'A b' twice"))
        #expect(messages.contains("question 'empty-choice' has an empty choice (choice 2)"))
        #expect(messages.contains("question 'steps' has two identical steps; every step must be distinct"))
        #expect(
            messages.contains("question 'answer-bad' has <answer>yes please</answer>; write true or false"))
        #expect(messages.contains("question 'nested' has the choice 'X' twice"))
        #expect(!messages.contains { $0.hasPrefix("question 'answer-spaces'") })
        #expect(!messages.contains { $0.hasPrefix("question 'answer-cdata'") })
        #expect(!messages.contains { $0.hasPrefix("question 'answer-split'") })
    }

    @Test("texts are compared as strings: canonically equivalent choices are duplicates")
    func canonicalEquivalence() throws {
        let scratch = try BankScratch()
        let q = Self.question
        try scratch.write(
            "unicode.xml",
            bankXML(
                [
                    q(
                        "accent", "single",
                        "<choice correct=\"true\">caf\u{E9}</choice><choice>cafe\u{301}</choice>"),
                    q("kelvin", "single", "<choice correct=\"true\">K</choice><choice>\u{212A}</choice>"),
                    q(
                        "marks", "order",
                        "<step>a\u{323}\u{307}</step><step>a\u{307}\u{323}</step><step>b</step>"),
                    q(
                        "prefix", "match",
                        "<pair><left>e</left><right>1</right></pair><pair><left>e\u{301}</left><right>2</right></pair>"
                    ),
                    q(
                        "different", "single",
                        "<choice correct=\"true\">\u{E9}a</choice><choice>\u{E9}b</choice>"),
                ].joined(separator: "\n")))
        let (full, _) = try bothWays(scratch)
        let messages = full.diagnostics.map(\.message)
        #expect(messages.contains("question 'accent' has the choice 'cafe\u{301}' twice"))
        #expect(messages.contains("question 'kelvin' has the choice '\u{212A}' twice"))
        #expect(messages.contains("question 'marks' has two identical steps; every step must be distinct"))
        #expect(!messages.contains { $0.hasPrefix("question 'prefix'") })
        #expect(!messages.contains { $0.hasPrefix("question 'different'") })
    }

    @Test("retained texts are folded as before: white space runs, comments, CDATA, nesting")
    func retainedTexts() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "texts.xml",
            bankXML(
                """
                  <question id="t1" type="single">
                    <scenario>
                      A  client,\tlying
                      down.
                    </scenario>
                    <prompt>a<!-- c --> <!-- d -->b</prompt>
                    <choice correct="true"><![CDATA[ x  y ]]> z</choice>
                    <choice>caf\u{E9}</choice>
                    <explanation>Because.</explanation>
                    <source article="a.txt"> Tips  and tricks </source>
                  </question>
                """))
        let (full, _) = try bothWays(scratch)
        #expect(full.diagnostics.isEmpty, "\(full.diagnostics.map(\.formatted))")
        let question = try #require(full.questions.first)
        #expect(question.scenario == "A client, lying down.")
        #expect(question.prompt == "ab")
        #expect(question.choices.map(\.text) == ["x y z", "caf\u{E9}"])
        #expect(question.source == Citation(article: "a.txt", section: "Tips and tricks"))
    }

    @Test("quality findings read off the reader's bytes are those of the rules on the built questions")
    func qualityAgrees() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "flaws.xml",
            bankXML(
                """
                  <question id="long" type="single">
                    <scenario>A  client\twith lower
                      back pain lies down.</scenario>
                    <prompt>What do you do   first with the client's back?</prompt>
                    <choice correct="true">Ask the client how the back feels, then warm the muscles gently with slow strokes</choice>
                    <choice>Always  press hard</choice>
                    <choice>Never ask, since it wastes time</choice>
                  </question>
                  <question id="neg" type="multiple">
                    <prompt>Which is not safe for an</prompt>
                    <choice correct="true">oil</choice>
                    <choice correct="true">Oily <![CDATA[ towel ]]> work</choice>
                    <choice>None of the above</choice>
                    <choice>caf\u{E9} stroke   because\u{2019} it is  warm</choice>
                  </question>
                  <question id="tf" type="truefalse">
                    <prompt>Deep   pressure is  ALWAYS   safe\u{2014}</prompt>
                    <answer>false</answer>
                  </question>
                  <question id="gram" type="single">
                    <prompt>Heat on the lower back is an</prompt>
                    <choice correct="true">aid to loosening muscles</choice>
                    <choice>cure</choice>
                    <choice>\u{C9}lan</choice>
                  </question>
                  <question id="order" type="order">
                    <prompt>Put the steps in order</prompt>
                    <step>Warm  up</step>
                    <step>Press</step>
                    <step>Ease off  slowly</step>
                  </question>
                """.replacingOccurrences(
                    of: "</question>",
                    with: "<explanation>E</explanation><source article=\"a.txt\">S</source></question>")))
        let files = try BankLoader.xmlFiles(under: scratch.directory.path)
        let full = try BankLoader.load(files: files, schemaDirectory: scratch.directory.path)
        let lint = try BankLoader.load(
            files: files, schemaDirectory: scratch.directory.path, retainQuestions: false, quality: true)
        #expect(full.diagnostics.isEmpty, "\(full.diagnostics.map(\.formatted))")
        #expect(full.questions.count == 5)
        // The per-question findings of the lint run, by question, against the rules run on
        // each built question's Strings.
        let linted = lint.diagnostics.filter { $0.severity == .warning }.map(\.message)
        let built = full.questions.flatMap { ItemFlaw.of($0).map(\.message) }
        #expect(!built.isEmpty)
        #expect(Set(linted) == Set(built), "lint: \(linted)\nbuilt: \(built)")
        #expect(linted.count == built.count)
    }

    @Test("question ids are unique as strings: ASCII ids, then canonically equivalent ones")
    func idsAsStrings() throws {
        let scratch = try BankScratch()
        let body = #"<choice correct="true">A</choice><choice>B</choice>"#
        let q = { (id: String) in Self.question(id, "single", body) }
        try scratch.write(
            "a.xml", bankXML(id: "a", [q("q1"), q("K"), q("caf\u{E9}")].joined(separator: "\n")))
        try scratch.write(
            "b.xml",
            bankXML(id: "b", [q("q2"), q("\u{212A}"), q("cafe\u{301}"), q("q1")].joined(separator: "\n")))
        let (full, _) = try bothWays(scratch)
        let refused = full.diagnostics.filter { $0.message.contains("is already used; ids must be unique") }
        #expect(
            refused.map(\.message) == [
                "question id '\u{212A}' is already used; ids must be unique across all banks",
                "question id 'cafe\u{301}' is already used; ids must be unique across all banks",
                "question id 'q1' is already used; ids must be unique across all banks",
            ])
        #expect(refused.allSatisfy { $0.notes.first?.location.file.hasSuffix("a.xml") == true })
        #expect(full.questionCount == 4)
    }
}
