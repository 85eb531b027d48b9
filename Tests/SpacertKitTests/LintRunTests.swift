import Foundation
import SpacertXML
import Testing

@testable import SpacertKit

/// The quality rules through the loader and `spacert lint`: rule ids in the output, accepting
/// a finding in the XML, --strict, lint keeps going, lint FILE against its folder, and
/// `spacert banks --quality`.
@Suite("spacert lint: rules, accepted findings and keeping going")
struct LintRunTests {
    static let source = #"<explanation>Why.</explanation><source article="a.txt">S</source>"#

    /// A single-choice question whose key is far the longest (a key-longest finding).
    static func longKey(_ id: String, accept: String = "", critical: Bool = false) -> String {
        """
          <question id="\(id)" type="single"\(critical ? #" critical="true""# : "")>
            \(accept)
            <prompt>How should pressure build during a lower back massage for a new client?</prompt>
            <choice correct="true">Gradually, starting light and checking in with the client as it deepens</choice>
            <choice>Fast</choice><choice>Hard</choice><choice>Firm</choice>
            \(source)
          </question>
        """
    }

    func quality(_ scratch: BankScratch, _ names: [String]? = nil) throws -> BankSet {
        let files =
            try names.map { $0.map { scratch.directory.appendingPathComponent($0).path } }
            ?? BankLoader.xmlFiles(under: scratch.directory.path)
        return try BankLoader.load(
            files: files, schemaDirectory: scratch.directory.path, retainQuestions: false, quality: true)
    }

    @Test("a quality finding is a warning with its rule id; accepting it moves it to the accepted list")
    func acceptFinding() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "a.xml",
            bankXML(
                Self.longKey("q1") + "\n"
                    + Self.longKey(
                        "q2", accept: "<?spacert-lint accept key-longest: the key must name both steps?>")))
        let set = try quality(scratch)
        let keyLongest = set.diagnostics.filter { $0.rule == "key-longest" }
        #expect(keyLongest.map(\.severity) == [.warning])
        #expect(keyLongest.first?.message.hasPrefix("question 'q1'") == true)
        #expect(keyLongest.first?.formatted.hasSuffix("[key-longest]") == true)
        #expect(set.accepted.map(\.question) == ["q2"])
        #expect(set.accepted.first?.reason == "the key must name both steps")
        #expect(!set.hasErrors)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try LintReport.json(set).utf8)) as? [String: Any])
        let accepted = try #require(json["accepted"] as? [[String: Any]])
        #expect(accepted.first?["rule"] as? String == "key-longest")
        #expect(accepted.first?["question"] as? String == "q2")
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["rule"] as? String == "key-longest" })
    }

    @Test(
        "a malformed accept, an unknown rule or no reason is a lint-accept warning; the question still loads")
    func badAccepts() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "a.xml",
            bankXML(
                [
                    Self.longKey("q1", accept: "<?spacert-lint ignore everything?>"),
                    Self.longKey("q2", accept: "<?spacert-lint accept schema: not a quality rule?>"),
                    Self.longKey("q3", accept: "<?spacert-lint accept key-longest:?>"),
                    Self.longKey("q4", accept: "<?other-tool accept key-longest: not ours?>"),
                ].joined(separator: "\n")))
        let set = try BankLoader.load(
            files: BankLoader.xmlFiles(under: scratch.directory.path),
            schemaDirectory: scratch.directory.path,
            quality: true)
        let accepts = set.diagnostics.filter { $0.rule == "lint-accept" }
        #expect(accepts.count == 3)
        #expect(accepts.allSatisfy { $0.severity == .warning })
        #expect(set.questions.map(\.id) == ["q1", "q2", "q3", "q4"])
        #expect(set.diagnostics.filter { $0.rule == "key-longest" }.count == 4)
    }

    @Test(
        "near-duplicates across files: a warning at the second with a note at the first; critical-mismatch too"
    )
    func nearDuplicates() throws {
        let scratch = try BankScratch()
        try scratch.write("a.xml", bankXML(id: "a", Self.longKey("first", critical: true)))
        try scratch.write("b.xml", bankXML(id: "b", category: "communication", Self.longKey("second")))
        let set = try quality(scratch)
        let near = try #require(set.diagnostics.first { $0.rule == "near-duplicate" })
        #expect(near.location.file.hasSuffix("b.xml"))
        #expect(near.location.column != nil)
        #expect(near.notes.first?.location.file.hasSuffix("a.xml") == true)
        #expect(near.notes.first?.message == "question 'first' is here")
        let mismatch = try #require(set.diagnostics.first { $0.rule == "critical-mismatch" })
        #expect(mismatch.message.contains("is not critical"))
        // Diagnostics stay in file order.
        let files = set.diagnostics.map { $0.location.file.hasSuffix("a.xml") ? 0 : 1 }
        #expect(files == files.sorted())
    }

    @Test("a not well-formed file: reported, the rest of it unchecked, every other file still checked")
    func keepsGoing() throws {
        let scratch = try BankScratch()
        try scratch.write("a.xml", bankXML(id: "a", Self.longKey("dup")))
        try scratch.write(
            "b-broken.xml",
            bankXML(
                id: "b",
                Self.longKey("ok-before") + "\n  <question id=\"dup\" type=\"single\"><prompt>x</promp>"))
        try scratch.write("c.xml", bankXML(id: "c", Self.longKey("dup") + "\n" + Self.longKey("c-own")))
        let set = try quality(scratch)
        let broken = try #require(set.diagnostics.first { $0.rule == "xml-syntax" })
        #expect(broken.location.file.hasSuffix("b-broken.xml"))
        #expect(broken.notes.contains { $0.message.contains("rest of this file was not checked") })
        // The cross-file rule still ran on c.xml.
        #expect(set.diagnostics.contains { $0.rule == "duplicate-id" && $0.location.file.hasSuffix("c.xml") })
        #expect(set.diagnostics.contains { $0.rule == "key-longest" && $0.location.file.hasSuffix("c.xml") })
        #expect(set.leftOut.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["b-broken.xml"])
        #expect(set.leftOutWarnings.first?.contains("b-broken.xml was left out") == true)
        // A full load serves none of the broken file's questions.
        let full = try scratch.load()
        #expect(!full.questions.contains { $0.id == "ok-before" })
    }

    @Test("XMLProblem names the element and attribute from libxml2's own words")
    func typedProblems() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "a.xml",
            bankXML(#"<question id="q1" type="single" difficulty="tough"><prompt>P</prompt></question>"#))
        let set = try scratch.load()
        let difficulty = try #require(set.diagnostics.first { $0.message.contains("difficulty") })
        #expect(difficulty.rule == "schema")
        #expect(difficulty.attribute == "difficulty")
        #expect(difficulty.location.column != nil)
    }

    @Test("spacert lint: --strict fails on warnings; lint FILE reports an id clash with its folder")
    func command() throws {
        let scratch = try BankScratch()
        let a = try scratch.write("a.xml", bankXML(id: "a", Self.longKey("q1")))
        try scratch.write("b.xml", bankXML(id: "b", singleQuestion("clash")))
        let c = try scratch.write("c.xml", bankXML(id: "c", singleQuestion("clash")))
        let warned = try runSpacert(["lint", "--banks", scratch.directory.path, a])
        #expect(warned.status == 0)
        #expect(warned.stdout.contains("[key-longest]"))
        let strict = try runSpacert(["lint", "--strict", "--banks", scratch.directory.path, a])
        #expect(strict.status == 1)
        let alone = try runSpacert(["lint", "--no-quality", "--banks", scratch.directory.path, c])
        #expect(alone.status == 1)
        #expect(alone.stdout.contains("c.xml:3:13: error: question id 'clash' is already used"))
        #expect(alone.stdout.contains("b.xml:3:3: note: 'clash' was first defined here"))
        #expect(alone.stderr.contains("1 file,"))
    }

    @Test("spacert banks --quality: per bank flawed share, cues against chance, tags; JSON too")
    func banksQuality() throws {
        let scratch = try BankScratch()
        try scratch.write(
            "a.xml",
            bankXML(
                id: "a",
                (1...10).map {
                    Self.longKey("q\($0)").replacing(
                        "type=\"single\"", with: "type=\"single\" tags=\"pressure\"")
                }
                .joined(separator: "\n")))
        let text = try runSpacert(["banks", "--quality", "--banks", scratch.directory.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("flawed items        10 of 10 (100%)"))
        #expect(text.stdout.contains("key is longest      10 of 10 single-choice (100%); chance 25%"))
        #expect(text.stdout.contains("tags                pressure 10"))
        let json = try runSpacert(["banks", "--quality", "--json", "--banks", scratch.directory.path])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let banks = try #require(object["banks"] as? [[String: Any]])
        #expect(banks.first?["flawed"] as? Int == 10)
        #expect(banks.first?["keyLongest"] as? Int == 10)
        // Ten copies: 45 pairs, each finding counted at both of its questions.
        #expect(banks.first?["nearDuplicatePairs"] as? Int == 45)
        #expect((banks.first?["findings"] as? [String: Int])?["near-duplicate"] == 90)
        // The bank-level key-longest finding shows in lint.
        let lint = try quality(scratch)
        #expect(lint.diagnostics.contains { $0.rule == "key-longest" && $0.message.hasPrefix("bank 'a'") })
    }

    @Test("quiz names a bank file it left out")
    func quizNamesLeftOut() throws {
        let fixture = try QuizFixture()
        try fixture.scratch.write("zz-broken.xml", "<bank xmlns=\"urn:spacert:bank:1\" id=\"z\"")
        let result = try runSpacert(
            ["quiz", "--trainee", "lee"], input: "q\n", environment: fixture.environment)
        #expect(result.stderr.contains("zz-broken.xml was left out"))
    }
}
