/// One screenful to draw: lines of text and where to leave the cursor.
///
/// Build it, then hand it to `Screen.draw`, which fits every line to the window and writes the whole
/// frame with one `write(2)`, so a redraw never shows half a screen.
public struct Frame: Sendable, Hashable {
    /// The lines, top to bottom; each is cut to the window width when drawn.
    public var lines: [String]
    /// Where to show the cursor (zero-based row and column), or nil to hide it.
    public var cursor: FramePosition?

    /// Creates a frame with `lines` and a hidden cursor unless `cursor` is given.
    public init(lines: [String] = [], cursor: FramePosition? = nil) {
        self.lines = lines
        self.cursor = cursor
    }

    /// Adds one line.
    public mutating func append(_ line: String) {
        lines.append(line)
    }

    /// Adds `text` word-wrapped to `width` (see `wrap(_:width:indent:hangingIndent:)`).
    public mutating func append(
        wrapping text: String, width: Int, indent: String = "", hangingIndent: String? = nil
    ) {
        lines += wrap(text, width: width, indent: indent, hangingIndent: hangingIndent)
    }

    /// The bytes that draw the frame on a window of `size`: clear, home, then the first `size.rows`
    /// lines, each truncated to `size.columns`, joined by CR LF (no line feed after the last, so the
    /// screen never scrolls), then the cursor placement.
    public func rendered(for size: TerminalSize) -> String {
        let columns = max(1, size.columns)
        let rows = max(1, size.rows)
        var output = "\u{1B}[H\u{1B}[2J"
        output += lines.prefix(rows).map { truncate($0, width: columns) }.joined(separator: "\r\n")
        if let cursor {
            let row = min(max(cursor.row, 0), rows - 1) + 1
            let column = min(max(cursor.column, 0), columns - 1) + 1
            output += "\u{1B}[\(row);\(column)H\u{1B}[?25h"
        } else {
            output += "\u{1B}[?25l"
        }
        return output
    }
}

/// A zero-based cell position in a frame.
public struct FramePosition: Sendable, Hashable {
    /// Row from the top, starting at 0.
    public var row: Int
    /// Column from the left, starting at 0.
    public var column: Int

    /// Creates a position at `row` and `column`.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// Writes frames to a terminal, one `write(2)` per frame.
public struct Screen: Sendable, Hashable {
    /// Where frames go.
    public let output: LineOutput

    /// Creates a screen writing to `output` (standard output by default).
    public init(output: LineOutput = .standardOutput) {
        self.output = output
    }

    /// Draws `frame` fitted to `size`; returns false if the write failed (terminal gone).
    @discardableResult
    public func draw(_ frame: Frame, size: TerminalSize) -> Bool {
        output.write(frame.rendered(for: size))
    }
}

/// The frame to show instead of the quiz when the window is smaller than `minWidth` by `minHeight`.
///
/// Says "Window too small: need at least 40x12, have WxH", centred. On windows too small even for
/// that, shorter forms are used ("need 40x12, have WxH", "40x12", "!"), so the result fits any
/// size of at least 1x1: no line wider than the window, no more lines than it has rows.
public func frameTooSmall(minWidth: Int, minHeight: Int, size: TerminalSize) -> Frame {
    let columns = max(1, size.columns)
    let rows = max(1, size.rows)
    let need = "\(minWidth)x\(minHeight)"
    let have = "\(size.columns)x\(size.rows)"
    let candidates = [
        "Window too small: need at least \(need), have \(have)",
        "Too small: need \(need), have \(have)",
        "need \(need), have \(have)",
        "need \(need)",
        need,
        "!",
    ]
    var message = ["!"]
    for candidate in candidates {
        let words = candidate.split(separator: " ")
        guard words.allSatisfy({ displayWidth(of: String($0)) <= columns }) else { continue }
        let lines = wrap(candidate, width: columns)
        if lines.count <= rows {
            message = lines
            break
        }
    }
    let top = (rows - message.count) / 2
    var lines = Array(repeating: "", count: top)
    lines += message.map { center($0, width: columns) }
    return Frame(lines: lines)
}

extension Frame {
    /// The bytes that turn `previous`, drawn on a window of the same `size`, into this frame:
    /// only the rows that changed, each cleared and rewritten, then the cursor placement. For a
    /// ticking clock, so that a redraw every second neither flickers nor resends the screen.
    public func rendered(for size: TerminalSize, over previous: Frame) -> String {
        let columns = max(1, size.columns)
        let rows = max(1, size.rows)
        var output = ""
        for row in 0..<min(rows, max(lines.count, previous.lines.count)) {
            let line = row < lines.count ? truncate(lines[row], width: columns) : ""
            let old = row < previous.lines.count ? truncate(previous.lines[row], width: columns) : ""
            guard line != old else { continue }
            // Erase the whole row first: erasing after a full-width line would take its last cell.
            output += "\u{1B}[\(row + 1);1H\u{1B}[2K" + line
        }
        if let cursor {
            let row = min(max(cursor.row, 0), rows - 1) + 1
            let column = min(max(cursor.column, 0), columns - 1) + 1
            output += "\u{1B}[\(row);\(column)H\u{1B}[?25h"
        } else {
            output += "\u{1B}[?25l"
        }
        return output
    }
}

extension Screen {
    /// Draws `frame` over `previous` (already on a window of the same `size`), rewriting only the
    /// rows that changed; returns false if the write failed.
    @discardableResult
    public func update(_ frame: Frame, over previous: Frame, size: TerminalSize) -> Bool {
        output.write(frame.rendered(for: size, over: previous))
    }
}
