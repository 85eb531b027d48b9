import Foundation

/// A quality finding an editor accepted inside a question, with the reason:
/// `<?spacert-lint accept key-longest: the key must name all three steps?>`.
public struct LintAcceptance: Sendable, Hashable, Codable {
    /// The id of the quality rule whose finding is accepted.
    public var rule: String
    /// Why the finding is fine for this question.
    public var reason: String
    /// The line of the instruction.
    public var line: Int

    public init(rule: String, reason: String, line: Int) {
        self.rule = rule
        self.reason = reason
        self.line = line
    }

    /// Why an instruction's text cannot be read.
    public struct Malformed: Error {}

    /// Reads an instruction's data, `accept RULE: reason`: the rule id and the reason
    /// (trimmed, possibly empty).
    public static func parse(_ data: String) -> Result<(rule: String, reason: String), Malformed> {
        let text = data.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("accept"), let colon = text.firstIndex(of: ":") else {
            return .failure(Malformed())
        }
        let head = text[text.index(text.startIndex, offsetBy: "accept".count)..<colon]
        guard head.first?.isWhitespace == true else { return .failure(Malformed()) }
        let rule = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !rule.isEmpty, !rule.contains(where: \.isWhitespace) else { return .failure(Malformed()) }
        let reason = text[text.index(after: colon)...].split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
        return .success((rule, reason))
    }
}

/// A finding that was not reported because the editor accepted it.
public struct AcceptedFinding: Sendable, Hashable {
    public var rule: String
    /// The question that accepted it.
    public var question: String
    public var location: SourceLocation
    public var reason: String
    /// What the finding would have said.
    public var message: String
}
