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

    /// The content words of ASCII `bytes` (stems, lower-cased, as `contentWords(_:)` gives
    /// them) whose hashes are among `hashes`, in order, repeats kept.
    static func contentStems(of bytes: UnsafeBufferPointer<UInt8>, among hashes: [UInt64]) -> [String] {
        var found: [String] = []
        forEachWord(bytes) { range in
            guard range.count >= 4 else { return true }
            let (word, stem) = self.hashes(bytes, range)
            guard !stopWordTable.contains(word), hashes.contains(stem) else { return true }
            var lowered = range.map { bytes[$0] >= 65 && bytes[$0] <= 90 ? bytes[$0] + 32 : bytes[$0] }
            // The stem's end, as `hashes(_:_:)` finds it.
            if lowered.count >= 2 && lowered[lowered.count - 1] == 115 && lowered[lowered.count - 2] == 39 {
                lowered.removeLast(2)
            }
            if lowered.count > 4 && lowered[lowered.count - 1] == 115 && lowered[lowered.count - 2] != 115 {
                lowered.removeLast()
            }
            found.append(String(decoding: lowered, as: UTF8.self))
            return true
        }
        return found
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

// MARK: One scan per text
//
// The quality rules ask the same things of every text: its length, its first absolute word,
// its first reason, its content words, its shingles, its first and last words. `scan` finds
// them all in one pass over a text's bytes, each word hashed once and looked up once in
// `cueTable`; a text with a byte outside ASCII (or a carriage return) is read as words by the
// String-level functions above, which give the same answers (the tests compare them).

extension ItemText {
    /// What one scan of a text found.
    struct Facts {
        /// `length(_:)`.
        var length = 0
        /// The first absolute word (`firstAbsolute(_:)`), as an index into `absoluteNames`; -1 for none.
        var firstAbsolute: Int8 = -1
        /// The reason given (`justification(_:)`), as an index into `justificationNames`; -1 for none.
        var justification: Int8 = -1
        /// Where the text's content-word hashes are in its item's list.
        var content: Range<Int> = 0..<0
        /// Whether the first word may open "all/none of the above" (all, none, both, neither;
        /// always true for a text read as words, whose String then decides).
        var opensAllNone = false
        /// The last word when it is "a", "an", "is" or "are" (an index into `stemEndings`); -1 otherwise.
        var lastWord: Int8 = -1
        /// Whether a word is a negative ("not", "except", ...; `NegativeStemRule.negatives`).
        var negative = false
        /// Whether the text was scanned as ASCII bytes (not read as words).
        var ascii = true

        var hasAbsolute: Bool { firstAbsolute >= 0 }
        var absolute: String? { firstAbsolute >= 0 ? ItemText.absoluteNames[Int(firstAbsolute)] : nil }
        var reason: String? { justification >= 0 ? ItemText.justificationNames[Int(justification)] : nil }
    }

    /// The absolute words, in `Facts.firstAbsolute`'s numbering.
    static let absoluteNames: [String] = absoluteList.map(\.description)
    /// The reasons `justification(_:)` names.
    static let justificationNames = ["because", "since", "so that", "due to"]
    /// The stem endings that can cue a grammatical mismatch.
    static let stemEndings = ["a", "an", "is", "are"]
    /// The words that make a stem negative.
    static let negativeNames = ["not", "except", "never", "least", "false", "incorrect", "unsafe"]

    /// The facts of a text, its content-word hashes and shingles appended to `content` and
    /// `shingles` (`Facts.content` says where its content hashes are).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, content: inout [UInt64], shingles: inout [UInt64])
        -> Facts
    {
        let contentStart = content.count
        let shingleStart = shingles.count
        if var facts = asciiScan(bytes, content: &content, shingles: &shingles) {
            facts.content = contentStart..<content.count
            return facts
        }
        content.removeLast(content.count - contentStart)
        shingles.removeLast(shingles.count - shingleStart)
        let text = String(decoding: bytes, as: UTF8.self)
        let list = words(text)
        var facts = Facts()
        facts.length = length(text)
        if let absolute = list.first(where: { absolutes.contains($0) }) {
            facts.firstAbsolute = Int8(absoluteNames.firstIndex(of: String(absolute)) ?? -1)
        }
        if let reason = justificationOfWords(text) {
            facts.justification = Int8(justificationNames.firstIndex(of: reason) ?? -1)
        }
        for word in contentWords(text) { content.append(FNV1a.hash(word.utf8)) }
        facts.content = contentStart..<content.count
        ItemText.shingles(text, into: &shingles)
        facts.opensAllNone = true
        if let last = list.last, let index = stemEndings.firstIndex(of: String(last)) {
            facts.lastWord = Int8(index)
        }
        facts.negative = list.contains { negativeNames.contains(String($0)) }
        facts.ascii = false
        return facts
    }

    /// `scan` of a text as written, when it is ASCII and already folded (no white space but
    /// single spaces between other bytes, as `TextArena` folds): the same facts, hashes and
    /// shingles as `scan` of its folded bytes, with no copy. Nil (nothing appended) otherwise.
    static func scanFolded(
        _ bytes: UnsafeBufferPointer<UInt8>, content: inout [UInt64], shingles: inout [UInt64]
    ) -> Facts? {
        let contentStart = content.count
        let shingleStart = shingles.count
        let facts = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * batch) { pending in
            asciiScan(bytes, content: &content, shingles: &shingles, pending: pending, requireFolded: true)
        }
        guard var facts else {
            content.removeLast(content.count - contentStart)
            shingles.removeLast(shingles.count - shingleStart)
            return nil
        }
        facts.content = contentStart..<content.count
        return facts
    }

    /// What a word is to the rules, in `cueTable`.
    private enum Cue {
        static let stop: UInt32 = 1
        static let absolute: UInt32 = 2
        static let negative: UInt32 = 4
        static let opensAllNone: UInt32 = 8
        /// Bits 8-15: the index in `absoluteNames`; bits 16-19: one of the words below.
        static let because: UInt32 = 1
        static let since: UInt32 = 2
        static let so: UInt32 = 3
        static let that: UInt32 = 4
        static let due: UInt32 = 5
        static let to: UInt32 = 6
        /// "a", "an", "is", "are": 7 + their index in `stemEndings`.
        static let firstEnding: UInt32 = 7
    }

    /// Every word a rule looks for, by the hash of its lower-cased bytes: what it is to the rules.
    static let cueTable: CueTable = {
        var cues: [String: UInt32] = [:]
        for word in stopWords { cues[String(word), default: 0] |= Cue.stop }
        for (index, word) in absoluteNames.enumerated() {
            cues[word, default: 0] |= Cue.absolute | UInt32(index) << 8
        }
        for word in negativeNames { cues[word, default: 0] |= Cue.negative }
        for word in ["all", "none", "both", "neither"] { cues[word, default: 0] |= Cue.opensAllNone }
        let specials: [(String, UInt32)] = [
            ("because", Cue.because), ("since", Cue.since), ("so", Cue.so), ("that", Cue.that),
            ("due", Cue.due),
            ("to", Cue.to),
        ]
        for (word, value) in specials { cues[word, default: 0] |= value << 16 }
        for (index, word) in stemEndings.enumerated() {
            cues[word, default: 0] |= (Cue.firstEnding + UInt32(index)) << 16
        }
        return CueTable(cues)
    }()

    /// Words and what they are to the rules, looked up by the hash of their bytes; a word other
    /// than a stop word is checked byte by byte, so a hash collision can only drop a stop word
    /// (as `stopWordTable` may).
    struct CueTable: Sendable {
        private var slots: [UInt64]
        private var values: [UInt32]
        private var words: [[UInt8]]
        private let mask: Int

        init(_ cues: [String: UInt32]) {
            var size = 16
            while size < cues.count * 4 { size *= 2 }
            mask = size - 1
            slots = [UInt64](repeating: 0, count: size)
            values = [UInt32](repeating: 0, count: size)
            words = [[UInt8]](repeating: [], count: size)
            for (word, value) in cues.sorted(by: { $0.key < $1.key }) {
                let hash = FNV1a.hash(word.utf8)
                var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = hash
                values[slot] = value
                words[slot] = Array(word.utf8)
            }
        }

        /// What the word at `range` of `bytes` (hashed lower-cased as `hash`) is; 0: nothing.
        @inline(__always)
        func cue(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32 {
            var slot = Int(truncatingIfNeeded: hash ^ hash >> 29) & mask
            while true {
                let value = slots[slot]
                if value == hash && hash != 0 { break }
                if value == 0 { return 0 }
                slot = (slot + 1) & mask
            }
            let found = values[slot]
            if found == Cue.stop { return found }
            let word = words[slot]
            guard word.count == range.count else { return 0 }
            var offset = 0
            for index in range {
                var byte = bytes[index]
                if byte >= 65 && byte <= 90 { byte += 32 }
                if byte != word[offset] { return 0 }
                offset += 1
            }
            return found
        }
    }

    /// For each byte: 0 between words, its lower-case form in a word (letters, digits,
    /// apostrophe), 0xFF when the text must be read as words instead (outside ASCII, or a
    /// carriage return).
    private static let byteClass: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte >= 0x80 || byte == 13 { return 0xFF }
        let lowered = byte >= 65 && byte <= 90 ? byte + 32 : byte
        return isWordByte(lowered) ? lowered : 0
    }

    /// `scan` over an ASCII text without carriage returns; nil for any other text.
    private static func asciiScan(
        _ bytes: UnsafeBufferPointer<UInt8>, content: inout [UInt64], shingles: inout [UInt64]
    ) -> Facts? {
        // Hashes are gathered a batch at a time on the stack, then appended together.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * batch) { pending in
            asciiScan(bytes, content: &content, shingles: &shingles, pending: pending, requireFolded: false)
        }
    }

    /// How many hashes of each kind `asciiScan` gathers before appending them.
    private static let batch = 64

    private static func asciiScan(
        _ bytes: UnsafeBufferPointer<UInt8>, content: inout [UInt64], shingles: inout [UInt64],
        pending: UnsafeMutableBufferPointer<UInt64>, requireFolded: Bool
    ) -> Facts? {
        let batch = Self.batch
        var pendingContent = 0
        var pendingShingles = 0
        @inline(__always) func flush() {
            content.append(contentsOf: UnsafeBufferPointer(rebasing: pending[0..<pendingContent]))
            shingles.append(
                contentsOf: UnsafeBufferPointer(rebasing: pending[batch..<(batch + pendingShingles)]))
            pendingContent = 0
            pendingShingles = 0
        }
        let table = cueTable
        var facts = Facts()
        facts.length = bytes.count
        let count = bytes.count
        var wordIndex = 0
        var previousSpecial: UInt32 = 0
        var previous: UInt64?
        var first: UInt64?
        var index = 0
        return byteClass.withUnsafeBufferPointer { classes -> Facts? in
            @inline(__always) func lower(_ at: Int) -> UInt8 { classes[Int(bytes[at])] }
            while true {
                // Between words.
                var lowered: UInt8 = 0
                while index < count {
                    let byte = bytes[index]
                    lowered = classes[Int(byte)]
                    if lowered != 0 { break }
                    // Not folded: a tab or line feed, a leading space, two spaces in a row
                    // (a carriage return is never scanned here).
                    if requireFolded && byte <= 0x20
                        && (byte == 0x0A || byte == 0x09
                            || (byte == 0x20 && (index == 0 || bytes[index - 1] == 0x20)))
                    {
                        return nil
                    }
                    index += 1
                }
                if index == count {
                    // Nor a trailing space.
                    if requireFolded && count > 0 && bytes[count - 1] == 0x20 { return nil }
                    break
                }
                if lowered == 0xFF { return nil }
                // A word: hashed lower-cased as it is read.
                let start = index
                var hash = FNV1a.offsetBasis
                var digits = true
                while true {
                    hash = (hash ^ UInt64(lowered)) &* 0x0000_0100_0000_01B3
                    if lowered > 57 || lowered < 48 { digits = false }
                    index += 1
                    guard index < count else { break }
                    lowered = classes[Int(bytes[index])]
                    if lowered == 0 || lowered == 0xFF { break }
                }
                let length = index - start
                // No word a rule looks for has more than ten letters.
                let cue = length <= 10 ? table.cue(hash, bytes, start..<index) : 0
                let stop = cue & Cue.stop != 0
                let special = cue >> 16 & 0xF
                if cue & Cue.absolute != 0 && facts.firstAbsolute < 0 {
                    facts.firstAbsolute = Int8(truncatingIfNeeded: cue >> 8 & 0xFF)
                }
                if facts.justification < 0 {
                    if previousSpecial == Cue.so && special == Cue.that {
                        facts.justification = 2
                    } else if previousSpecial == Cue.due && special == Cue.to {
                        facts.justification = 3
                    } else if special == Cue.because {
                        facts.justification = 0
                    } else if special == Cue.since {
                        facts.justification = 1
                    }
                }
                if cue & Cue.negative != 0 { facts.negative = true }
                if wordIndex == 0 { facts.opensAllNone = cue & Cue.opensAllNone != 0 }
                facts.lastWord = special >= Cue.firstEnding ? Int8(special - Cue.firstEnding) : -1
                previousSpecial = special
                wordIndex += 1
                if !stop && (!digits || length >= 4) {
                    // The stem: a trailing possessive or plural s dropped, as `stem(_:)` does.
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
                    if length >= 4 {
                        pending[pendingContent] = single
                        pendingContent += 1
                    }
                    if !digits {
                        if let previous {
                            pending[batch + pendingShingles] = previous &* 0x9E37_79B9_7F4A_7C15 ^ single
                            pendingShingles += 1
                        } else {
                            first = single
                        }
                        previous = single
                    }
                    if pendingContent == batch || pendingShingles == batch { flush() }
                }
            }
            flush()
            // One word alone: the word itself.
            if let first, previous == first { shingles.append(first) }
            return facts
        }
    }
}
