import Foundation
import SpacertKit
import Testing

@Suite("Bank loader: semantic checks")
struct BankLoaderSemanticTests {
    @Test("a sound bank loads every question type with its place")
    func soundBank() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "good.xml",
            bankXML(
                category: "contraindications",
                singleQuestion("q-single", extra: #" critical="true" tags="pregnancy scenario""#) + """

                      <question id="q-tf" type="truefalse" rev="3" difficulty="hard">
                        <scenario>A client arrives after a long drive.</scenario>
                        <prompt>Warm up first.</prompt>
                        <answer>false</answer>
                        <explanation>Warming up lets the tissue accept deeper work.</explanation>
                        <source article="002_b321187dd613e1ca.txt">Warming Up the Muscles</source>
                      </question>
                      <question id="q-order" type="order">
                        <prompt>Put in order.</prompt>
                        <step>First</step><step>Second</step><step>Third</step>
                        <explanation>Light strokes come before deep ones.</explanation>
                        <source article="002_b321187dd613e1ca.txt">Warming Up the Muscles</source>
                      </question>
                      <question id="q-match" type="match">
                        <prompt>Match.</prompt>
                        <pair><left>Heat</left><right>Relaxes tight muscle</right></pair>
                        <pair><left>Cold</left><right>Calms fresh inflammation</right></pair>
                        <explanation>Heat and cold do different jobs.</explanation>
                        <source article="000_4844a43459959855.txt">Tips</source>
                      </question>
                      <question id="q-multi" type="multiple" shuffle="false">
                        <prompt>Select all that apply.</prompt>
                        <choice correct="true">A</choice>
                        <choice pinned="true">B</choice>
                        <choice correct="true">C</choice>
                        <explanation>A and C are both safe.</explanation>
                        <source article="000_4844a43459959855.txt">Tips</source>
                      </question>
                    """))
        let set = try scratch.load()
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics.map(\.formatted))")
        let questions = Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, $0) })
        #expect(questions.count == 5)
        let single = try #require(questions["q-single"])
        #expect(
            single.critical && single.tags == ["pregnancy", "scenario"]
                && single.category == .contraindications)
        #expect(single.location.line == 3)
        #expect(single.choices.map(\.correct) == [true, false, false])
        let tf = try #require(questions["q-tf"])
        #expect(tf.body == .trueFalse(false) && tf.rev == 3 && tf.difficulty == .hard)
        #expect(tf.scenario == "A client arrives after a long drive.")
        #expect(tf.choices.map(\.text) == ["True", "False"] && tf.choices[1].correct)
        #expect(questions["q-order"]?.body == .order(["First", "Second", "Third"]))
        #expect(
            questions["q-match"]?.body
                == .match([
                    MatchPair(left: "Heat", right: "Relaxes tight muscle"),
                    MatchPair(left: "Cold", right: "Calms fresh inflammation"),
                ]))
        let multi = try #require(questions["q-multi"])
        #expect(!multi.shuffle && multi.choices[1].pinned && multi.choices.filter(\.correct).count == 2)
    }

    @Test("a single-choice question with two correct choices is an error at the question")
    func twoCorrect() throws {
        let scratch = try BankScratch()
        try scratch.write("a.xml", bankXML(singleQuestion("ci-012", correct: [true, true, false])))
        let set = try scratch.load()
        let diagnostic = try #require(set.diagnostics.first)
        #expect(set.diagnostics.count == 1)
        #expect(
            diagnostic.message
                == "question 'ci-012' has two choices marked correct; a single-choice question needs exactly one"
        )
        #expect(diagnostic.location.line == 3 && diagnostic.location.column == 3)
        #expect(set.questions.isEmpty)
    }

    @Test("ids must be unique across banks, with a note at the first definition")
    func duplicateIDs() throws {
        let scratch = try BankScratch()
        try scratch.write("a.xml", bankXML(id: "a", singleQuestion("tq-003")))
        try scratch.write(
            "b.xml", bankXML(id: "b", singleQuestion("tq-004") + "\n" + singleQuestion("tq-003")))
        let set = try scratch.load()
        #expect(set.diagnostics.count == 1)
        let diagnostic = try #require(set.diagnostics.first)
        #expect(diagnostic.location.file.hasSuffix("b.xml"))
        #expect(diagnostic.location.line == 11 && diagnostic.location.column == 13)
        #expect(diagnostic.message.contains("'tq-003' is already used"))
        let note = try #require(diagnostic.notes.first)
        #expect(note.location.file.hasSuffix("a.xml") && note.location.line == 3 && note.location.column == 3)
        #expect(diagnostic.formatted.contains("a.xml:3:3: note: 'tq-003' was first defined here"))
        #expect(set.questions.map(\.id).sorted() == ["tq-003", "tq-004"])
    }

    @Test("every rule XSD cannot express gets an editor's message, all in one run")
    func semanticRules() throws {
        let scratch = try BankScratch()
        let source = #"<source article="a.txt">S</source>"#
        try scratch.write(
            "rules.xml",
            bankXML(
                """
                  <question id="m-none" type="multiple">
                    <prompt>P</prompt><choice>A</choice><choice>B</choice>
                    <explanation>E</explanation>\(source)
                  </question>
                  <question id="m-all" type="multiple">
                    <prompt>P</prompt><choice correct="true">A</choice><choice correct="true">B</choice>
                    <explanation>E</explanation>\(source)
                  </question>
                  <question id="o-two" type="order">
                    <prompt>P</prompt><step>A</step><step>B</step>
                    <explanation>E</explanation>\(source)
                  </question>
                  <question id="x-dup" type="match">
                    <prompt>P</prompt>
                    <pair><left>A</left><right>1</right></pair>
                    <pair><left>A</left><right>2</right></pair>
                    <explanation>E</explanation>\(source)
                  </question>
                  <question id="e-empty" type="truefalse">
                    <prompt>P</prompt><answer>true</answer>
                    <explanation>   </explanation><source article="a.txt"></source>
                  </question>
                  <question id="t-mismatch" type="order">
                    <prompt>P</prompt><choice>A</choice><choice>B</choice>
                    <explanation>E</explanation>\(source)
                  </question>
                """))
        let set = try scratch.load()
        let messages = set.diagnostics.map(\.message)
        #expect(
            messages.contains(
                "question 'm-none' has no choice marked correct; a multiple-choice question needs at least one"
            ))
        #expect(messages.contains { $0.hasPrefix("question 'm-all' has every choice marked correct") })
        #expect(messages.contains("question 'o-two' has 2 step(s); an order question needs at least three"))
        #expect(
            messages.contains(
                "question 'x-dup' has the left item 'A' in two pairs; match pairs must be distinct"))
        #expect(
            messages.contains(
                "question 'e-empty' has an empty explanation; say why the right answer is right"))
        #expect(messages.contains { $0.hasPrefix("question 'e-empty' needs a source") })
        #expect(
            messages.contains {
                $0.hasPrefix("question 't-mismatch' is type 'order' but has <choice> elements")
            })
        #expect(set.questions.isEmpty)
        #expect(set.diagnostics.allSatisfy { $0.location.column != nil })
    }

    @Test("schema errors are worded for editors and placed on the right line")
    func schemaErrors() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "schema.xml",
            bankXML(
                """
                  <question id="Bad Id" type="single" critical="maybe">
                    <prompt>P</prompt><choice correct="true">A</choice><choice>B</choice>
                    <source article="a.txt">S</source>
                  </question>
                """))
        let set = try scratch.load()
        let text = set.diagnostics.map(\.formatted).joined(separator: "\n")
        #expect(text.contains("schema.xml:3:"))
        #expect(text.contains("attribute 'critical' of <question> is 'maybe'; it must be true or false"))
        #expect(text.contains("attribute 'id' of <question>"))
        #expect(
            text.contains("question 'Bad Id' has an empty explanation")
                || text.contains("expected <explanation>"))
        #expect(!text.contains("{urn:spacert"))
        #expect(!text.contains("atomic type"))
    }

    @Test("an unknown question type is one clear error")
    func unknownType() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "t.xml",
            bankXML(singleQuestion("q1").replacingOccurrences(of: #"type="single""#, with: #"type="essay""#)))
        let set = try scratch.load()
        #expect(
            set.diagnostics.map(\.message) == [
                "question 'q1' has unknown type 'essay'; use single, multiple, truefalse, order or match"
            ])
        #expect(set.diagnostics.first?.location.column == 21)
    }
}

@Suite("Bank loader: bad input and security")
struct BankLoaderSecurityTests {
    func only(_ name: String, _ text: String, maxBytes: Int = BankLoader.defaultMaxBytes) throws
        -> [Diagnostic]
    {
        let scratch = try BankScratch()
        try scratch.write(name, text)
        return try scratch.load(maxBytes: maxBytes).diagnostics
    }

    @Test("XXE to a local file is refused and the file never leaks")
    func xxe() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "xxe.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE bank [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <bank xmlns="urn:spacert:bank:1" id="a" title="&x;" category="techniques"/>
            """)
        let set = try scratch.load()
        #expect(set.banks.isEmpty)
        #expect(set.diagnostics.count == 1)
        #expect(set.diagnostics[0].message.hasPrefix("a DOCTYPE is not allowed"))
        #expect(set.diagnostics[0].location.line == 2 && set.diagnostics[0].location.column == 1)
        #expect(!set.diagnostics[0].message.contains("root:"))
    }

    @Test("external DTD, billion laughs and quadratic blow-up are refused at the DOCTYPE")
    func entityBombs() throws {
        let laughs = (1...9).map {
            "<!ENTITY l\($0) \"" + String(repeating: "&l\($0 - 1);", count: 10) + "\">"
        }
        let billion =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE bank [<!ENTITY l0 \"lol\">\(laughs.joined())]>\n<bank>&l9;</bank>\n"
        let big = String(repeating: "a", count: 50_000)
        let quadratic =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE bank [<!ENTITY a \"\(big)\">]>\n<bank>"
            + String(repeating: "&a;", count: 2000) + "</bank>\n"
        let external =
            "<?xml version=\"1.0\"?>\n<!-- c -->\n  <!DOCTYPE bank SYSTEM \"http://example.invalid/x.dtd\">\n<bank/>\n"
        for (text, line) in [(billion, 2), (quadratic, 2), (external, 3)] {
            let diagnostics = try only("bomb.xml", text)
            #expect(diagnostics.count == 1)
            #expect(diagnostics.first?.message.hasPrefix("a DOCTYPE is not allowed") == true)
            #expect(diagnostics.first?.location.line == line)
        }
    }

    @Test("an entity reference without a DOCTYPE is an error, not substituted")
    func undefinedEntity() throws {
        let diagnostics = try only(
            "e.xml",
            bankXML(singleQuestion("q1")).replacingOccurrences(of: "Which one?", with: "Which &nbsp; one?"))
        #expect(diagnostics.first?.message.hasPrefix("entity '&nbsp;' is not allowed") == true)
        #expect(diagnostics.first?.location.line == 4)
    }

    @Test("a file over the size cap is refused before parsing")
    func sizeCap() throws {
        let diagnostics = try only(
            "big.xml", bankXML(String(repeating: singleQuestion("q") + "\n", count: 3)), maxBytes: 200)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message.contains("over the 200-byte limit"))
    }

    @Test("empty, truncated, not UTF-8, wrong root, wrong namespace: each one clear error at its line")
    func badFiles() throws {
        #expect(try only("empty.xml", "").map(\.message) == ["the file is empty"])
        let truncated = try only("cut.xml", String(bankXML(singleQuestion("q1")).prefix(180)))
        #expect(truncated.count == 1)
        #expect(truncated[0].message.hasPrefix("the file ends before <"))
        var latin = Data(bankXML(singleQuestion("q1")).utf8)
        latin.replaceSubrange(latin.range(of: Data("Which".utf8))!, with: [0x57, 0xE9, 0x69, 0x63, 0x68])
        let scratch = try BankScratch()
        try scratch.write("latin.xml", latin)
        let notUTF8 = try scratch.load().diagnostics
        #expect(notUTF8.count == 1)
        #expect(notUTF8[0].message.hasPrefix("text is not valid UTF-8 (bytes 0xE9"))
        #expect(notUTF8[0].location.line == 4)
        let root = try only("root.xml", "<?xml version=\"1.0\"?>\n\n<quiz/>\n")
        #expect(
            root.map(\.message) == [
                "the root element is <quiz>; a question bank starts with <bank xmlns=\"urn:spacert:bank:1\">"
            ])
        #expect(root[0].location.line == 3 && root[0].location.column == 1)
        let none = try only("ns.xml", "<bank id=\"a\" title=\"t\" category=\"techniques\"/>")
        #expect(
            none.map(\.message) == [
                "<bank> has no namespace; bank format version 1 needs xmlns=\"urn:spacert:bank:1\""
            ])
        let newer = try only(
            "v2.xml", "<bank xmlns=\"urn:spacert:bank:2\" id=\"a\" title=\"t\" category=\"techniques\"/>")
        #expect(newer.first?.message.hasPrefix("this bank is written in format version 2") == true)
    }

    @Test("a broken bank never stops the others from being checked")
    func brokenDoesNotStopOthers() throws {
        let scratch = try BankScratch()
        try scratch.write("a-broken.xml", "<bank")
        try scratch.write("b-good.xml", bankXML(singleQuestion("q1")))
        try scratch.write("c-bad.xml", bankXML(id: "c", singleQuestion("q2", correct: [false, false])))
        let set = try scratch.load()
        #expect(set.fileCount == 3)
        #expect(set.questions.map(\.id) == ["q1"])
        #expect(set.diagnostics.contains { $0.location.file.hasSuffix("a-broken.xml") })
        #expect(
            set.diagnostics.contains {
                $0.location.file.hasSuffix("c-bad.xml") && $0.message.contains("no choice marked correct")
            })
    }

    @Test("random garbage never crashes or hangs the loader")
    func garbage() throws {
        var generator = SystemRandomNumberGenerator()
        let good = Array(bankXML(singleQuestion("q1")).utf8)
        let scratch = try BankScratch()
        for round in 0..<200 {
            var bytes = good
            for _ in 0..<(1 + round % 8) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            }
            try scratch.write("g.xml", Data(bytes))
            let set = try scratch.load()
            #expect(set.diagnostics.allSatisfy { $0.location.line >= 1 })
        }
    }
}

@Suite("Bank loader: bank ids")
struct BankIDTests {
    @Test("two files with the same bank id: an error at the second, a note at the first")
    func duplicateBankID() throws {
        let scratch = try BankScratch()
        try scratch.write("a.xml", bankXML(id: "same", singleQuestion("q1")))
        try scratch.write("b.xml", bankXML(id: "same", singleQuestion("q2")))
        let set = try scratch.load()
        #expect(set.diagnostics.count == 1)
        let diagnostic = try #require(set.diagnostics.first)
        #expect(diagnostic.location.file.hasSuffix("b.xml") && diagnostic.location.line == 2)
        #expect(diagnostic.location.column != nil)
        #expect(diagnostic.message.hasPrefix("bank id 'same' is already used by"))
        #expect(diagnostic.notes.first?.location.file.hasSuffix("a.xml") == true)
    }
}
