import Testing

@testable import SpacertTerminal

/// Widths of display strings, checked against Python's `wcwidth` 0.7.0 (`wcwidth.wcswidth`).
@Suite("Display width")
struct DisplayWidthTests {
    /// Strings where this module and `wcwidth.wcswidth` agree; the number is wcwidth's answer.
    static let agreedWithWcwidth: [(String, Int)] = [
        ("hello, world", 12),
        ("日本語", 6),
        ("한국어", 6),
        ("ＡＢ", 4),
        ("👍", 2),
        ("👍🏽", 2),
        ("👨\u{200D}👩\u{200D}👧", 2),
        ("🇮🇳", 2),
        ("1\u{FE0F}\u{20E3}", 2),
        ("❤\u{FE0F}", 2),
        ("✅", 2),
        ("नमस्ते", 4),
        ("मालिश", 5),
        ("தமிழ்", 4),
        ("क\u{093C}", 1),
        ("e\u{0301}", 1),
        ("a\u{200C}b", 2),
        ("", 0),
    ]

    @Test("agrees with wcwidth", arguments: agreedWithWcwidth)
    func agreesWithWcwidth(text: String, expected: Int) {
        #expect(displayWidth(of: text) == expected)
    }

    /// wcwidth 0.7.0 assumes a terminal that shapes an Indic conjunct into one glyph and says 4 and 2
    /// here. glibc's `wcwidth`, xterm, VTE and tmux 3.3a (measured with `#{cursor_x}`) advance one
    /// column per consonant and per spacing vowel sign (category Mc), giving 5 and 3. This module
    /// follows the terminals: over-counting leaves a column free, under-counting overflows a line.
    @Test("follows terminals, not wcwidth, for conjuncts with spacing vowel signs")
    func conjunctsWithSpacingVowelSigns() {
        #expect(displayWidth(of: "हिन्दी") == 5)
        #expect(displayWidth(of: "क्षि") == 3)
    }

    @Test("per-character widths")
    func characterWidths() {
        let cases: [(Character, Int)] = [
            ("a", 1), ("日", 2), ("👍", 2), ("🇮🇳", 2), ("👨\u{200D}👩\u{200D}👧", 2),
            ("e\u{0301}", 1), ("\u{200D}", 0), ("\u{FE0F}", 0), ("\u{094D}", 0), ("\u{1B}", 0),
        ]
        for (character, width) in cases {
            #expect(displayWidth(of: character) == width, "\(character.unicodeScalars.map { $0.value })")
        }
    }

    @Test("escape sequences from Style count as zero")
    func styledTextMeasuresLikePlain() {
        let style = Style(enabled: true)
        let styled = style.bold(style.red("日本 ok"))
        #expect(displayWidth(of: styled) == displayWidth(of: "日本 ok"))
    }

    @Test("clusters other than Indic conjuncts measure 0, 1 or 2; a string is the sum of its clusters")
    func clusterWidths() {
        let sample = "abc 日本語 👍🏽 🇮🇳 👨‍👩‍👧 ❤️ é \u{0301} नमस्ते हिन्दी க்ஷ"
        for character in sample where !character.unicodeScalars.contains(where: { $0.value == 0x094D }) {
            #expect((0...2).contains(displayWidth(of: character)), "\(character)")
        }
        #expect(displayWidth(of: sample) == sample.reduce(0) { $0 + displayWidth(of: $1) })
        // A conjunct with a spacing vowel sign is one cluster of several columns.
        #expect(displayWidth(of: Character("न्दी")) == 3)
    }
}
