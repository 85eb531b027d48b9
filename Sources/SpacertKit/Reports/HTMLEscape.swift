/// Escaping for HTML and SVG text and attribute values.
public enum HTMLEscape {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, and control characters
    /// (other than tab and line breaks) dropped, as HTML does not allow them.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
