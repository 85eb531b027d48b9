import SpacertCore
import Testing

@testable import SpacertKit

/// The byte-level fast paths of the quality rules give exactly what the word-level functions
/// give, on texts written to hit their edges and on many random ones.
@Suite("Lint quality rules' fast paths agree with the word-level functions")
struct LintFastPathTests {
    static let edges = [
        "", "   ", "All of the above", "NONE of these options", "Never press on the SPINE.",
        "It's the client's call, because it's their body", "so that the muscles relax",
        "due to pain; due, to", "So", "since 2019 the 3 clients' backs", "Because.", "bosses's houses's",
        "Thumbs' thumb's pressures's ssss sss's", "the guaranteed, totally-impossible stroke",
        "Only ONLY only'", "'s ' '' 's's", "1234 12a a12 x", "an hour", "A", "Everyone EVERYTHING nobody.",
        "Café pressure is never too deep", "Ease off \u{2019}because\u{2019} it hurts",
        "naïve clients always",
        "Straße und Rücken", "tab\tseparated\nlines\r\nand CRLF", "curly client\u{2019}s back",
    ]

    /// Random texts over a small vocabulary full of the cue words, in mixed case.
    static var random: [String] {
        let vocabulary = [
            "always", "Never", "ONLY", "all", "none", "because", "since", "so", "that", "due", "to", "the",
            "client's", "muscles", "pressure", "press", "boss", "'s", "42", "back", "stroke", "is", "are",
            "an", "a", "of", "above", "not", "EXCEPT", "thumbs", "glass", "x", "Entirely",
        ]
        let separators = [" ", " ", " ", ", ", ". ", "-", "'", "  "]
        var state: UInt64 = 12_345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<2_000).map { _ in
            (0..<next(12)).map { _ in vocabulary[next(vocabulary.count)] + separators[next(separators.count)]
            }
            .joined()
        }
    }

    static var texts: [String] { edges + random }

    @Test("absolute words, justifications and lengths")
    func wordCues() {
        for text in Self.texts {
            #expect(ItemText.firstAbsolute(text) == ItemText.absoluteWords(text).first, "\(text)")
            #expect(ItemText.hasAbsolute(text) == !ItemText.absoluteWords(text).isEmpty, "\(text)")
            #expect(ItemText.justification(text) == ItemText.justificationOfWords(text), "\(text)")
            #expect(ItemText.length(text) == text.count, "\(text)")
        }
    }

    @Test("content-word hashes are the hashes of the content words")
    func contentWords() {
        for text in Self.texts {
            var hashes: [UInt64] = []
            guard ItemText.contentWordHashes(text, into: &hashes) else {
                #expect(text.utf8.contains { $0 >= 0x80 }, "\(text)")
                continue
            }
            #expect(Set(hashes) == Set(ItemText.contentWords(text).map { FNV1a.hash($0.utf8) }), "\(text)")
        }
    }

    @Test("shingles of an ASCII text are the hashed pairs of its words")
    func shingles() {
        for text in Self.texts where !text.utf8.contains(where: { $0 >= 0x80 }) {
            var fast: [UInt64] = []
            ItemText.shingles(text, into: &fast)
            var expected: [UInt64] = []
            var previous: UInt64?
            var first: UInt64?
            for word in ItemText.words(text)
            where !ItemText.stopWords.contains(word) && !word.allSatisfy(\.isNumber) {
                let single = FNV1a.hash(ItemText.stem(word).utf8)
                if let previous {
                    expected.append(previous &* 0x9E37_79B9_7F4A_7C15 ^ single)
                } else {
                    first = single
                }
                previous = single
            }
            if let first, previous == first { expected.append(first) }
            #expect(fast == expected, "\(text)")
        }
    }

    @Test("each per-question rule gives the same findings whatever the texts' alphabet")
    func rulesOnRandomQuestions() {
        let texts = Self.texts
        for start in stride(from: 0, to: texts.count - 5, by: 3) {
            let question = LintQualityRuleTests.single(
                texts[start], key: texts[start + 1], [texts[start + 2], texts[start + 3]],
                scenario: start % 2 == 0 ? texts[start + 4] : nil)
            // The same question with a dash (not ASCII, not a word) after every text takes the
            // word-level path everywhere, with the same words: the same findings.
            let marked = LintQualityRuleTests.single(
                texts[start] + " \u{2014}", key: texts[start + 1] + " \u{2014}",
                [texts[start + 2] + " \u{2014}", texts[start + 3] + " \u{2014}"],
                scenario: start % 2 == 0 ? texts[start + 4] + " \u{2014}" : nil)
            for rule in LintRules.perQuestion where rule.id != KeyLongestRule.id {
                let fast = rule.findings(in: question)
                let slow = rule.findings(in: marked)
                #expect(fast == slow, "\(rule.id): \(texts[start...(start + 4)])")
            }
        }
    }
}
