/// Renders a report as one self-contained HTML file: inline CSS, charts as inline SVG, no
/// scripts and nothing fetched, laid out to print on A4 (tables repeat their heads and rows
/// do not split across pages). Every piece of text is escaped.
public struct HTMLReportRenderer: Sendable {
    public init() {}

    /// The whole page.
    public func render(_ document: ReportDocument) -> String {
        let e = HTMLEscape.escape
        var html = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(e(document.title))</title>",
            "<style>\n\(Self.css)</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(e(document.title))</h1>",
        ]
        html += document.subtitle.map { "<p class=\"subtitle\">\(e($0))</p>" }
        html.append("</header>")
        for section in document.sections {
            html.append("<section>")
            html.append("<h2>\(e(section.title))</h2>")
            html += section.blocks.map(render)
            html.append("</section>")
        }
        html += ["</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    private func render(_ block: ReportBlock) -> String {
        let e = HTMLEscape.escape
        switch block {
        case .paragraph(let text): return "<p>\(e(text))</p>"
        case .subheading(let text): return "<h3>\(e(text))</h3>"
        case .facts(let facts): return self.facts(facts)
        case .chart(let chart):
            return
                "<figure>\n<figcaption>\(e(chart.title))</figcaption>\n\(SVGBarChart(chart: chart).svg)\n</figure>"
        case .entries(let entries):
            return entries.map { entry in
                "<div class=\"entry\">\n<h3\(Self.toneClass(entry.tone))>\(e(entry.title))</h3>\n\(facts(entry.details))\n</div>"
            }.joined(separator: "\n")
        case .table(let table):
            guard !table.rows.isEmpty else { return "<p class=\"muted\">\(e(table.empty))</p>" }
            var rows = ["<table\(table.columns.count > 8 ? " class=\"wide\"" : "")>", "<thead><tr>"]
            rows += table.columns.map { "<th\($0.numeric ? " class=\"num\"" : "")>\(e($0.title))</th>" }
            rows.append("</tr></thead>")
            rows.append("<tbody>")
            for row in table.rows {
                let cells = table.columns.indices.map { index -> String in
                    let cell = index < row.count ? row[index] : ReportCell("")
                    let column = table.columns[index]
                    let classes = [
                        column.numeric ? "num" : nil, column.nowrap ? "nowrap" : nil, cell.tone?.rawValue,
                    ].compactMap { $0 }
                    let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    return "<td\(attribute)>\(e(cell.text))</td>"
                }
                rows.append("<tr>" + cells.joined() + "</tr>")
            }
            rows += ["</tbody>", "</table>"]
            return rows.joined(separator: "\n")
        }
    }

    private func facts(_ facts: [ReportFact]) -> String {
        let e = HTMLEscape.escape
        let items = facts.map { fact in
            let value =
                fact.safeLink.map { "<a href=\"\(e($0))\">\(e(fact.value))</a>" }
                ?? e(fact.link == nil ? fact.value : fact.valueWithLink)
            return "<dt>\(e(fact.label))</dt><dd\(Self.toneClass(fact.tone))>\(value)</dd>"
        }
        return "<dl class=\"facts\">\n" + items.joined(separator: "\n") + "\n</dl>"
    }

    private static func toneClass(_ tone: ReportTone?) -> String {
        tone.map { " class=\"\($0.rawValue)\"" } ?? ""
    }

    /// The page's style: screen and A4 print.
    static let css = """
        @page { size: A4; margin: 14mm 12mm 16mm; }
        * { box-sizing: border-box; }
        body { font: 10pt/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; color: #1f2328;
          max-width: 186mm; margin: 12px auto; padding: 0 8px; }
        header { border-bottom: 2px solid #1f2328; margin-bottom: 10px; }
        h1 { font-size: 17pt; margin: 0 0 4px; }
        h2 { font-size: 12.5pt; margin: 18px 0 6px; padding-bottom: 2px; border-bottom: 1px solid #d0d7de;
          break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 10.5pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
        .subtitle { margin: 0 0 4px; color: #57606a; }
        p { margin: 6px 0; }
        table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 6px 0; }
        table.wide { font-size: 8pt; }
        table.wide td:first-child { white-space: nowrap; }
        thead { display: table-header-group; }
        tr, .entry, figure, dl.facts { break-inside: avoid; page-break-inside: avoid; }
        th, td { padding: 3px 5px; text-align: left; vertical-align: top; border-bottom: 1px solid #d8dee4;
          overflow-wrap: break-word; }
        th { background: #f3f5f7; font-weight: 600; border-bottom: 1px solid #8c959f; }
        th.num, td.num { text-align: right; }
        td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.nowrap { white-space: nowrap; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
        dl.facts dt { color: #57606a; }
        dl.facts dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
        .entry { border-left: 3px solid #d0d7de; padding: 0 0 0 10px; margin: 10px 0; }
        figure { margin: 6px 0; }
        figcaption { color: #57606a; margin-bottom: 4px; }
        svg.chart { max-width: 100%; height: auto; font: 11px "Helvetica Neue", Helvetica, Arial, sans-serif; }
        svg .label, svg .value, svg .legend { fill: #1f2328; }
        svg .legend { fill: #57606a; }
        .good { color: #1a7f37; }
        .warning { color: #9a6700; }
        .bad { color: #cf222e; }
        .muted { color: #6e7781; }
        @media print { body { max-width: none; margin: 0; padding: 0; } }

        """
}
