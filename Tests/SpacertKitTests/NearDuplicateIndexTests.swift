import Foundation
import Testing

@testable import SpacertKit

/// The near-duplicate index judges candidate pairs by the exact Jaccard similarity of their
/// shingle sets, and groups band values with counting passes that must order them as a sort
/// would.
@Suite("Near-duplicate index: exact similarity, band grouping")
struct NearDuplicateIndexTests {
    static func question(_ id: String, _ prompt: String, _ options: [String]) -> Question {
        Question(
            id: id, type: .single, prompt: prompt,
            body: .choices(options.enumerated().map { Choice(text: $1, correct: $0 == 0) }),
            explanation: "E", source: Citation(article: "a.txt", section: "S"), bankID: "b",
            category: .techniques, location: SourceLocation(file: "b.xml", line: 1))
    }

    /// The shingle set of a question, as a set of hashes, worked out apart from the index.
    static func shingleSet(_ question: Question) -> Set<UInt64> {
        var list: [UInt64] = []
        NearDuplicateIndex.forEachText(of: question) { ItemText.shingles($0, into: &list) }
        return Set(list)
    }

    @Test("a pair's similarity is the share of shingles its two questions have in common, exactly")
    func exactSimilarity() {
        let a = Self.question(
            "a", "A client with numbness down one leg asks for firm pressure on the lower back today.",
            ["Refer her to a doctor first", "Work gently around the spine", "Use heat on the lower back"])
        let b = Self.question(
            "b", "A client with numbness down one leg asks for deep pressure on the lower back.",
            ["Refer her to a doctor first", "Work firmly around the spine", "Use ice on the lower back"])
        var index = NearDuplicateIndex()
        index.add(a, ordinal: 0, reasons: [:])
        index.add(b, ordinal: 1, reasons: [:])
        let setA = Self.shingleSet(a)
        let setB = Self.shingleSet(b)
        let exact = Double(setA.intersection(setB).count) / Double(setA.union(setB).count)
        #expect(exact > 0.2 && exact < 1)
        #expect(index.similarity(0, 1) == exact)
        #expect(index.similarity(0, 0) == 1)
        let pairs = index.pairs()
        #expect(pairs.count == 1)
        #expect(pairs.first?.similarity == exact)
        // Entries keep what a finding names: id, place, critical.
        #expect(index.entry(1).id == "b" && index.entry(1).location.file == "b.xml")
    }

    @Test("a pair just under the threshold is never reported, whatever the signatures say")
    func underThreshold() {
        // Ten shared shingles (nine word pairs and "yes") out of fifty-two: Jaccard about 0.19.
        let shared = (0..<10).map { "w\($0)x" }.joined(separator: " ")
        let onlyA = (0..<21).map { "a\($0)y" }.joined(separator: " ")
        let onlyB = (0..<21).map { "b\($0)z" }.joined(separator: " ")
        let a = Self.question("a", shared + " " + onlyA, ["Yes", "No"])
        let b = Self.question("b", shared + " " + onlyB, ["Yes", "No"])
        var index = NearDuplicateIndex()
        index.add(a, ordinal: 0, reasons: [:])
        index.add(b, ordinal: 1, reasons: [:])
        let exact = index.similarity(0, 1)
        let setA = Self.shingleSet(a)
        let setB = Self.shingleSet(b)
        #expect(exact == Double(setA.intersection(setB).count) / Double(setA.union(setB).count))
        #expect(exact < NearDuplicateRule.threshold)
        #expect(index.pairs().isEmpty)
    }

    @Test("band values are grouped in the order a sort gives, entries in order within a value")
    func bandOrder() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 100, 5_000] {
            // Few distinct values, so many keys share one; entries ascending as they are built.
            let keys = (0..<count).map { entry -> UInt64 in
                let value =
                    UInt64.random(in: 0..<64, using: &generator) * 0x0001_0001
                    + (entry % 3 == 0 ? 0x8000_0000 : 0)
                return value << 32 | UInt64(entry)
            }
            var sorted = keys
            var scratch = [UInt64](repeating: 0, count: count)
            var counts = [Int](repeating: 0, count: 1 << 16)
            NearDuplicateIndex.sortByBand(&sorted, scratch: &scratch, counts: &counts)
            #expect(sorted == keys.sorted(), "\(count) keys")
        }
    }
}
