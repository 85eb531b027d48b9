import SpacertTerminal

/// Renders a report as plain text for a terminal or a pipe: aligned columns, text bar charts,
/// colour only when `style` is enabled. Every piece of text from names or banks is passed
/// through ``SpacertTerminal/sanitize(_:keepNewlines:)``, so no control character reaches
/// the terminal.
public struct TextReportRenderer: Sendable {
    public var style: Style
    /// Columns for wrapped paragraphs and entries.
    public var width: Int
    /// Columns of a full chart bar.
    public var barWidth: Int

    public init(style: Style = .plain, width: Int = 100, barWidth: Int = 40) {
        self.style = style
        self.width = width
        self.barWidth = barWidth
    }

    /// The whole report, lines joined by newlines, ending with one.
    public func render(_ document: ReportDocument) -> String {
        var lines = [style.bold(clean(document.title))]
        lines += document.subtitle.map(clean)
        for section in document.sections {
            lines.append("")
            let title = clean(section.title)
            lines.append(style.bold(title))
            lines.append(String(repeating: "-", count: displayWidth(of: title)))
            for (index, block) in section.blocks.enumerated() {
                if index > 0 { lines.append("") }
                lines += render(block)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ block: ReportBlock) -> [String] {
        switch block {
        case .paragraph(let text): return wrap(clean(text), width: width)
        case .subheading(let text): return wrap(clean(text), width: width).map(style.bold)
        case .facts(let facts): return render(facts, indent: "")
        case .table(let table): return render(table)
        case .chart(let chart): return render(chart)
        case .entries(let entries):
            var lines: [String] = []
            for (index, entry) in entries.enumerated() {
                if index > 0 { lines.append("") }
                lines += wrap(clean(entry.title), width: width).map { paint(style.bold($0), entry.tone) }
                lines += render(entry.details, indent: "  ")
            }
            return lines
        }
    }

    private func render(_ facts: [ReportFact], indent: String) -> [String] {
        let labelWidth = facts.map { displayWidth(of: clean($0.label)) }.max() ?? 0
        return facts.flatMap { fact -> [String] in
            let label = indent + pad(clean(fact.label), toWidth: labelWidth) + "  "
            let hanging = String(repeating: " ", count: displayWidth(of: label))
            return wrap(clean(fact.valueWithLink), width: width, indent: label, hangingIndent: hanging)
                .enumerated()
                .map {
                    index, line in
                    let prefix = index == 0 ? label : hanging
                    return prefix + paint(String(line.dropFirst(prefix.count)), fact.tone)
                }
        }
    }

    private func render(_ table: ReportTable) -> [String] {
        guard !table.rows.isEmpty else { return [clean(table.empty)] }
        let headers = table.columns.map { clean($0.title) }
        let cells = table.rows.map { row in
            table.columns.indices.map { column -> String in
                let text = column < row.count ? clean(row[column].text) : ""
                return table.columns[column].textWidth.map { truncate(text, width: $0) } ?? text
            }
        }
        let widths = table.columns.indices.map { column in
            ([headers[column]] + cells.map { $0[column] }).map { displayWidth(of: $0) }.max() ?? 0
        }
        func line(_ texts: [String], tones: [ReportTone?]) -> String {
            table.columns.indices.map { column -> String in
                let text = texts[column]
                let gap = String(repeating: " ", count: max(0, widths[column] - displayWidth(of: text)))
                let painted = paint(text, tones[column])
                return table.columns[column].numeric ? gap + painted : painted + gap
            }
            .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [style.bold(line(headers, tones: headers.map { _ in nil }))]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for (row, texts) in zip(table.rows, cells) {
            lines.append(
                line(texts, tones: table.columns.indices.map { $0 < row.count ? row[$0].tone : nil }))
        }
        return lines
    }

    private func render(_ chart: ReportChart) -> [String] {
        let labels = chart.bars.map { clean($0.label) }
        let labelWidth = labels.map { displayWidth(of: $0) }.max() ?? 0
        var lines = wrap(clean(chart.title), width: width)
        for (bar, label) in zip(chart.bars, labels) {
            let scale = { (value: Double) in
                Int(
                    (min(max(value / max(chart.maximum, .leastNonzeroMagnitude), 0), 1)
                        * Double(self.barWidth)).rounded())
            }
            let filled = bar.value.map(scale) ?? 0
            let marker = bar.marker.map { min(scale($0), barWidth - 1) }
            var cells = (0..<barWidth).map { $0 < filled ? "\u{2588}" : "\u{00B7}" }
            if let marker { cells[marker] = "|" }
            let painted = paint(cells.joined(), bar.tone)
            lines.append(
                "  " + pad(label, toWidth: labelWidth) + "  " + painted + "  " + clean(bar.valueText))
        }
        if let markerLabel = chart.markerLabel {
            lines.append(
                "  " + String(repeating: " ", count: labelWidth) + "  | marks the " + clean(markerLabel))
        }
        return lines
    }

    private func paint(_ text: String, _ tone: ReportTone?) -> String {
        switch tone {
        case .good: return style.green(text)
        case .warning: return style.yellow(text)
        case .bad: return style.red(text)
        case .muted: return style.dim(text)
        case nil: return text
        }
    }

    private func clean(_ text: String) -> String { sanitize(text) }
}

extension String {
    /// The text without spaces at its end.
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
