/// Turns libxml2's messages into ones an editor can act on: lower case, no trailing period,
/// no `{namespace}` noise, and no XSD jargon where a plain sentence says the same.
enum MessageWording {
    /// Rewords one message. `schema` is true for XSD validation messages.
    static func reword(_ raw: String, schema: Bool) -> String {
        var text = raw.trimmingWhitespace()
        text = text.replacing(#/\{[^}]*\}/#, with: "")
        if let better = schema ? schemaMessage(text) : syntaxMessage(text) { return better }
        return plain(text)
    }

    /// The element and attribute libxml2's message `raw` is about, read from its own wording
    /// (`Element 'X', attribute 'A': ...`, `Couldn't find end of Start Tag X`), not from the
    /// rewording, so a change of words for editors cannot lose them.
    static func subject(_ raw: String, schema: Bool) -> (element: String?, attribute: String?) {
        let text = raw.trimmingWhitespace().replacing(#/\{[^}]*\}/#, with: "")
        if schema {
            guard let head = text.firstMatch(of: #/^Element '([^']*)'(?:, attribute '([^']*)')?: /#) else {
                return (nil, nil)
            }
            return (String(head.1), head.2.map(String.init))
        }
        if let match = text.firstMatch(of: #/Couldn't find end of Start Tag (\S+)/#) {
            return (String(match.1), nil)
        }
        if let match = text.firstMatch(of: #/Opening and ending tag mismatch: (\S+) line \d+ and (\S+)/#) {
            return (String(match.2), nil)
        }
        return (nil, nil)
    }

    /// Lower-cases the first letter, folds new lines and drops a trailing period.
    static func plain(_ text: String) -> String {
        var text = text.replacing("\n", with: " ").trimmingWhitespace()
        while text.hasSuffix(".") { text.removeLast() }
        guard let first = text.first else { return text }
        let second = text.dropFirst().first
        // Keep acronyms such as "XML" as they are.
        if second.map({ $0.isUppercase }) == true { return text }
        return first.lowercased() + text.dropFirst()
    }

    private static func list(_ names: Substring) -> String {
        names.split(separator: ",").map { "<\($0.trimmingWhitespace())>" }.joined(separator: ", ")
    }

    private static func typeDescription(_ type: Substring) -> String {
        switch type {
        case "xs:positiveInteger": return "a whole number of 1 or more"
        case "xs:boolean": return "true or false"
        case "Identifier":
            return
                "an id of lower-case letters and digits, joined by . - or _ (for example 'ci-pregnancy-01')"
        case "Tags": return "space-separated lower-case tags (for example \"pressure spine\")"
        case "NonEmpty": return "some text"
        default: return "a valid \(type)"
        }
    }

    private static func schemaMessage(_ text: String) -> String? {
        // Element 'X', attribute 'A': ... / Element 'X': ...
        guard
            let head = text.firstMatch(
                of: #/^Element '([^']*)'(?:, attribute '([^']*)')?: (.*)$/#.dotMatchesNewlines())
        else {
            return nil
        }
        let element = head.1
        let attribute = head.2
        let rest = head.3
        let subject = attribute.map { "attribute '\($0)' of <\(element)>" } ?? "<\(element)>"
        if let match = rest.firstMatch(
            of: #/This element is not expected\. Expected is (?:one of )?\( ?([^)]*?) ?\)/#)
        {
            return "<\(element)> is not expected here; expected \(list(match.1))"
        }
        if rest.hasPrefix("This element is not expected") {
            return "<\(element)> is not allowed here"
        }
        if let match = rest.firstMatch(
            of: #/Missing child element\(s\)\. Expected is (?:one of )?\( ?([^)]*?) ?\)/#)
        {
            return "<\(element)> is missing \(list(match.1))"
        }
        if let match = rest.firstMatch(of: #/The attribute '([^']*)' is required but missing/#) {
            return "<\(element)> needs attribute '\(match.1)'"
        }
        if let match = rest.firstMatch(of: #/The attribute '([^']*)' is not allowed/#) {
            return "<\(element)> has no attribute '\(match.1)'"
        }
        if let match = rest.firstMatch(
            of: #/\[facet 'enumeration'\] The value '([^']*)' is not an element of the set \{([^}]*)\}/#)
        {
            let allowed = match.2.replacing("'", with: "").split(separator: ",").map {
                $0.trimmingWhitespace()
            }
            return "\(subject) is '\(match.1)'; it must be one of \(allowed.joined(separator: ", "))"
        }
        if rest.contains("[facet 'minLength']") || rest.contains("underruns the allowed minimum length") {
            return "\(subject) must not be empty"
        }
        if let match = rest.firstMatch(of: #/\[facet '[a-zA-Z]+'\] The value '([^']*)'/#) {
            return "\(subject) has the invalid value '\(match.1)'"
        }
        if let match = rest.firstMatch(
            of: #/'([^']*)' is not a valid value of the (?:local )?(?:atomic|list) type '([^']*)'/#)
        {
            return "\(subject) is '\(match.1)'; it must be \(typeDescription(match.2))"
        }
        if rest.hasPrefix("Character content other than whitespace is not allowed") {
            return "<\(element)> cannot hold text directly; put the text inside one of its elements"
        }
        if rest.hasPrefix("Element content is not allowed") {
            return "<\(element)> holds text only; elements inside it are not allowed"
        }
        if rest.hasPrefix("No matching global declaration available for the validation root") {
            return "<\(element)> is not a root element this schema knows"
        }
        return "\(subject): \(plain(String(rest)))"
    }

    private static func syntaxMessage(_ text: String) -> String? {
        if text.hasPrefix("Document is empty") { return "the file has no XML in it" }
        if text.hasPrefix("Start tag expected") {
            return "no XML start tag found; the file must start with its root element"
        }
        if let match = text.firstMatch(of: #/Premature end of data in tag (\S+) line (\d+)/#) {
            return "the file ends before <\(match.1)> (opened on line \(match.2)) is closed"
        }
        if let match = text.firstMatch(of: #/Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)/#) {
            return "</\(match.3)> does not close <\(match.1)>, opened on line \(match.2)"
        }
        if let match = text.firstMatch(
            of: #/Input is not proper UTF-8.*Bytes: ((?:0x[0-9A-Fa-f]{2} ?)+)/#.dotMatchesNewlines())
        {
            return "text is not valid UTF-8 (bytes \(match.1.trimmingWhitespace())); save the file as UTF-8"
        }
        if text.hasPrefix("Extra content at the end of the document") {
            return "there is content after the root element's end tag"
        }
        if text.hasPrefix("xmlParseEntityRef: no name") { return "a bare '&' must be written &amp;" }
        if let match = text.firstMatch(of: #/Entity '([^']*)' not defined/#) {
            return
                "entity '&\(match.1);' is not allowed; write the character itself (only &amp; &lt; &gt; &quot; &apos; and &#...; are accepted)"
        }
        if let match = text.firstMatch(of: #/Couldn't find end of Start Tag (\S+)/#) {
            return "the start tag <\(match.1)> is not closed (a missing '>' or quote?)"
        }
        if text.hasPrefix("AttValue: \" or ' expected") { return "an attribute value must be in quotes" }
        if text.hasPrefix("EndTag: '</' not found") { return "an end tag is missing" }
        return nil
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and new lines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
