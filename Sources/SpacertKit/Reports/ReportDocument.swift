/// A report laid out independently of its format: a title, then sections of paragraphs, facts,
/// tables, bar charts and entries. The text, Markdown and HTML renderers each turn it into
/// their format and escape every piece of text on the way; nothing in it is pre-escaped.
public struct ReportDocument: Sendable, Hashable {
    public var title: String
    /// Lines under the title: the policy, when it was made.
    public var subtitle: [String]
    public var sections: [ReportSection]

    public init(title: String, subtitle: [String] = [], sections: [ReportSection] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }
}

/// A titled part of a report.
public struct ReportSection: Sendable, Hashable {
    public var title: String
    public var blocks: [ReportBlock]

    public init(_ title: String, _ blocks: [ReportBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// One piece of a section.
public enum ReportBlock: Sendable, Hashable {
    /// Running text.
    case paragraph(String)
    /// A smaller heading inside a section.
    case subheading(String)
    /// Label and value pairs.
    case facts([ReportFact])
    case table(ReportTable)
    case chart(ReportChart)
    /// A list of entries, each a title line and its labelled details.
    case entries([ReportEntry])
}

/// How a value reads: good news, a warning, bad news, or of little weight.
public enum ReportTone: String, Sendable, Hashable {
    case good, warning, bad, muted
}

/// A label and its value.
public struct ReportFact: Sendable, Hashable {
    public var label: String
    public var value: String
    public var tone: ReportTone?
    /// An https address the value links to (a web source): a link in HTML, written out beside
    /// the value in text and Markdown. Any other address is shown, never linked.
    public var link: String?

    public init(_ label: String, _ value: String, tone: ReportTone? = nil, link: String? = nil) {
        self.label = label
        self.value = value
        self.tone = tone
        self.link = link
    }

    /// The link when it is safe to follow: https, with no white space, quotes or angle brackets.
    public var safeLink: String? {
        guard let link, link.hasPrefix("https://"),
            !link.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || "\"'<>\\`".unicodeScalars.contains($0)
            })
        else { return nil }
        return link
    }

    /// The value with its address, for formats without links: `Title <https://…>`.
    public var valueWithLink: String {
        link.map { value + " <" + $0 + ">" } ?? value
    }
}

/// One cell of a table.
public struct ReportCell: Sendable, Hashable, ExpressibleByStringLiteral {
    public var text: String
    public var tone: ReportTone?

    public init(_ text: String, tone: ReportTone? = nil) {
        self.text = text
        self.tone = tone
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A table: columns, then rows of cells (one per column).
public struct ReportTable: Sendable, Hashable {
    /// A column: its heading, its alignment, and in plain text the widest it may be.
    public struct Column: Sendable, Hashable {
        public var title: String
        /// Numbers go right.
        public var numeric: Bool
        /// Text wider than this is cut with an ellipsis in the text format (the other formats
        /// keep every word).
        public var textWidth: Int?
        /// Kept on one line in HTML (dates, times, short words); numbers always are.
        public var nowrap: Bool

        public init(_ title: String, numeric: Bool = false, textWidth: Int? = nil, nowrap: Bool = false) {
            self.title = title
            self.numeric = numeric
            self.textWidth = textWidth
            self.nowrap = nowrap
        }
    }

    public var columns: [Column]
    public var rows: [[ReportCell]]
    /// Said instead of the table when it has no rows.
    public var empty: String

    public init(columns: [Column], rows: [[ReportCell]], empty: String = "none") {
        self.columns = columns
        self.rows = rows
        self.empty = empty
    }
}

/// Horizontal bars, each with an optional marker (a minimum to reach).
public struct ReportChart: Sendable, Hashable {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        public var label: String
        /// nil draws no bar ("n/a").
        public var value: Double?
        /// The value as written beside the bar.
        public var valueText: String
        /// Where the marker line goes, on the value's scale.
        public var marker: Double?
        public var tone: ReportTone?

        public init(
            _ label: String, value: Double?, valueText: String, marker: Double? = nil, tone: ReportTone? = nil
        ) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.marker = marker
            self.tone = tone
        }
    }

    public var title: String
    public var bars: [Bar]
    /// The value a full bar stands for.
    public var maximum: Double
    /// What the marker means, for the legend ("minimum").
    public var markerLabel: String?
    /// Headings of the labels and the values where the chart is written as a table (Markdown).
    public var labelTitle: String
    public var valueTitle: String

    public init(
        title: String, bars: [Bar], maximum: Double, markerLabel: String? = nil, labelTitle: String = "",
        valueTitle: String = "Value"
    ) {
        self.title = title
        self.bars = bars
        self.maximum = maximum
        self.markerLabel = markerLabel
        self.labelTitle = labelTitle
        self.valueTitle = valueTitle
    }
}

/// An entry of a list: a title line (with a tone) and labelled details.
public struct ReportEntry: Sendable, Hashable {
    public var title: String
    public var tone: ReportTone?
    public var details: [ReportFact]

    public init(_ title: String, tone: ReportTone? = nil, details: [ReportFact]) {
        self.title = title
        self.tone = tone
        self.details = details
    }
}
