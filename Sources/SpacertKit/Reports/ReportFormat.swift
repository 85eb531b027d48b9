import Foundation

/// The formats a report is written in.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case text, markdown, html, csv, json

    /// The file name extension.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .markdown: return "md"
        case .html: return "html"
        case .csv: return "csv"
        case .json: return "json"
        }
    }

    /// Formats from a comma-separated list (`html,csv`), in the order given, each once; an
    /// unknown name is an error naming it.
    public static func list(_ text: String) throws -> [ReportFormat] {
        var formats: [ReportFormat] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            let format = ReportFormat(rawValue: trimmed) ?? (trimmed == "md" ? .markdown : nil)
            guard let format else {
                throw SpacertError.invalidInput(
                    "unknown report format '\(trimmed)'; use text, markdown, html, csv or json, or several "
                        + "separated by commas")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        return formats
    }
}
