import Testing

@testable import SpacertTerminal

@Suite("Pages: bar, body, notice and keys fitted to the window")
struct PageLayoutTests {
    let size = TerminalSize(columns: 40, rows: 12)

    @Test("a body that fits: bar, blank, body, notice, blank rows, keys at the bottom")
    func fits() {
        let page = PageLayout(
            bar: " [1/8] Techniques", barRight: "29:59 left ", body: ["one", "two"], notice: "Saved.",
            footer: "a–d pick · q leave")
        let (frame, scroll) = page.frame(size: TerminalSize(columns: 40, rows: 16), style: .plain)
        #expect(scroll == 0)
        #expect(frame.lines.count == 16)
        #expect(frame.lines[0] == " [1/8] Techniques" + String(repeating: " ", count: 12) + "29:59 left ")
        #expect(Array(frame.lines[1...5]) == ["", "one", "two", "", "Saved."])
        #expect(frame.lines.last == "a–d pick · q leave")
    }

    @Test("the bar's right part stays whole; its left part is cut; wide characters count twice")
    func bar() {
        let page = PageLayout(
            bar: " 按摩技术 · one answer · SAFETY · more words", barRight: "4:59 left ", body: [], footer: "")
        let line = page.frame(size: size, style: .plain).frame.lines[0]
        #expect(line.hasSuffix(" 4:59 left "))
        #expect(displayWidth(of: line) == 40)
        #expect(line.hasPrefix(" 按摩技术"))
    }

    @Test("keys break between ` · ` parts, not inside one")
    func packKeys() {
        let lines = PageLayout.pack("a–d pick · ⏎ save & next · ←/→ prev/next · q save & leave", width: 30)
        #expect(lines == ["a–d pick · ⏎ save & next", "←/→ prev/next · q save & leave"])
        #expect(PageLayout.pack("", width: 10) == [""])
        #expect(PageLayout.pack("a-very-long-part-without-spaces", width: 10).allSatisfy { $0.count <= 10 })
    }

    @Test("a long body is cut with a marker; it scrolls, keeps the focus in sight and the notice shown")
    func scrolling() {
        let body = (1...30).map { "line \($0)" }
        var page = PageLayout(bar: "bar", body: body, notice: "Not saved.", footer: "keys", scrollKeys: true)
        var fitted = page.frame(size: size, style: .plain)
        #expect(fitted.frame.lines.count == 12)
        #expect(fitted.frame.lines[1] == "line 1")
        #expect(fitted.frame.lines.contains("more ↓ · lines 1–7 of 30 · PgDn"))
        #expect(fitted.frame.lines.contains("Not saved."))
        #expect(page.overflows(size: size))
        #expect(!PageLayout(bar: "bar", body: ["one"], footer: "keys").overflows(size: size))
        page.scroll = 100
        fitted = page.frame(size: size, style: .plain)
        #expect(fitted.scroll == 23)
        #expect(fitted.frame.lines.contains("more ↑ · lines 24–30 of 30 · PgUp"))
        page.scroll = 0
        page.focus = 12
        fitted = page.frame(size: size, style: .plain)
        #expect(fitted.frame.lines.contains("line 13"))
        let bare = PageLayout(bar: "bar", body: body, footer: "keys").frame(size: size, style: .plain)
        #expect(bare.frame.lines[10] == "…")
    }

    @Test("below 40x12 the too-small notice, at every size")
    func tooSmall() {
        let page = PageLayout(bar: "bar", body: ["x"], footer: "keys")
        for size in [TerminalSize(columns: 39, rows: 24), TerminalSize(columns: 80, rows: 11)] {
            let lines = page.frame(size: size, style: .plain).frame.lines
            #expect(lines.joined().contains("too small"))
        }
    }
}
