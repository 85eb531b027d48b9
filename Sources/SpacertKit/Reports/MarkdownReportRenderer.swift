import SpacertTerminal

/// Renders a report as GitHub-flavoured Markdown. Every piece of text is escaped so that a
/// name or bank text can never become markup: ASCII punctuation that Markdown reads is
/// backslash-escaped (pipes included, so tables hold), line breaks become spaces, and control
/// characters are dropped.
public struct MarkdownReportRenderer: Sendable {
    public init() {}

    /// The whole report, ending with a newline.
    public func render(_ document: ReportDocument) -> String {
        var lines = ["# " + Self.escape(document.title), ""]
        if !document.subtitle.isEmpty {
            lines.append(document.subtitle.map(Self.escape).joined(separator: "  \n"))
        }
        for section in document.sections {
            lines += ["", "## " + Self.escape(section.title)]
            for block in section.blocks {
                lines.append("")
                lines += render(block)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ block: ReportBlock) -> [String] {
        switch block {
        case .paragraph(let text): return [Self.escape(text)]
        case .subheading(let text): return ["### " + Self.escape(text)]
        case .facts(let facts): return facts.map(fact)
        case .table(let table):
            guard !table.rows.isEmpty else { return ["_" + Self.escape(table.empty) + "_"] }
            return self.table(
                header: table.columns.map(\.title), numeric: table.columns.map(\.numeric),
                rows: table.rows.map { row in table.columns.indices.map { $0 < row.count ? row[$0].text : "" }
                })
        case .chart(let chart):
            var header = [chart.labelTitle, chart.valueTitle]
            if chart.bars.contains(where: { $0.marker != nil }) {
                header.append(chart.markerLabel ?? "Marker")
            }
            let rows = chart.bars.map { bar -> [String] in
                var row = [bar.label, bar.valueText]
                if header.count == 3 {
                    row.append(
                        bar.marker.map { ReportNumber.decimal($0) + (chart.maximum == 100 ? "%" : "") } ?? "")
                }
                return row
            }
            return ["**" + Self.escape(chart.title) + "**", ""]
                + table(header: header, numeric: header.indices.map { $0 > 0 }, rows: rows)
        case .entries(let entries):
            return entries.enumerated().flatMap { index, entry in
                (index > 0 ? [""] : []) + ["#### " + Self.escape(entry.title), ""] + entry.details.map(fact)
            }
        }
    }

    private func fact(_ fact: ReportFact) -> String {
        "- **" + Self.escape(fact.label) + ":** "
            + (fact.safeLink.map { "[" + Self.escape(fact.value) + "](<" + $0 + ">)" }
                ?? Self.escape(fact.valueWithLink))
    }

    private func table(header: [String], numeric: [Bool], rows: [[String]]) -> [String] {
        let line = { (cells: [String]) in "| " + cells.map(Self.escape).joined(separator: " | ") + " |" }
        return [line(header), "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined()] + rows.map(line)
    }

    /// Characters backslash-escaped wherever they appear: every one Markdown (with GitHub's
    /// tables and strikethrough) could read as markup inline.
    static let escaped: Set<Character> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!", "{", "}",
    ]

    /// `text` as literal Markdown inline text, on one line.
    public static func escape(_ text: String) -> String {
        let flat = sanitize(text)
        var result = ""
        result.reserveCapacity(flat.utf8.count)
        for character in flat {
            if escaped.contains(character) { result.append("\\") }
            result.append(character)
        }
        // Text that starts like a list item, a heading underline or an ordered list item would
        // become one at the start of a line: escape its mark.
        if let first = result.first, "-+=".contains(first) {
            result.insert("\\", at: result.startIndex)
        } else if let mark = result.firstIndex(where: { !$0.isASCII || !$0.isNumber }),
            mark != result.startIndex, [".", ")"].contains(result[mark]),
            result.index(after: mark) == result.endIndex || result[result.index(after: mark)] == " "
        {
            result.insert("\\", at: mark)
        }
        return result
    }
}
