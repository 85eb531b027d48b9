// Escape-sequence grammar (ECMA-48) shared by `sanitize` and the width-aware text functions.

/// Skips what follows an ESC at `index` and returns the index just past the sequence.
func skipEscapeSequence(_ scalars: [Unicode.Scalar], after index: Int) -> Int {
    guard index < scalars.count else { return index }
    switch scalars[index].value {
    case 0x5B:  // "[": CSI
        return skipControlSequenceBody(scalars, from: index + 1)
    case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // "]" OSC, "P" DCS, "X" SOS, "^" PM, "_" APC
        return skipControlString(scalars, from: index + 1)
    case 0x20...0x2F:  // nF escape: intermediates, then a final byte
        var next = index
        while next < scalars.count, (0x20...0x2F).contains(scalars[next].value) { next += 1 }
        if next < scalars.count, (0x30...0x7E).contains(scalars[next].value) { next += 1 }
        return next
    case 0x30...0x7E:  // Fp, Fe, Fs two-character escape
        return index + 1
    default:  // A lone ESC: drop only the ESC.
        return index
    }
}

/// Skips CSI parameter and intermediate bytes and the final byte; stops early at anything else.
func skipControlSequenceBody(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
    var next = index
    while next < scalars.count {
        let value = scalars[next].value
        if (0x20...0x3F).contains(value) {
            next += 1
        } else if (0x40...0x7E).contains(value) {
            return next + 1
        } else {
            return next
        }
    }
    return next
}

/// Skips an OSC/DCS/SOS/PM/APC string up to and including its terminator (BEL, ESC \ or ST).
///
/// An unterminated string runs to the end of the text, as a terminal would swallow it.
func skipControlString(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
    var next = index
    while next < scalars.count {
        let value = scalars[next].value
        if value == 0x07 || value == 0x9C { return next + 1 }
        if value == 0x1B {
            // ESC \ is the terminator; any other ESC ends the string and starts a new sequence.
            if next + 1 < scalars.count, scalars[next + 1].value == 0x5C { return next + 2 }
            return next
        }
        next += 1
    }
    return next
}

/// A piece of text as a terminal sees it: one grapheme cluster, or one escape sequence of width 0.
struct TextSegment {
    /// The characters of the segment, exactly as in the source text.
    let text: String
    /// Columns the segment takes; 0 for an escape sequence.
    let width: Int
    /// Whether the segment is an escape sequence (such as an SGR colour from `Style`).
    let isEscape: Bool
}

/// Splits text into grapheme clusters and whole escape sequences, each with its display width.
func textSegments(_ text: String) -> [TextSegment] {
    guard text.unicodeScalars.contains(where: { $0.value == 0x1B || $0.value == 0x9B }) else {
        return text.map { TextSegment(text: String($0), width: displayWidth(of: $0), isEscape: false) }
    }
    let scalars = Array(text.unicodeScalars)
    var segments: [TextSegment] = []
    var runStart = 0
    var index = 0

    func flushRun(upTo end: Int) {
        guard runStart < end else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[runStart..<end])
        for character in String(view) {
            segments.append(
                TextSegment(text: String(character), width: displayWidth(of: character), isEscape: false))
        }
    }

    while index < scalars.count {
        let value = scalars[index].value
        guard value == 0x1B || value == 0x9B else {
            index += 1
            continue
        }
        flushRun(upTo: index)
        let end =
            value == 0x1B
            ? skipEscapeSequence(scalars, after: index + 1)
            : skipControlSequenceBody(scalars, from: index + 1)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[index..<end])
        segments.append(TextSegment(text: String(view), width: 0, isEscape: true))
        index = end
        runStart = end
    }
    flushRun(upTo: scalars.count)
    return segments
}
