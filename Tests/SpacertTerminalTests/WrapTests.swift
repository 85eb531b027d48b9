import Testing

@testable import SpacertTerminal

@Suite("Wrap and truncate")
struct WrapTests {
    /// Pieces a random bank text is made of: ASCII, CJK, emoji sequences, Devanagari, combining marks.
    static let pieces = [
        "a", "b", "massage", "therapy", "effleurage", "petrissage", "tapotement", "x",
        "日", "本", "語", "按摩", "한", "ＡＢ",
        "👍", "👍🏽", "👨\u{200D}👩\u{200D}👧", "🇮🇳", "❤\u{FE0F}", "1\u{FE0F}\u{20E3}",
        "न", "म", "स्", "ते", "क्षि", "हिन्दी", "मालिश",
        "e\u{0301}", "n\u{0303}", "(", ")", ",", ".",
    ]

    /// A random text of `words` words, each 1–6 pieces, separated by 1–2 spaces or a newline.
    static func randomText(words: Int, using generator: inout SeededGenerator) -> String {
        var text = ""
        for index in 0..<words {
            if index > 0 {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: text += "\n"
                case 1: text += "  "
                default: text += " "
                }
            }
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                text += pieces.randomElement(using: &generator)!
            }
        }
        return text
    }

    @Test("no line is ever wider than the width (2,000 seeded random texts)")
    func neverWiderThanWidth() {
        var generator = SeededGenerator(seed: 0x5EED_C0DE)
        let indents = ["", "  ", "> ", "日本", "- ", "            "]
        for _ in 0..<2000 {
            let text = Self.randomText(words: Int.random(in: 0...30, using: &generator), using: &generator)
            let width = Int.random(in: 1...50, using: &generator)
            let indent = indents.randomElement(using: &generator)!
            let hanging = indents.randomElement(using: &generator)!
            for line in wrap(text, width: width, indent: indent, hangingIndent: hanging) {
                #expect(displayWidth(of: line) <= width, "width \(width): \(line.debugDescription)")
            }
        }
    }

    @Test("words that fit are kept whole, in order, with nothing lost (seeded random texts)")
    func wordsKeptWhole() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<1000 {
            let text = Self.randomText(words: Int.random(in: 1...25, using: &generator), using: &generator)
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            let widest = words.map { displayWidth(of: $0) }.max() ?? 0
            let width = Int.random(in: max(1, widest)...max(1, widest + 30), using: &generator)
            let lines = wrap(text, width: width)
            let wrappedWords = lines.flatMap { $0.split(separator: " ").map(String.init) }
            #expect(wrappedWords == words, "width \(width): \(text.debugDescription)")
            let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines.count >= paragraphs)
        }
    }

    @Test("hard-broken words lose no grapheme when the width holds the widest cluster")
    func hardBreakKeepsClusters() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            var word = ""
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                word += Self.pieces.randomElement(using: &generator)!
            }
            let widestCluster = word.map { displayWidth(of: $0) }.max() ?? 1
            let width = Int.random(in: max(2, widestCluster)...(widestCluster + 10), using: &generator)
            let lines = wrap(word, width: width)
            #expect(lines.joined() == word)
            #expect(lines.allSatisfy { displayWidth(of: $0) <= width })
            #expect(Array(lines.joined()) == Array(word), "clusters split")
        }
    }

    @Test("greedy filling at spaces")
    func simpleWrap() {
        #expect(
            wrap("the quick brown fox jumps over the lazy dog", width: 10)
                == ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
        #expect(wrap("fits", width: 10) == ["fits"])
        #expect(wrap("", width: 10) == [""])
    }

    @Test("long words are hard-broken by grapheme, wide characters never split")
    func hardBreak() {
        #expect(wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(wrap("日本語日本", width: 5) == ["日本", "語日", "本"])
        #expect(wrap("ok 日本語日本", width: 5) == ["ok", "日本", "語日", "本"])
        #expect(wrap("👨\u{200D}👩\u{200D}👧👍🇮🇳", width: 3) == ["👨\u{200D}👩\u{200D}👧", "👍", "🇮🇳"])
    }

    @Test("a character wider than the whole width becomes ?")
    func tooWideCharacter() {
        #expect(wrap("日本", width: 1) == ["?", "?"])
    }

    @Test("newlines are paragraph breaks; blank lines stay")
    func newlines() {
        #expect(wrap("one two\n\nthree", width: 20) == ["one two", "", "three"])
        #expect(wrap("one\r\ntwo", width: 20) == ["one", "two"])
        #expect(wrap("a\n", width: 5) == ["a", ""])
    }

    @Test("first-line indent and hanging indent")
    func indents() {
        #expect(
            wrap("alpha beta gamma delta", width: 12, indent: "1. ", hangingIndent: "   ")
                == ["1. alpha", "   beta", "   gamma", "   delta"])
        #expect(wrap("alpha beta", width: 8, indent: "> ") == ["> alpha", "> beta"])
        // An indent as wide as the line is cut to leave one column for text.
        #expect(wrap("ab", width: 3, indent: "-----") == ["--a", "--b"])
    }

    @Test("styled words wrap by their visible width")
    func styledWords() {
        let style = Style(enabled: true)
        let text = "\(style.bold("bold")) plain \(style.red("red"))"
        let lines = wrap(text, width: 10)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { displayWidth(of: $0) <= 10 })
    }

    @Test("truncate adds an ellipsis only when it cuts")
    func truncation() {
        #expect(truncate("hello", width: 10) == "hello")
        #expect(truncate("hello world", width: 8) == "hello w…")
        #expect(truncate("日本語", width: 4) == "日…")
        #expect(truncate("日本語", width: 1) == "…")
        #expect(truncate("hello", width: 0) == "")
        #expect(truncate("hello", width: 3, ellipsis: "...") == "...")
        #expect(truncate("hello", width: 2, ellipsis: "...") == "he")
        let styled = truncate(Style(enabled: true).red("long red text"), width: 6)
        #expect(displayWidth(of: styled) == 6)
        #expect(styled.hasSuffix("\u{1B}[0m"))
    }

    @Test("pad and center fill to the width")
    func padAndCenter() {
        #expect(pad("ab", toWidth: 4) == "ab  ")
        #expect(pad("日本", toWidth: 5) == "日本 ")
        #expect(pad("abcdef", toWidth: 3) == "ab…")
        #expect(center("ab", width: 6) == "  ab")
        #expect(center("日", width: 5) == " 日")
    }
}
