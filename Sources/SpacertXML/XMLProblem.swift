/// A problem libxml2 found in a document, already worded for the person who wrote it.
public struct XMLProblem: Sendable, Equatable {
    /// Where the problem comes from.
    public enum Origin: Sendable, Equatable {
        /// The document is not well-formed XML (or is refused by the security policy).
        case syntax
        /// The document is well-formed but breaks the XSD schema.
        case schema
    }

    /// 1-based line, or 0 when libxml2 did not say.
    public var line: Int
    /// 1-based column, when known.
    public var column: Int?
    /// The message, lower case, no trailing period.
    public var message: String
    /// Syntax or schema.
    public var origin: Origin
    /// A syntax problem after which nothing more of the document can be read.
    public var isFatal: Bool
    /// The element the problem is about, when libxml2 named one (local name, no namespace).
    public var element: String?
    /// The attribute of `element` the problem is about, when libxml2 named one.
    public var attribute: String?

    /// Creates a problem.
    public init(
        line: Int, column: Int?, message: String, origin: Origin, isFatal: Bool, element: String? = nil,
        attribute: String? = nil
    ) {
        self.line = line
        self.column = column
        self.message = message
        self.origin = origin
        self.isFatal = isFatal
        self.element = element
        self.attribute = attribute
    }
}

/// A reason a file could not be opened for reading at all.
public enum XMLOpenError: Error, Sendable, Equatable {
    /// The file does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is larger than the cap; it was not parsed.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The schema itself could not be compiled.
    case badSchema(path: String, problems: [String])

    /// A one-line description, lower case.
    public var message: String {
        switch self {
        case .unreadable(_, let reason):
            return "cannot read file: \(reason)"
        case .tooLarge(_, let size, let limit):
            return "file is \(size) bytes, over the \(limit)-byte limit for a bank; it was not parsed"
        case .badSchema(let path, let problems):
            return "schema \(path) does not compile: " + problems.joined(separator: "; ")
        }
    }
}
