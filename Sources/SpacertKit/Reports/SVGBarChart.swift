/// A ``ReportChart`` as an inline SVG: one horizontal bar per row, a marker line where one is
/// set (an area's minimum), and the value written at the end of the bar.
struct SVGBarChart {
    var chart: ReportChart

    static let width = 640.0
    static let labelWidth = 170.0
    static let valueWidth = 80.0
    static let rowHeight = 26.0
    static let barHeight = 16.0

    /// The colour of a bar of this tone.
    static func colour(_ tone: ReportTone?) -> String {
        switch tone {
        case .good: return "#2da44e"
        case .warning: return "#d4a72c"
        case .bad: return "#cf222e"
        case .muted: return "#afb8c1"
        case nil: return "#0969da"
        }
    }

    /// The SVG element.
    var svg: String {
        let e = HTMLEscape.escape
        let area = Self.width - Self.labelWidth - Self.valueWidth
        let legend = chart.markerLabel != nil && chart.bars.contains { $0.marker != nil }
        let height = Double(chart.bars.count) * Self.rowHeight + (legend ? 22 : 4)
        let maximum = chart.maximum > 0 ? chart.maximum : 1
        let x = { (value: Double) in Self.labelWidth + area * min(max(value / maximum, 0), 1) }
        var parts = [
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" "
                + "width=\"\(n(Self.width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(e(chart.title))\">",
            "<title>\(e(chart.title))</title>",
        ]
        for (index, bar) in chart.bars.enumerated() {
            let top = Double(index) * Self.rowHeight + 4
            let middle = top + Self.barHeight / 2 + 4
            parts.append(
                "<text x=\"\(n(Self.labelWidth - 8))\" y=\"\(n(middle))\" text-anchor=\"end\" class=\"label\">\(e(bar.label))</text>"
            )
            parts.append(
                "<rect x=\"\(n(Self.labelWidth))\" y=\"\(n(top))\" width=\"\(n(area))\" height=\"\(n(Self.barHeight))\" fill=\"#eef1f4\"/>"
            )
            if let value = bar.value {
                parts.append(
                    "<rect x=\"\(n(Self.labelWidth))\" y=\"\(n(top))\" width=\"\(n(x(value) - Self.labelWidth))\" "
                        + "height=\"\(n(Self.barHeight))\" fill=\"\(Self.colour(bar.tone))\"/>")
            }
            if let marker = bar.marker {
                parts.append(
                    "<line x1=\"\(n(x(marker)))\" x2=\"\(n(x(marker)))\" y1=\"\(n(top - 3))\" y2=\"\(n(top + Self.barHeight + 3))\" "
                        + "stroke=\"#24292f\" stroke-width=\"2\"/>")
            }
            parts.append(
                "<text x=\"\(n(Self.labelWidth + area + 8))\" y=\"\(n(middle))\" class=\"value\">\(e(bar.valueText))</text>"
            )
        }
        if legend, let label = chart.markerLabel {
            let y = Double(chart.bars.count) * Self.rowHeight + 14
            parts.append(
                "<line x1=\"\(n(Self.labelWidth))\" x2=\"\(n(Self.labelWidth))\" y1=\"\(n(y - 9))\" y2=\"\(n(y + 3))\" stroke=\"#24292f\" stroke-width=\"2\"/>"
            )
            parts.append(
                "<text x=\"\(n(Self.labelWidth + 6))\" y=\"\(n(y + 2))\" class=\"legend\">\(e(label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A coordinate with at most one decimal.
    private func n(_ value: Double) -> String { ReportNumber.decimal(value) }
}
