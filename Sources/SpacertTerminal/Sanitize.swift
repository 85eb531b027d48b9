/// Makes untrusted text (question-bank content, trainee names, notes, arguments echoed in errors)
/// safe to print on a terminal. The one sanitiser: every terminal write of such text goes
/// through it.
///
/// Removes escape sequences whole (CSI such as `ESC[2J`, OSC such as a window-title change, DCS, SOS,
/// PM and APC strings, and two-byte escapes), their C1 forms, every other C0 and C1 control, DEL, and
/// the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) that can
/// make text read differently from what it is.
///
/// Tab, vertical tab and form feed become a space. Line breaks (LF, CR LF, a lone CR, NEL, U+2028 and
/// U+2029) become `"\n"` when `keepNewlines` is true, the two visible characters `\n` when
/// `escapeNewlines` is true (one-line fields: a note cannot forge a line of its own), and a space
/// otherwise. Printable text, including
/// combining marks, emoji sequences and ZWJ/ZWNJ, is kept as it is.
public func sanitize(_ text: String, keepNewlines: Bool = false, escapeNewlines: Bool = false) -> String {
    // Most text needs nothing: hand it back as it is (a line feed kept as it is, too).
    if keepNewlines {
        if !text.unicodeScalars.contains(where: { needsSanitizing($0) && $0.value != 0x0A }) { return text }
    } else if !text.unicodeScalars.contains(where: needsSanitizing) {
        return text
    }
    let scalars = Array(text.unicodeScalars)
    var output = String.UnicodeScalarView()
    let lineBreak: [Unicode.Scalar] = keepNewlines ? ["\n"] : escapeNewlines ? ["\\", "n"] : [" "]
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        let value = scalar.value
        index += 1
        switch value {
        case 0x0A, 0x85, 0x2028, 0x2029:
            output.append(contentsOf: lineBreak)
        case 0x0D:
            output.append(contentsOf: lineBreak)
            if index < scalars.count, scalars[index].value == 0x0A { index += 1 }
        case 0x09, 0x0B, 0x0C:
            output.append(" ")
        case 0x1B:
            index = skipEscapeSequence(scalars, after: index)
        case 0x9B:
            index = skipControlSequenceBody(scalars, from: index)
        case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
            index = skipControlString(scalars, from: index)
        case 0x00...0x1F, 0x7F...0x9F:
            continue
        case 0x202A...0x202E, 0x2066...0x2069:
            continue
        default:
            output.append(scalar)
        }
    }
    return String(output)
}

/// Whether `scalar` is one ``sanitize(_:keepNewlines:escapeNewlines:)`` changes.
@inline(__always) private func needsSanitizing(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}

/// JSON text with every C1 control, line or paragraph separator and bidi control written as a
/// `\uXXXX` escape: the same value to a JSON reader, nothing a terminal acts on when the line is
/// shown. (JSON encoders escape C0 controls already; these they leave raw.) Only for JSON text,
/// where such characters can stand only inside strings.
public func escapeControlsForJSON(_ json: String) -> String {
    if !json.unicodeScalars.contains(where: needsSanitizing) { return json }
    var output = String.UnicodeScalarView()
    for scalar in json.unicodeScalars {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            let hex = String(scalar.value, radix: 16)
            output.append(
                contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
        default:
            output.append(scalar)
        }
    }
    return String(output)
}
