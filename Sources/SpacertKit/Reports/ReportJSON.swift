import Foundation

/// Reports as JSON: `{"version":1,"report":"cohort",...}`, keys in snake case and sorted,
/// times in ISO 8601 UTC. Statistics that are not defined are null, never NaN.
public enum ReportJSON {
    /// The report as pretty-printed JSON text.
    public static func encode<Report: Encodable>(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ReportNumber.iso(date))
        }
        encoder.nonConformingFloatEncodingStrategy = .throw
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
