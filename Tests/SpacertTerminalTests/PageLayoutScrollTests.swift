import Testing

@testable import SpacertTerminal

@Suite struct PageLayoutScrollTests {
    @Test("scroll keys move a line, half a window, or to either end; other keys do not scroll")
    func keys() {
        #expect(PageLayout.scrolled(3, by: .down, rows: 12) == 4)
        #expect(PageLayout.scrolled(3, by: .char("k"), rows: 12) == 2)
        #expect(PageLayout.scrolled(0, by: .up, rows: 12) == 0)
        #expect(PageLayout.scrolled(3, by: .pageDown, rows: 12) == 9)
        #expect(PageLayout.scrolled(3, by: .pageUp, rows: 12) == 0)
        #expect(PageLayout.scrolled(3, by: .pageDown, rows: 1) == 4)
        #expect(PageLayout.scrolled(7, by: .home, rows: 12) == 0)
        #expect(PageLayout.scrolled(7, by: .end, rows: 12) == Int(Int32.max))
        #expect(PageLayout.scrolled(7, by: .char("a"), rows: 12) == nil)
        #expect(PageLayout.scrolled(7, by: .enter, rows: 12) == nil)
    }
}
