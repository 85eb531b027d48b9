import SpacertCore

/// Word-level views of question text for the quality rules: lower-cased words, content words,
/// and the cue words the rules look for. Texts are already folded by the bank reader.
enum ItemText {
    /// The words of `text`: runs of letters, digits and apostrophes, lower-cased. Scans
    /// Unicode scalars, not Characters (many times faster): letters outside ASCII are kept as
    /// written apart from lower-casing, a curly apostrophe becomes a straight one.
    static func words(_ text: String) -> [Substring] {
        if let ascii = asciiWords(text) { return ascii }
        var lowered = String.UnicodeScalarView()
        var bounds: [(start: Int, end: Int)] = []
        var count = 0
        var start = -1
        for scalar in text.unicodeScalars {
            var value = scalar.value
            let isWord: Bool
            if value < 0x80 {
                if value >= 65 && value <= 90 { value += 32 }
                isWord = (value >= 97 && value <= 122) || (value >= 48 && value <= 57) || value == 39
            } else if value == 0x2019 {
                value = 39
                isWord = true
            } else {
                isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWord {
                if start < 0 { start = count }
                if value < 0x80 {
                    lowered.append(Unicode.Scalar(UInt8(value)))
                    count += 1
                } else {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                        lowered.append(lower)
                        count += 1
                    }
                }
            } else if start >= 0 {
                bounds.append((start, count))
                start = -1
            }
        }
        if start >= 0 { bounds.append((start, count)) }
        let string = String(lowered)
        let scalars = string.unicodeScalars
        var result: [Substring] = []
        result.reserveCapacity(bounds.count)
        var index = scalars.startIndex
        var position = 0
        for bound in bounds {
            index = scalars.index(index, offsetBy: bound.start - position)
            let end = scalars.index(index, offsetBy: bound.end - bound.start)
            result.append(Substring(string.unicodeScalars[index..<end]))
            index = end
            position = bound.end
        }
        return result
    }

    /// `words(_:)` for a text that is all ASCII (most of ours), over its bytes; nil otherwise.
    private static func asciiWords(_ text: String) -> [Substring]? {
        var text = text
        return text.withUTF8 { bytes -> [Substring]? in
            var lowered = [UInt8](repeating: 0, count: bytes.count)
            var bounds: [(start: Int, end: Int)] = []
            var start = -1
            for index in 0..<bytes.count {
                var byte = bytes[index]
                if byte >= 0x80 { return nil }
                if byte >= 65 && byte <= 90 { byte += 32 }
                lowered[index] = byte
                let isWord = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 39
                if isWord {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    bounds.append((start, index))
                    start = -1
                }
            }
            if start >= 0 { bounds.append((start, bytes.count)) }
            let string = String(decoding: lowered, as: UTF8.self)
            let view = string.utf8
            return bounds.map { bound in
                let from = view.index(view.startIndex, offsetBy: bound.start)
                let to = view.index(from, offsetBy: bound.end - bound.start)
                return string[from..<to]
            }
        }
    }

    /// The words of `text` as written (case kept), for emphasis checks.
    static func writtenWords(_ text: String) -> [Substring] {
        text.unicodeScalars.split {
            !($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "'" || $0 == "\u{2019}")
        }.map { Substring($0) }
    }

    /// Function words that carry no content.
    static let stopWords: Set<Substring> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its",
        "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "her", "his",
        "him", "you", "your", "we", "our", "i", "me", "my", "do", "does", "did", "has", "have", "had",
        "what", "which", "who", "whom", "when", "where", "why", "how", "should", "would", "could", "can",
        "may", "might", "will", "shall", "not", "no", "so", "than", "then", "too", "very", "about",
        "before", "after", "during", "while", "most", "more", "best", "first", "one", "any", "each",
        "own", "up", "out", "over", "under", "again", "also", "just", "only", "such", "same", "other",
    ]

    /// A crude stem so "muscles" and "muscle" meet: a trailing plural or possessive s dropped.
    static func stem(_ word: Substring) -> Substring {
        var word = word
        if word.hasSuffix("'s") || word.hasSuffix("\u{2019}s") { word = word.dropLast(2) }
        if word.count > 4 && word.hasSuffix("s") && !word.hasSuffix("ss") { word = word.dropLast() }
        return word
    }

    /// The content words of `text`, stemmed: no stop words, at least four letters.
    static func contentWords(_ text: String) -> Set<Substring> {
        Set(words(text).filter { $0.count >= 4 && !stopWords.contains($0) }.map(stem))
    }

    /// Words that state a rule without exception; test-wise trainees learn they are usually wrong.
    static let absolutes: Set<Substring> = [
        "always", "never", "only", "all", "none", "every", "everyone", "everything", "nothing", "nobody",
        "completely", "entirely", "totally", "absolutely", "guaranteed", "guarantees", "impossible",
    ]

    /// The absolute words in `text`, in order of appearance.
    static func absoluteWords(_ text: String) -> [Substring] {
        words(text).filter { absolutes.contains($0) }
    }

    /// A reason given inside an option: "because", "since", "as it", "so that", "due to".
    static func justification(_ text: String) -> String? {
        let list = words(text)
        for (index, word) in list.enumerated() {
            if word == "because" || word == "since" { return String(word) }
            let next = index + 1 < list.count ? list[index + 1] : ""
            if word == "so" && next == "that" { return "so that" }
            if word == "due" && next == "to" { return "due to" }
        }
        return nil
    }

    /// Character count of a text, the measure of an option's length.
    static func length(_ text: String) -> Int { text.count }

    /// The pairs of neighbouring words of a text (stop words and bare numbers dropped, plurals
    /// folded), hashed: the shingles two questions are compared by. A text of one such word
    /// gives that word. Pairs, not single words: any two questions about our subject share
    /// single words ("client", "pressure"), and that background would drown the signal.
    static func shingles(_ text: String, into set: inout Set<UInt64>) {
        var previous: UInt64?
        var first: UInt64?
        var text = text
        let ascii = text.withUTF8 { bytes -> Bool in
            var word: [UInt8] = []
            word.reserveCapacity(32)
            func flush() {
                guard !word.isEmpty else { return }
                defer { word.removeAll(keepingCapacity: true) }
                let whole = FNV1a.hash(word)
                if stopWordHashes.contains(whole) || word.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return }
                // The stem: a trailing possessive or plural s dropped, as `stem(_:)` does.
                var count = word.count
                if count >= 2 && word[count - 1] == 115 && word[count - 2] == 39 { count -= 2 }
                if count > 4 && word[count - 1] == 115 && word[count - 2] != 115 { count -= 1 }
                let single = count == word.count ? whole : FNV1a.hash(word[..<count])
                if let previous {
                    set.insert(previous &* 0x9E37_79B9_7F4A_7C15 ^ single)
                } else {
                    first = single
                }
                previous = single
            }
            for byte in bytes {
                if byte >= 0x80 { return false }
                let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
                if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) || lower == 39 {
                    word.append(lower)
                } else {
                    flush()
                }
            }
            flush()
            return true
        }
        if !ascii {
            previous = nil
            first = nil
            for word in words(text) where !stopWords.contains(word) && !word.allSatisfy(\.isNumber) {
                let single = FNV1a.hash(stem(word).utf8)
                if let previous {
                    set.insert(previous &* 0x9E37_79B9_7F4A_7C15 ^ single)
                } else {
                    first = single
                }
                previous = single
            }
        }
        // One word alone: the word itself.
        if let first, previous == first { set.insert(first) }
    }

    /// The hashes of the stop words, for `shingles(_:into:)`.
    static let stopWordHashes = Set(stopWords.map { FNV1a.hash($0.utf8) })
}
