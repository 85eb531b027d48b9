import Foundation
import Testing

@testable import SpacertTerminal

@Suite("Frames")
struct FrameTests {
    @Test("too-small message fits every size from 1x1 to 60x20")
    func tooSmallFits() {
        for columns in 1...60 {
            for rows in 1...20 {
                let size = TerminalSize(columns: columns, rows: rows)
                let frame = frameTooSmall(minWidth: 40, minHeight: 12, size: size)
                #expect(frame.lines.count <= rows, "\(columns)x\(rows)")
                #expect(frame.lines.allSatisfy { displayWidth(of: $0) <= columns }, "\(columns)x\(rows)")
                #expect(frame.lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            }
        }
    }

    @Test("too-small message says what is needed and what there is, centred")
    func tooSmallText() {
        let frame = frameTooSmall(minWidth: 40, minHeight: 12, size: TerminalSize(columns: 30, rows: 8))
        let text = frame.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("Window too small: need at least 40x12, have 30x8"))
        #expect(frame.lines.first == "")
        let wide = frameTooSmall(minWidth: 40, minHeight: 12, size: TerminalSize(columns: 80, rows: 5))
        #expect(wide.lines.count == 3)
        let message = "Window too small: need at least 40x12, have 80x5"
        #expect(wide.lines[2] == String(repeating: " ", count: (80 - message.count) / 2) + message)
        let tiny = frameTooSmall(minWidth: 40, minHeight: 12, size: TerminalSize(columns: 1, rows: 1))
        #expect(tiny.lines == ["!"])
    }

    @Test("a frame renders as clear, home, fitted lines joined by CR LF, in one string")
    func rendering() {
        var frame = Frame(lines: ["short", "a line that is far too long", "日本語日本語", "4", "5"])
        frame.append("6")
        let rendered = frame.rendered(for: TerminalSize(columns: 8, rows: 4))
        #expect(rendered == "\u{1B}[H\u{1B}[2Jshort\r\na line …\r\n日本語…\r\n4\u{1B}[?25l")
        frame.cursor = FramePosition(row: 1, column: 3)
        #expect(frame.rendered(for: TerminalSize(columns: 8, rows: 4)).hasSuffix("4\u{1B}[2;4H\u{1B}[?25h"))
    }

    @Test("append(wrapping:) adds wrapped lines")
    func appendWrapping() {
        var frame = Frame()
        frame.append(wrapping: "one two three", width: 7, indent: "* ", hangingIndent: "  ")
        #expect(frame.lines == ["* one", "  two", "  three"])
    }
}

@Suite("Frames drawn over the one before")
struct FrameUpdateTests {
    @Test("only changed rows are rewritten, each erased first; a row that went away is erased")
    func changedRows() {
        let size = TerminalSize(columns: 10, rows: 4)
        let before = Frame(lines: ["bar 0:59", "body", "gone", "keys"])
        let after = Frame(lines: ["bar 0:58", "body", "", "keys"])
        #expect(
            after.rendered(for: size, over: before)
                == "\u{1B}[1;1H\u{1B}[2Kbar 0:58\u{1B}[3;1H\u{1B}[2K\u{1B}[?25l")
        #expect(after.rendered(for: size, over: after) == "\u{1B}[?25l")
        let long = Frame(lines: ["0123456789abc"], cursor: FramePosition(row: 0, column: 2))
        #expect(
            long.rendered(for: size, over: Frame()) == "\u{1B}[1;1H\u{1B}[2K012345678…\u{1B}[1;3H\u{1B}[?25h")
    }
}
