import Testing

@testable import SpacertTerminal

@Suite("Sanitize")
struct SanitizeTests {
    @Test("escape sequences are removed whole")
    func escapeSequences() {
        #expect(sanitize("a\u{1B}[2Jb") == "ab")
        #expect(sanitize("\u{1B}[1;31mred\u{1B}[0m") == "red")
        #expect(sanitize("x\u{1B}[?1049hy") == "xy")
        #expect(sanitize("\u{1B}]0;evil title\u{07}text") == "text")
        #expect(sanitize("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\") == "link")
        #expect(sanitize("\u{1B}Pqpayload\u{1B}\\after") == "after")
        #expect(sanitize("a\u{1B}cb") == "ab")  // RIS, full reset
        #expect(sanitize("a\u{1B}(Bb") == "ab")  // character set selection
        #expect(sanitize("end\u{1B}") == "end")
        #expect(sanitize("\u{1B}]unterminated") == "")
    }

    @Test("C0 controls, DEL and C1 controls are removed")
    func controls() {
        #expect(sanitize("ding\u{07}dong") == "dingdong")
        #expect(sanitize("a\u{00}b\u{08}c\u{7F}d") == "abcd")
        #expect(sanitize("a\u{9B}2Jb") == "ab")  // C1 CSI with its parameters
        #expect(sanitize("a\u{9D}0;t\u{9C}b") == "ab")  // C1 OSC to ST
        #expect(sanitize("a\u{80}\u{8D}\u{91}b") == "ab")
        #expect(sanitize("a\u{85}b") == "a b")  // NEL is a line break
    }

    @Test("bidi embeddings, overrides and isolates are removed")
    func bidi() {
        #expect(sanitize("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(sanitize("\u{2066}x\u{2067}y\u{2068}z\u{2069}\u{202A}\u{202B}\u{202D}") == "xyz")
    }

    @Test("tabs and newlines become spaces, or newlines stay when asked")
    func whitespace() {
        #expect(sanitize("a\tb") == "a b")
        #expect(sanitize("a\nb") == "a b")
        #expect(sanitize("a\r\nb\rc") == "a b c")
        #expect(sanitize("a\nb", keepNewlines: true) == "a\nb")
        #expect(sanitize("a\r\nb\rc\u{2028}d", keepNewlines: true) == "a\nb\nc\nd")
        #expect(sanitize("a\u{0B}b\u{0C}c") == "a b c")
    }

    @Test("printable text is kept exactly")
    func printableIntact() {
        let samples = [
            "Effleurage: long, gliding strokes (≈ 5–10 min).", "日本語のテキスト", "नमस्ते हिन्दी क्षि",
            "👨\u{200D}👩\u{200D}👧 🇮🇳 👍🏽 ❤\u{FE0F}", "e\u{0301} n\u{0303}", "a\u{200C}b\u{200D}c",
            "[brackets] ~tilde~",
        ]
        for sample in samples {
            #expect(sanitize(sample) == sample)
            #expect(sanitize(sample, keepNewlines: true) == sample)
        }
    }
}
