import Foundation

/// A table as CSV (RFC 4180): records end with CRLF; a field holding a quote, a comma or a
/// line break is quoted, its quotes doubled. A text field that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`
/// (OWASP's advice on CSV injection); numbers are written by spacert and left as they are.
public struct CSVTable: Sendable, Hashable {
    /// One field.
    public enum Field: Sendable, Hashable, ExpressibleByStringLiteral {
        /// Text from people or banks: guarded against formulas, quoted as needed.
        case text(String)
        /// A number, up to four decimals; nil writes an empty field.
        case number(Double?)
        /// A whole number; nil writes an empty field.
        case integer(Int?)

        public init(stringLiteral value: String) { self = .text(value) }
    }

    public var header: [String]
    public var rows: [[Field]]

    public init(header: [String], rows: [[Field]]) {
        self.header = header
        self.rows = rows
    }

    /// The CSV text: the header record, then one record per row.
    public func render() -> String {
        var output = Self.record(header.map { .text($0) })
        for row in rows { output += Self.record(row) }
        return output
    }

    static func record(_ fields: [Field]) -> String {
        fields.map(encode).joined(separator: ",") + "\r\n"
    }

    /// One field as CSV.
    public static func encode(_ field: Field) -> String {
        switch field {
        case .number(let value):
            guard let value, value.isFinite else { return "" }
            return ReportNumber.decimal(value, places: 4)
        case .integer(let value):
            return value.map(String.init) ?? ""
        case .text(var text):
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                text = "'" + text
            }
            guard text.contains(where: { $0 == "\"" || $0 == "," || $0.isNewline }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
