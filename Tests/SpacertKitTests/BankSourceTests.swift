import Foundation
import SpacertKit
import Testing

/// Bank format 1.1: a `<source>` cites a seed article's section or a web page by title.
@Suite("Bank format 1.1: article and web sources")
struct BankSourceTests {
    static func question(_ id: String, source: String) -> String {
        """
          <question id="\(id)" type="truefalse">
            <prompt>Heat may help a stiff lower back before massage.</prompt>
            <answer>true</answer>
            <explanation>Warmth relaxes the muscles so pressure can build gently.</explanation>
            \(source)
          </question>
        """
    }

    func load(_ questions: [String]) throws -> (full: BankSet, lint: BankSet) {
        let scratch = try BankScratch()
        try scratch.write("sources.xml", bankXML(questions.joined(separator: "\n")))
        let files = try BankLoader.xmlFiles(under: scratch.directory.path)
        let full = try BankLoader.load(files: files, schemaDirectory: scratch.directory.path)
        let lint = try BankLoader.load(
            files: files, schemaDirectory: scratch.directory.path, retainQuestions: false)
        #expect(full.diagnostics == lint.diagnostics)
        return (full, lint)
    }

    @Test("an article source keeps working and shows the seed article's title")
    func articleSource() throws {
        let (set, _) = try load([
            Self.question(
                "a1", source: #"<source article="000_4844a43459959855.txt">Heat and cold</source>"#),
            Self.question("a2", source: #"<source article="notes.txt">Warm-up</source>"#),
        ])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics.map(\.formatted))")
        let first = try #require(set.questions.first { $0.id == "a1" })
        #expect(first.source.title == "How to massage for lower back pain")
        #expect(first.source.article == "000_4844a43459959855.txt")
        #expect(first.source.section == "Heat and cold")
        #expect(first.source.url == nil)
        #expect(first.source.label == "Heat and cold, in \u{201C}How to massage for lower back pain\u{201D}")
        let unknown = try #require(set.questions.first { $0.id == "a2" })
        #expect(unknown.source.title == "notes.txt")
    }

    @Test("a web source has a title and an https address")
    func webSource() throws {
        let (set, _) = try load([
            Self.question(
                "w1",
                source:
                    #"<source href="https://example.org/back-care?x=1">  Caring for  a sore back </source>"#)
        ])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics.map(\.formatted))")
        let question = try #require(set.questions.first)
        #expect(
            question.source
                == Citation(title: "Caring for a sore back", url: "https://example.org/back-care?x=1"))
        #expect(question.source.label == "Caring for a sore back")
        #expect(question.source.article == nil)
    }

    @Test("both, neither, http, spaces, no host, no title: each one error at the question")
    func badSources() throws {
        let (set, _) = try load([
            Self.question("both", source: #"<source article="a.txt" href="https://example.org/">T</source>"#),
            Self.question("neither", source: "<source>Title</source>"),
            Self.question("http", source: #"<source href="http://example.org/">T</source>"#),
            Self.question("spaces", source: #"<source href="https://example.org/a page">T</source>"#),
            Self.question("nohost", source: #"<source href="https:///path">T</source>"#),
            Self.question("notitle", source: #"<source href="https://example.org/"> </source>"#),
            Self.question("javascript", source: #"<source href="javascript:alert(1)">T</source>"#),
        ])
        #expect(set.questions.isEmpty)
        let messages = set.diagnostics.map(\.message)
        for id in ["both", "neither", "http", "spaces", "nohost", "notitle", "javascript"] {
            #expect(
                messages.contains { $0.contains("question '\(id)'") || $0.contains("'\(id)'") },
                "\(id): \(messages)")
        }
        #expect(messages.contains { $0.contains("both article and href") })
        #expect(messages.contains { $0.contains("must start with https://") })
        #expect(messages.contains { $0.contains("no spaces") })
        #expect(messages.contains { $0.contains("no host") })
        #expect(messages.contains { $0.contains("without a title") })
    }

    @Test("the items report shows a source's title and links a web page in HTML only when https")
    func reportDisplay() {
        let fact = ReportFact("Source", "Caring for a sore back", link: "https://example.org/a?b=1&c=2")
        let unsafe = ReportFact("Source", "T", link: "javascript:alert(1)")
        let document = ReportDocument(
            title: "Items", sections: [ReportSection("Checks", [.facts([fact, unsafe])])])
        let html = HTMLReportRenderer().render(document)
        #expect(html.contains(#"<a href="https://example.org/a?b=1&amp;c=2">Caring for a sore back</a>"#))
        #expect(!html.contains("href=\"javascript"))
        let markdown = MarkdownReportRenderer().render(document)
        #expect(markdown.contains("](<https://example.org/a?b=1&c=2>)"))
        let text = TextReportRenderer(width: 200).render(document)
        #expect(text.contains("Caring for a sore back <https://example.org/a?b=1&c=2>"))
    }
}
