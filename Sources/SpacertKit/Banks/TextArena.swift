/// The texts of one question as written, in one growing byte buffer, read back folded: runs of
/// white space (space, tab, line feed, carriage return) count as one space, and leading and
/// trailing white space is dropped. Folding happens only when a text is read back, and
/// comparisons stop at the first difference, so keeping a question's texts costs a copy of
/// their bytes and no allocation per text.
///
/// One text is open at a time: `begin(keep:)` starts it (dropping an open text that was never
/// ended), `append(_:)` adds a piece, `end()` closes it and returns its `Slice`. A text begun
/// with `keep: false` is scanned, not copied: its slice only says whether it is empty.
final class TextArena {
    /// A text in the arena: its bytes as written (an empty range when it was not kept) and
    /// whether it is empty once folded.
    struct Slice {
        var start = 0
        var end = 0
        var isEmpty = true

        /// An empty text.
        static let empty = Slice()
    }

    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Where the open text starts, and where the last ended text ends.
    private var start = 0
    private var sealed = 0
    private var keep = true
    private var sawText = false

    init(capacity: Int = 4096) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Forgets every text.
    func removeAll() {
        count = 0
        start = 0
        sealed = 0
        sawText = false
    }

    /// Starts a new open text, dropping the bytes of an open one that was never ended.
    func begin(keep: Bool) {
        count = sealed
        start = count
        self.keep = keep
        sawText = false
    }

    /// Adds a piece of the open text.
    func append(_ piece: UnsafeBufferPointer<UInt8>) {
        if !sawText { sawText = piece.contains { !Self.isSpace($0) } }
        guard keep, let base = piece.baseAddress else { return }
        if count + piece.count > capacity { grow(to: count + piece.count) }
        (bytes + count).update(from: base, count: piece.count)
        count += piece.count
    }

    /// Ends the open text and returns it. Ending again without a `begin(keep:)` returns the
    /// same text.
    func end() -> Slice {
        sealed = count
        return keep
            ? Slice(start: start, end: count, isEmpty: !sawText)
            : Slice(start: count, end: count, isEmpty: !sawText)
    }

    /// Calls `body` with the arena's buffer, for texts borrowed by offset (`Slice.start`,
    /// `Slice.end`) while nothing is added to the arena.
    func withBase<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        body(UnsafePointer(bytes))
    }

    /// The folded text as a string.
    func string(_ slice: Slice) -> String {
        String(unsafeUninitializedCapacity: slice.end - slice.start) { buffer in
            var folded = Folded(bytes + slice.start, bytes + slice.end)
            var count = 0
            while let byte = folded.next() {
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    /// Appends the folded bytes of a kept text to `buffer`: the bytes of `string(_:)`.
    func appendFolded(_ slice: Slice, to buffer: inout [UInt8]) {
        guard slice.end > slice.start else { return }
        // Copied whole, then folded in place: folding only ever drops bytes.
        let base = buffer.count
        let written = UnsafeBufferPointer(start: bytes + slice.start, count: slice.end - slice.start)
        buffer.append(contentsOf: written)
        if Self.isFolded(written) { return }
        let kept = buffer.withUnsafeMutableBufferPointer { all -> Int in
            var write = base
            var pendingSpace = false
            for read in base..<all.count {
                let byte = all[read]
                if byte <= 0x20 && Self.isSpace(byte) {
                    pendingSpace = write > base
                    continue
                }
                if pendingSpace {
                    all[write] = 0x20
                    write += 1
                    pendingSpace = false
                }
                all[write] = byte
                write += 1
            }
            return write
        }
        buffer.removeLast(buffer.count - kept)
    }

    /// Whether a written text is already folded (most texts, written on one line): no white
    /// space but single spaces between other bytes.
    private static func isFolded(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // As if a space came first: a leading space is not folded.
        var previous: UInt8 = 0x20
        for byte in text {
            if byte <= 0x20 && isSpace(byte) && (byte != 0x20 || previous == 0x20) { return false }
            previous = byte
        }
        return previous != 0x20
    }

    /// Whether two kept texts are equal, folded, as strings are (canonical equivalence).
    func same(_ a: Slice, _ b: Slice) -> Bool {
        let left = bytes + a.start
        let right = bytes + b.start
        let leftCount = a.end - a.start
        let rightCount = b.end - b.start
        // Most texts differ early, at a letter: different ASCII bytes that are not white
        // space, after the same written bytes, fold to different bytes at the same place.
        let common = min(leftCount, rightCount)
        var index = 0
        while index < common && left[index] == right[index] { index += 1 }
        if index == common && leftCount == rightCount { return true }
        if index < common {
            let x = left[index]
            let y = right[index]
            if x < 0x80 && y < 0x80 && !Self.isSpace(x) && !Self.isSpace(y) { return false }
        }
        var leftFolded = Folded(left, left + leftCount)
        var rightFolded = Folded(right, right + rightCount)
        switch Self.compare(&leftFolded, &rightFolded) {
        case .same: return true
        case .different: return false
        case .unknown: return string(a) == string(b)
        }
    }

    /// Whether a kept text, folded, equals the ASCII `literal` as strings are.
    func equals(_ slice: Slice, _ literal: StaticString) -> Bool {
        var folded = Folded(bytes + slice.start, bytes + slice.end)
        let start = UnsafeMutablePointer(mutating: literal.utf8Start)
        var written = Folded(start, start + literal.utf8CodeUnitCount)
        switch Self.compare(&folded, &written) {
        case .same: return true
        case .different: return false
        case .unknown: return string(slice) == literal.description
        }
    }

    /// Whether the value `bytes` (UTF-8, not folded) equals the ASCII `literal` as strings are.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        if sameBytes(bytes, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)) {
            return true
        }
        guard bytes.contains(where: { $0 >= 0x80 }) else { return false }
        return String(decoding: bytes, as: UTF8.self) == literal.description
    }

    private static func sameBytes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard left.count == right.count else { return false }
        for index in 0..<left.count where left[index] != right[index] { return false }
        return true
    }

    /// What the bytes of two texts can tell about them as strings.
    private enum Comparison { case same, different, unknown }

    /// Runs two folded texts to their first difference. Different ASCII bytes there, or one
    /// text ending first, prove them different as strings: an ASCII byte starts a character
    /// no combining mark reaches across, and a text that ends first decomposes shorter.
    /// Past a non-ASCII byte only comparing strings can tell (canonical equivalence).
    private static func compare(_ left: inout Folded, _ right: inout Folded) -> Comparison {
        while true {
            let a = left.next()
            let b = right.next()
            if a == b {
                if a == nil { return .same }
                continue
            }
            guard let a, let b else { return .different }
            return a >= 0x80 || b >= 0x80 ? .unknown : .different
        }
    }

    /// The bytes of a written text, folded as they are read.
    private struct Folded {
        var cursor: UnsafeMutablePointer<UInt8>
        let end: UnsafeMutablePointer<UInt8>
        var started = false
        var pendingSpace = false

        init(_ start: UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>) {
            cursor = start
            self.end = end
        }

        mutating func next() -> UInt8? {
            while cursor < end {
                let byte = cursor.pointee
                if byte <= 0x20 && TextArena.isSpace(byte) {
                    pendingSpace = started
                    cursor += 1
                    continue
                }
                if pendingSpace {
                    pendingSpace = false
                    return 0x20
                }
                started = true
                cursor += 1
                return byte
            }
            return nil
        }
    }

    fileprivate static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = grown
        capacity = newCapacity
    }
}
