import Foundation
import SpacertTerminal

/// A report that can be written in every ``ReportFormat``.
public protocol RenderableReport: Encodable {
    /// The layout for text, Markdown and HTML.
    var document: ReportDocument { get }
    /// The main table for CSV.
    var csv: CSVTable { get }
    /// The start of its file names, before the date: `cohort`, `trainee-anna`.
    var fileStem: String { get }
    /// When it was made (its file names carry the UTC day).
    var generated: Date { get }
    /// Further tables written as CSV files of their own beside the main one, each with the
    /// word that goes after the stem in its file name (`items-distractors-<date>.csv`).
    var extraCSV: [(name: String, table: CSVTable)] { get }
}

extension RenderableReport {
    public var extraCSV: [(name: String, table: CSVTable)] { [] }

    /// `items-distractors-2026-03-02.csv`: the file name of the extra CSV table `name`.
    public func extraCSVFileName(_ name: String) -> String {
        "\(fileStem)-\(SafeFileName.make(name))-\(ReportNumber.day(generated)).\(ReportFormat.csv.fileExtension)"
    }
}

extension RenderableReport {
    /// The report in `format`; `style` colours the text format only.
    public func rendered(_ format: ReportFormat, style: Style = .plain) throws -> String {
        switch format {
        case .text: return TextReportRenderer(style: style).render(document)
        case .markdown: return MarkdownReportRenderer().render(document)
        case .html: return HTMLReportRenderer().render(document)
        case .csv: return csv.render()
        case .json: return try ReportJSON.encode(self)
        }
    }

    /// `cohort-2026-03-02.html`: a file name safe on every file system.
    public func fileName(_ format: ReportFormat) -> String {
        "\(fileStem)-\(ReportNumber.day(generated)).\(format.fileExtension)"
    }
}

extension TraineeReport: RenderableReport {
    /// `trainee-<safe name>-<id>`: the stable id keeps apart trainees whose names make the same
    /// safe name (`Ana María` and `ana-mar-a`, or two names in a script with no ASCII letters).
    public var fileStem: String { "trainee-" + SafeFileName.make(trainee) + "-\(traineeID)" }
}

extension CohortReport: RenderableReport {
    /// `cohort`.
    public var fileStem: String { "cohort" }
}

extension ItemsReport: RenderableReport {
    /// `items`.
    public var fileStem: String { "items" }

    /// The distractor table.
    public var extraCSV: [(name: String, table: CSVTable)] { [("distractors", distractorCSV)] }
}
