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

    /// `path:line:col: error: message`, then a `note:` line per note, as compilers print them.
    public var formatted: String {
        var lines = ["\(location): \(severity.rawValue): \(message)"]
        for note in notes { lines.append("\(note.location): note: \(note.message)") }
        return lines.joined(separator: "\n")
    }
}
