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
    /// The element (and attribute) the problem is about, used to find the column.
    var element: String?
    var attribute: String?

    public init(
        _ severity: Severity, _ message: String, at location: SourceLocation, notes: [Note] = [],
        element: String? = nil, attribute: String? = nil
    ) {
        self.location = location
        self.severity = severity
        self.message = message
        self.notes = notes
        self.element = element
        self.attribute = attribute
    }

    /// An error for a problem libxml2 reported in `file`. When libxml2 gave no column, the
    /// element (and attribute) the message names is kept, so the column can be found later.
    init(_ problem: XMLProblem, in file: String) {
        var element: String?
        var attribute: String?
        if let match = problem.message.firstMatch(of: /^attribute '([^']+)' of <([^>]+)>/) {
            attribute = String(match.1)
            element = String(match.2)
        } else if let match = problem.message.firstMatch(of: /^<([^>\s]+)>/) {
            element = String(match.1)
        }
        self.init(
            .error, problem.message,
            at: SourceLocation(file: file, line: max(1, problem.line), column: problem.column),
            element: problem.column == nil ? element : nil, attribute: attribute)
    }

    /// `path:line:col: error: message`, then a `note:` line per note, as compilers print them.
    public var formatted: String {
        var lines = ["\(location): \(severity.rawValue): \(message)"]
        for note in notes { lines.append("\(note.location): note: \(note.message)") }
        return lines.joined(separator: "\n")
    }
}
