import SpacertTerminal
import SpacertXML

/// A problem found in an editor's file: where, how bad, what, and notes pointing elsewhere.
public struct Diagnostic: Sendable, Hashable {
    /// How bad a problem is: errors fail `spacert lint`, warnings do not.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    /// A further place that explains a diagnostic (for example the first definition of an id).
    public struct Note: Sendable, Hashable {
        public var location: SourceLocation
        public var message: String

        public init(location: SourceLocation, message: String) {
            self.location = location
            self.message = message
        }
    }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    public var notes: [Note]
    /// The id of the rule that found the problem (`LintRules`), nil for problems outside the
    /// banks' rules (a policy file's own checks, a file that cannot be read).
    public var rule: String?
    /// The element (and attribute) the problem is about, used to find the column.
    var element: String?
    var attribute: String?

    public init(
        _ severity: Severity, _ message: String, at location: SourceLocation, notes: [Note] = [],
        element: String? = nil, attribute: String? = nil, rule: String? = nil
    ) {
        self.location = location
        self.severity = severity
        self.message = message
        self.notes = notes
        self.element = element
        self.attribute = attribute
        self.rule = rule
    }

    /// An error for a problem libxml2 reported in `file`, found by the `xml-syntax` or the
    /// `schema` rule. When libxml2 gave no column, the element (and attribute) it named is
    /// kept, so the column can be found later. After a fatal problem a note says the rest of
    /// the file was not checked.
    init(_ problem: XMLProblem, in file: String) {
        let location = SourceLocation(file: file, line: max(1, problem.line), column: problem.column)
        self.init(
            .error, problem.message, at: location,
            notes: problem.isFatal ? [Note(location: location, message: XMLSyntaxRule.restNotChecked)] : [],
            element: problem.column == nil ? problem.element : nil, attribute: problem.attribute,
            rule: problem.origin == .schema ? SchemaRule.id : XMLSyntaxRule.id)
    }

    /// `path:line:col: error: message [rule]`, then a `note:` line per note, as compilers
    /// print them.
    /// Each line goes through the one sanitiser, newlines shown as `\n`: a path or bank text
    /// quoted in a message can neither reach the terminal raw nor forge a line of its own.
    public var formatted: String {
        let line = "\(location): \(severity.rawValue): \(message)" + (rule.map { " [\($0)]" } ?? "")
        var lines = [sanitize(line, escapeNewlines: true)]
        for note in notes {
            lines.append(sanitize("\(note.location): note: \(note.message)", escapeNewlines: true))
        }
        return lines.joined(separator: "\n")
    }
}
