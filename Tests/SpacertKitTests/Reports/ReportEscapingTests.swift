import Foundation
import Testing

@testable import SpacertKit

/// Hostile names and bank text stay text in every format, and file names stay safe.
@Suite("report escaping")
struct ReportEscapingTests {
    static let hostileName = "<script>alert(\"x\")</script> | *bold* `code` & Co"
    static let formulaName = "=HYPERLINK(\"http://evil.example\",\"click\")"

    /// A cohort of hostile names, one of them with an attempt on a question with hostile text.
    static func cohort() -> CohortReport {
        let names = [hostileName, formulaName, "Smith, Ann", "@SUM(A1)", "-2+3", "O\"Neil"]
        let trainees = names.enumerated().map { ReportFixture.trainee(Int64($0.offset + 1), $0.element) }
        let question = ReportFixture.question(
            "ci-1", category: .contraindications,
            prompt: "Line one\nline two, with <img src=x onerror=alert(1)> and | pipes | and \u{1B}[31mred")
        let result = ReportFixture.result(
            "a1", trainee: trainees[0], finished: ReportFixture.daysAgo(2),
            items: [ReportFixture.item(1, question, score: 0)])
        return CohortReport(
            input: ReportInput(
                trainees: trainees, results: [result], practice: [:], questions: [question],
                policy: ReportFixture.policy(), now: ReportFixture.now))
    }

    @Test("HTML: names and bank text are entities, never markup")
    func html() throws {
        let html = try Self.cohort().rendered(.html)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | *bold* `code` &amp; Co"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("\u{1B}"))
        #expect(HTMLEscape.escape("a'b\"c<d>&e\u{7}") == "a&#39;b&quot;c&lt;d&gt;&amp;e")
    }

    @Test("CSV: RFC 4180 quoting, CRLF records, formulas defused, numbers left alone")
    func csv() throws {
        let csv = try Self.cohort().rendered(.csv)
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.components(separatedBy: "\r\n").count == 8)  // header, 6 trainees, and the end
        #expect(csv.contains("\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","))
        #expect(csv.contains("\r\n\"Smith, Ann\","))
        #expect(csv.contains("\r\n'@SUM(A1),"))
        #expect(csv.contains("\r\n'-2+3,"))
        #expect(csv.contains("\r\n\"O\"\"Neil\","))
        #expect(CSVTable.encode(.text("two\nlines")) == "\"two\nlines\"")
        #expect(CSVTable.encode(.text("plain")) == "plain")
        #expect(CSVTable.encode(.number(-8.9087)) == "-8.9087")
        #expect(CSVTable.encode(.number(nil)) == "")
        #expect(CSVTable.encode(.number(.nan)) == "")
        #expect(CSVTable.encode(.text("\tcmd")) == "'\tcmd")
        let parsed = try #require(Self.parse(csv))
        #expect(parsed.allSatisfy { $0.count == parsed[0].count })
        #expect(
            parsed.dropFirst().map { $0[0] } == [
                Self.hostileName, "'" + Self.formulaName, "Smith, Ann", "'@SUM(A1)", "'-2+3", "O\"Neil",
            ])
    }

    @Test("Markdown: pipes, emphasis, backticks and angle brackets are escaped; tables keep their columns")
    func markdown() throws {
        let markdown = try Self.cohort().rendered(.markdown)
        #expect(markdown.contains(#"\<script\>alert("x")\</script\> \| \*bold\* \`code\` \& Co"#))
        #expect(!markdown.contains("<script>"))
        #expect(MarkdownReportRenderer.escape("a|b") == #"a\|b"#)
        #expect(MarkdownReportRenderer.escape("- item") == #"\- item"#)
        #expect(MarkdownReportRenderer.escape("12. item") == #"12\. item"#)
        #expect(MarkdownReportRenderer.escape("3)") == #"3\)"#)
        #expect(MarkdownReportRenderer.escape("64.9%") == "64.9%")
        #expect(MarkdownReportRenderer.escape("two\nlines") == "two lines")
        #expect(MarkdownReportRenderer.escape("[x](javascript:y)") == #"\[x\](javascript:y)"#)
        // Every row of the trainee table has the header's number of cells.
        let lines = markdown.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| Trainee |") })
        let columns = Self.cells(lines[header])
        for line in lines[(header + 1)...].prefix(7) { #expect(Self.cells(line) == columns, "\(line)") }
    }

    @Test("text: control characters and escape sequences are stripped")
    func text() throws {
        let report = Self.cohort()
        var input = ReportInput(
            trainees: [ReportFixture.trainee(1, "Ana\u{1B}]0;pwned\u{7}\u{1B}[2J")], results: [],
            practice: [:],
            questions: [], policy: ReportFixture.policy(), now: ReportFixture.now)
        let text = try CohortReport(input: input).rendered(.text)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
        #expect(text.contains("Ana "))
        input.trainees = []
        let missed = try report.rendered(.text)
        #expect(!missed.contains("\u{1B}"))
        #expect(missed.contains("Line one line two"))
    }

    @Test("file names are safe whatever the name")
    func fileNames() {
        let make = { (name: String) in
            TraineeReport(
                trainee: ReportFixture.trainee(1, name),
                input: ReportInput(
                    trainees: [], results: [], practice: [:], questions: [], policy: ReportFixture.policy(),
                    now: ReportFixture.now)
            ).fileName(.html)
        }
        #expect(make("../../etc/passwd") == "trainee-etc-passwd-1-2026-03-02.html")
        #expect(make(Self.hostileName) == "trainee-script-alert-x-script-bold-code-co-1-2026-03-02.html")
        #expect(make("李雷") == "trainee-trainee-1-2026-03-02.html")
        // Names that make the same safe name still get files of their own.
        let other = { (id: Int64, name: String) in
            TraineeReport(
                trainee: ReportFixture.trainee(id, name),
                input: ReportInput(
                    trainees: [], results: [], practice: [:], questions: [], policy: ReportFixture.policy(),
                    now: ReportFixture.now)
            ).fileName(.html)
        }
        #expect(other(1, "Ana María") != other(2, "ana-mar-a"))
        #expect(other(3, "李雷") != other(4, "王芳"))
        #expect(Self.cohort().fileName(.csv) == "cohort-2026-03-02.csv")
    }

    /// The cells of a Markdown table row, splitting on pipes that are not escaped.
    static func cells(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    /// A small RFC 4180 reader: records of fields, or nil when the text is not well formed.
    static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append(characters.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                guard field.isEmpty else { return nil }
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" {
                guard characters.popFirst() == "\n" else { return nil }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return quoted || !field.isEmpty || !record.isEmpty ? nil : records
    }
}
