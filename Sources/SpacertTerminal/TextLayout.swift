/// Word-wraps text to a display width, for question stems, choices and explanations.
///
/// - Lines break at spaces; a word that fits on a line is never split. A word wider than the line
///   is hard-broken between grapheme clusters, so no cluster or wide character is ever split.
/// - `"\n"` (and CR LF) starts a new paragraph; an empty paragraph gives an empty line.
/// - The first output line starts with `indent`, every later one with `hangingIndent` (by default
///   `indent`), so `wrap("1. ...", width: w, hangingIndent: "   ")` lines up under the text.
/// - No returned line is wider than `width` (taken as at least 1). An indent is cut so that at
///   least one column is left for text, and a single cluster wider than the room left (a CJK
///   character at width 1) is shown as `?`.
/// - Trailing spaces are removed from every line.
///
/// Pass bank text through `sanitize(_:keepNewlines:)` first; escape sequences from `Style` count as
/// zero width.
public func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String? = nil) -> [String] {
    let width = max(1, width)
    let firstIndent = clip(indent, to: width - 1)
    let laterIndent = clip(hangingIndent ?? indent, to: width - 1)
    var builder = LineBuilder(width: width, firstIndent: firstIndent, laterIndent: laterIndent)
    let paragraphs = text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
    for paragraph in paragraphs {
        builder.startLine()
        var gap = 0
        var word: [TextSegment] = []
        for segment in textSegments(String(paragraph)) {
            if !segment.isEscape, segment.text == " " {
                if !word.isEmpty {
                    builder.place(word: word, gap: gap)
                    word = []
                    gap = 0
                }
                gap += 1
            } else {
                word.append(segment)
            }
        }
        if !word.isEmpty { builder.place(word: word, gap: gap) }
        builder.finishLine()
    }
    return builder.lines
}

/// Accumulates wrapped lines; `place(word:gap:)` does the greedy line filling.
private struct LineBuilder {
    let width: Int
    let firstIndent: (text: String, width: Int)
    let laterIndent: (text: String, width: Int)
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    var hasContent = false

    init(width: Int, firstIndent: (String, Int), laterIndent: (String, Int)) {
        self.width = width
        self.firstIndent = firstIndent
        self.laterIndent = laterIndent
    }

    mutating func startLine() {
        let indent = lines.isEmpty ? firstIndent : laterIndent
        current = indent.text
        currentWidth = indent.width
        hasContent = false
    }

    mutating func finishLine() {
        while current.last == " " { current.removeLast() }
        lines.append(current)
    }

    mutating func place(word: [TextSegment], gap: Int) {
        let wordWidth = word.reduce(0) { $0 + $1.width }
        if currentWidth + gap + wordWidth <= width {
            append(gap: gap, word)
            return
        }
        if hasContent {
            finishLine()
            startLine()
        }
        if currentWidth + wordWidth <= width {
            append(gap: 0, word)
            return
        }
        // Hard break: the word is wider than a whole line.
        for segment in word {
            if currentWidth + segment.width > width, hasContent {
                finishLine()
                startLine()
            }
            if currentWidth + segment.width > width {
                current += "?"
                currentWidth += 1
            } else {
                current += segment.text
                currentWidth += segment.width
            }
            hasContent = true
        }
    }

    private mutating func append(gap: Int, _ word: [TextSegment]) {
        if gap > 0 {
            current += String(repeating: " ", count: gap)
            currentWidth += gap
        }
        for segment in word {
            current += segment.text
            currentWidth += segment.width
        }
        hasContent = true
    }
}

/// Cuts text to at most `width` columns without an ellipsis; returns the text and its width.
private func clip(_ text: String, to width: Int) -> (String, Int) {
    var result = ""
    var used = 0
    for segment in textSegments(text) {
        if used + segment.width > width { break }
        result += segment.text
        used += segment.width
    }
    return (result, used)
}

/// Shortens one line of text to at most `width` columns, ending it with `ellipsis` when cut.
///
/// Text that fits is returned unchanged. When the ellipsis itself does not fit, the text is cut
/// without one. A cut inside styled text gets a closing `ESC[0m` so colour does not leak.
public func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if displayWidth(of: text) <= width { return text }
    var ellipsis = ellipsis
    var ellipsisWidth = displayWidth(of: ellipsis)
    if ellipsisWidth > width {
        ellipsis = ""
        ellipsisWidth = 0
    }
    var result = ""
    var used = 0
    var styled = false
    for segment in textSegments(text) {
        if segment.isEscape { styled = true }
        if used + segment.width > width - ellipsisWidth { break }
        result += segment.text
        used += segment.width
    }
    return result + ellipsis + (styled ? "\u{1B}[0m" : "")
}

/// Pads one line with spaces on the right to exactly `width` columns, truncating it if wider.
public func pad(_ text: String, toWidth width: Int) -> String {
    let fitted = truncate(text, width: width)
    let used = displayWidth(of: fitted)
    return used >= width ? fitted : fitted + String(repeating: " ", count: width - used)
}

/// Centres one line in `width` columns with leading spaces (no trailing ones), truncating it if wider.
public func center(_ text: String, width: Int) -> String {
    let fitted = truncate(text, width: width)
    let used = displayWidth(of: fitted)
    return String(repeating: " ", count: max(0, (width - used) / 2)) + fitted
}
