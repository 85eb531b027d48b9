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
        let fast = withASCII(text) { bytes -> String? in
            var found: String?
            var previous: Range<Int>?
            forEachWord(bytes) { range in
                if let previous {
                    if word(bytes, previous, is: "so") && word(bytes, range, is: "that") {
                        found = "so that"
                    } else if word(bytes, previous, is: "due") && word(bytes, range, is: "to") {
                        found = "due to"
                    }
                }
                if found == nil {
                    if word(bytes, range, is: "because") {
                        found = "because"
                    } else if word(bytes, range, is: "since") {
                        found = "since"
                    }
                }
                previous = range
                return found == nil
            }
            return found
        }
        if let fast { return fast }
        return justificationOfWords(text)
    }

    static func justificationOfWords(_ text: String) -> String? {
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
    /// An all-ASCII text without a carriage return has one Character per byte.
    static func length(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes -> Int? in
            for byte in bytes where byte >= 0x80 || byte == 13 { return nil }
            return bytes.count
        }
        return ascii ?? text.count
    }

    /// The pairs of neighbouring words of a text (stop words and bare numbers dropped, plurals
    /// folded), hashed: the shingles two questions are compared by. A text of one such word
    /// gives that word. Pairs, not single words: any two questions about our subject share
    /// single words ("client", "pressure"), and that background would drown the signal.
    /// They are appended to `list`, repeats kept: a MinHash over the list is the MinHash over
    /// its set. An ASCII text is hashed as it is scanned, with no word copied.
    static func shingles(_ text: String, into list: inout [UInt64]) {
        var previous: UInt64?
        var first: UInt64?
        var text = text
        let ascii = text.withUTF8 { asciiShingles($0, into: &list, previous: &previous, first: &first) }
        if !ascii {
            previous = nil
            first = nil
            for word in words(text) where !stopWords.contains(word) && !word.allSatisfy(\.isNumber) {
                let single = FNV1a.hash(stem(word).utf8)
                if let previous {
                    list.append(previous &* 0x9E37_79B9_7F4A_7C15 ^ single)
                } else {
                    first = single
                }
                previous = single
            }
        }
        // One word alone: the word itself.
        if let first, previous == first { list.append(first) }
    }

    /// The ASCII path of `shingles(_:into:)`: each word hashed as it is scanned (its stem hashed
    /// again only when it differs), no word copied; false at the first byte outside ASCII,
    /// with the shingles before it kept. A plain function over plain locals: nothing captured.
    private static func asciiShingles(
        _ bytes: UnsafeBufferPointer<UInt8>, into list: inout [UInt64], previous: inout UInt64?,
        first: inout UInt64?
    ) -> Bool {
        let stops = stopWordTable
        let count = bytes.count
        var hash = FNV1a.offsetBasis
        var start = 0
        var length = 0
        var digits = true
        var index = 0
        // One step past the end, as if a space followed, ends the last word.
        while index <= count {
            let byte: UInt8 = index < count ? bytes[index] : 32
            // As before: the shingles of an ASCII start stay when a later byte is not ASCII
            // and the text is read again as Unicode.
            if byte >= 0x80 { return false }
            let lowered = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if isWordByte(lowered) {
                if length == 0 { start = index }
                hash = (hash ^ UInt64(lowered)) &* 0x0000_0100_0000_01B3
                length += 1
                if lowered > 57 || lowered < 48 { digits = false }
            } else if length > 0 {
                if !digits && !stops.contains(hash) {
                    // The stem: a trailing possessive or plural s dropped, as `stem(_:)` does.
                    @inline(__always) func lower(_ at: Int) -> UInt8 {
                        let byte = bytes[at]
                        return byte >= 65 && byte <= 90 ? byte + 32 : byte
                    }
                    var kept = length
                    if kept >= 2 && lower(index - 1) == 115 && lower(index - 2) == 39 { kept -= 2 }
                    if kept > 4 && lower(start + kept - 1) == 115 && lower(start + kept - 2) != 115 {
                        kept -= 1
                    }
                    var single = hash
                    if kept != length {
                        single = FNV1a.offsetBasis
                        for at in start..<(start + kept) {
                            single = (single ^ UInt64(lower(at))) &* 0x0000_0100_0000_01B3
                        }
                    }
                    if let previous {
                        list.append(previous &* 0x9E37_79B9_7F4A_7C15 ^ single)
                    } else {
                        first = single
                    }
                    previous = single
                }
                hash = FNV1a.offsetBasis
                length = 0
                digits = true
            }
            index += 1
        }
        return true
    }

    /// The hashes of the stop words, for `shingles(_:into:)`.
    static let stopWordHashes = Set(stopWords.map { FNV1a.hash($0.utf8) })

    /// The stop words' hashes in an open-addressing table: no Hasher per look-up.
    static let stopWordTable = HashTable(stopWords.map { FNV1a.hash($0.utf8) })

    /// A fixed set of 64-bit word hashes, looked up without hashing again.
    struct HashTable: Sendable {
        private var slots: [UInt64]
        private let mask: Int

        init(_ hashes: [UInt64]) {
            var size = 16
            while size < hashes.count * 4 { size *= 2 }
            mask = size - 1
            slots = [UInt64](repeating: 0, count: size)
            for hash in hashes where !contains(hash) {
                var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = hash
            }
        }

        @inline(__always) func contains(_ hash: UInt64) -> Bool {
            var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
            while true {
                let value = slots[slot]
                if value == hash { return hash != 0 }
                if value == 0 { return false }
                slot = (slot + 1) & mask
            }
        }
    }

    // MARK: Byte-level fast paths
    //
    // Most of our texts are ASCII. For them the rules below work on the UTF-8 bytes in place:
    // no String, no array of words, no Set per question. Each gives exactly what the
    // String-level function above gives (the tests compare them); a text with any byte
    // outside ASCII takes the String-level path.

    /// `body` over the bytes of `text` when every byte is ASCII; nil otherwise.
    @inline(__always)
    static func withASCII<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 { return nil }
            return body(bytes)
        }
    }

    /// Whether a lower-cased ASCII byte belongs to a word (letters, digits, apostrophe).
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 39
    }

    /// Calls `body` with the bounds of each word of ASCII `bytes` in order until it returns
    /// false; the words are those of `words(_:)`.
    @inline(__always)
    static func forEachWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        var start = -1
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if isWordByte(byte) {
                if start < 0 { start = index }
            } else if start >= 0 {
                if !body(start..<index) { return }
                start = -1
            }
        }
        if start >= 0 { _ = body(start..<bytes.count) }
    }

    /// Whether the word at `range` of ASCII `bytes`, lower-cased, is `word` (lower-case ASCII).
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, is word: StaticString) -> Bool
    {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let target = word.utf8Start
        var offset = 0
        for index in range {
            var byte = bytes[index]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if byte != target[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The lower-cased hash of the word at `range`, and of its stem (`stem(_:)`).
    @inline(__always)
    static func hashes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (
        word: UInt64, stem: UInt64
    ) {
        @inline(__always) func lower(_ index: Int) -> UInt8 {
            let byte = bytes[index]
            return byte >= 65 && byte <= 90 ? byte + 32 : byte
        }
        var end = range.upperBound
        if range.count >= 2 && lower(end - 1) == 115 && lower(end - 2) == 39 { end -= 2 }
        if end - range.lowerBound > 4 && lower(end - 1) == 115 && lower(end - 2) != 115 { end -= 1 }
        var hash = FNV1a.offsetBasis
        var stem = hash
        for index in range {
            hash = (hash ^ UInt64(lower(index))) &* 0x0000_0100_0000_01B3
            if index + 1 == end { stem = hash }
        }
        if end == range.lowerBound { stem = FNV1a.offsetBasis }
        return (hash, stem)
    }

    /// The absolute words, in the order of `absolutes` lookups by length.
    private static let absoluteList: [StaticString] = [
        "always", "never", "only", "all", "none", "every", "everyone", "everything", "nothing", "nobody",
        "completely", "entirely", "totally", "absolutely", "guaranteed", "guarantees", "impossible",
    ]

    /// The first letters of the absolute words, one bit per letter from a.
    private static let absoluteInitials: UInt32 = absoluteList.reduce(0) { mask, word in
        mask | 1 << UInt32(word.utf8Start[0] - 97)
    }

    /// The first absolute word of `text` (`absoluteWords(_:).first`).
    static func firstAbsolute(_ text: String) -> Substring? {
        let fast = withASCII(text) { bytes -> Substring? in
            var found: Substring?
            forEachWord(bytes) { range in
                guard range.count >= 3 && range.count <= 10 else { return true }
                // Most words start with a letter no absolute word starts with.
                var initial = bytes[range.lowerBound]
                if initial >= 65 && initial <= 90 { initial += 32 }
                guard initial >= 97 && initial <= 122, absoluteInitials & (1 << UInt32(initial - 97)) != 0
                else { return true }
                for candidate in absoluteList
                where candidate.utf8CodeUnitCount == range.count && word(bytes, range, is: candidate) {
                    found = Substring(candidate.description)
                    return false
                }
                return true
            }
            return found
        }
        if let fast { return fast }
        return absoluteWords(text).first
    }

    /// Whether `text` uses an absolute word.
    static func hasAbsolute(_ text: String) -> Bool { firstAbsolute(text) != nil }

    /// The content words of `text` (`contentWords(_:)`) as hashes of their stems; nil when
    /// the text is not ASCII.
    static func contentWordHashes(_ text: String, into list: inout [UInt64]) -> Bool {
        withASCII(text) { bytes in
            forEachWord(bytes) { range in
                guard range.count >= 4 else { return true }
                let (word, stem) = hashes(bytes, range)
                if !stopWordTable.contains(word) { list.append(stem) }
                return true
            }
        } != nil
    }
}
