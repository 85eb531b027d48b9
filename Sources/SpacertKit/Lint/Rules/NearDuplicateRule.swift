/// Two questions anywhere in the banks share most of their wording.
///
/// Each question's wording (scenario, prompt and options; not the explanation) becomes a set of
/// shingles: its pairs of neighbouring words (stop words and bare numbers dropped, plurals
/// folded). Two questions are near-duplicates when those sets overlap by 20% or more (Jaccard
/// similarity >= 0.2): in our banks that is two questions that reuse about half of each other's
/// words, much of it in the same order, while two different questions on one topic share
/// under 10%. To stay sub-quadratic over 100,000 questions, each question keeps its distinct
/// shingles as sorted 32-bit hashes, and at the end gets a MinHash signature of 64 16-bit
/// values by one-permutation hashing (one hash per shingle spread over 64 bins, empty bins
/// filled by optimal densification); the signature is cut into 32 bands of 2 and only
/// questions that agree on a whole band are compared (locality-sensitive hashing: a pair at
/// 0.2 meets in some band about 73% of the time, at 0.3 95%), by the exact Jaccard similarity
/// of their shingle sets, so no estimate's noise makes or hides a finding.
public enum NearDuplicateRule: LintRule {
    public static let id = "near-duplicate"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "no two questions share most of their wording"
    /// The share of shingles two questions must have in common.
    public static let threshold = 0.2

    static func message(_ name: String, _ other: String, similarity: Double) -> String {
        "\(name) shares about \(Int((similarity * 100).rounded()))% of its wording with question '\(other)'; a trainee who learns one answers the other from memory, so merge them or ask about a different point"
    }

    static func otherHere(_ other: String) -> String { "question '\(other)' is here" }
}

/// Of two near-duplicate questions, one is critical and the other is not.
public enum CriticalMismatchRule: LintRule {
    public static let id = "critical-mismatch"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "near-duplicate questions agree on whether they are critical"

    static func message(_ name: String, critical: Bool, other: String) -> String {
        "\(name) is \(critical ? "" : "not ")critical but its near-duplicate '\(other)' is\(critical ? " not" : ""); the same knowledge should weigh the same"
    }
}

/// The shingle sets of every question seen, and the near-duplicate pairs among them.
struct NearDuplicateIndex {
    static let hashCount = 64
    static let rows = 2
    static var bands: Int { hashCount / rows }
    /// Signatures are worked out for this many bands at a time, so only a part of every
    /// signature is held at once.
    static let bandsAtOnce = 16

    /// What a pair is reported with: the question's id, place, whether it is critical, and the
    /// rules accepted in it.
    struct Entry {
        var id: String
        var location: SourceLocation
        var critical: Bool
        /// The question's place among all inspected questions.
        var ordinal: Int
        /// The pair rules accepted in the question, with the reasons.
        var reasons: [String: String]

        var accepts: Set<String> { Set(reasons.keys) }
    }

    /// An entry as kept: compact, as there may be 100,000 of them (its file an index into
    /// `files`, a column of -1 for none; the few entries that accept a pair rule keep their
    /// reasons in `reasonsByEntry`).
    private struct Record {
        var id: String
        var line: Int32
        var column: Int32
        var file: Int32
        var ordinal: Int32
        var critical: Bool
    }

    private var records: [Record] = []
    private var files: [String] = []
    private var reasonsByEntry: [Int: [String: String]] = [:]

    /// Makes room for about `questions` questions (a few dozen shingles each), so the sets
    /// are not copied as they grow.
    mutating func reserve(questions: Int) {
        guard questions > 0 else { return }
        records.reserveCapacity(questions)
        starts.reserveCapacity(questions + 1)
        sets.reserveCapacity(questions * 48)
    }

    /// Where the index stood, to undo the questions added after it.
    struct Mark {
        fileprivate var records: Int
        fileprivate var files: Int
        fileprivate var sets: Int
    }

    func mark() -> Mark { Mark(records: records.count, files: files.count, sets: sets.count) }

    /// Forgets every question added since `mark`.
    mutating func rollBack(to mark: Mark) {
        records.removeSubrange(mark.records...)
        files.removeSubrange(mark.files...)
        sets.removeSubrange(mark.sets...)
        starts.removeSubrange((mark.records + 1)...)
        for entry in reasonsByEntry.keys where entry >= mark.records { reasonsByEntry[entry] = nil }
    }

    /// How many questions were added (those with no words are left out).
    var count: Int { records.count }

    /// Entry `index`, as pairs are reported.
    func entry(_ index: Int) -> Entry {
        let record = records[index]
        return Entry(
            id: record.id,
            location: SourceLocation(
                file: files[Int(record.file)], line: Int(record.line),
                column: record.column >= 0 ? Int(record.column) : nil),
            critical: record.critical, ordinal: Int(record.ordinal), reasons: reasonsByEntry[index] ?? [:])
    }

    /// Every entry, in the order they were added.
    var entries: [Entry] { (0..<count).map(entry) }
    /// Every entry's distinct shingles as sorted 32-bit hashes, one entry after another.
    private var sets: [UInt32] = []
    /// Where each entry's shingles start in `sets`, and one past the last entry's.
    private var starts: [Int] = [0]

    /// SplitMix64's finaliser: a good 64-bit mix.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// For each bin and try, the bin an empty bin copies when that one is filled (optimal
    /// densification, Shrivastava 2017): fixed, so every question makes the same choices.
    private static let densifyTries = 32
    private static let densifyTable: [UInt8] = (0..<hashCount).flatMap { bin in
        (1...densifyTries).map { attempt in
            UInt8(truncatingIfNeeded: mix(UInt64(bin) << 32 | UInt64(attempt)) & 63)
        }
    }

    /// Calls `body` with each text of a question that near-duplicates are judged by.
    static func forEachText(of question: Question, _ body: (String) -> Void) {
        body(question.scenario ?? "")
        body(question.prompt)
        switch question.body {
        case .choices(let choices): for choice in choices { body(choice.text) }
        case .trueFalse: break
        case .order(let steps): for step in steps { body(step) }
        case .match(let pairs):
            for pair in pairs {
                body(pair.left)
                body(pair.right)
            }
        }
    }

    /// Adds a built question; one with no words is left out.
    mutating func add(_ question: Question, ordinal: Int, reasons: [String: String]) {
        add(QualityItem(question), ordinal: ordinal, reasons: reasons)
    }

    /// Adds a question by the shingles its item gathered; one with no words is left out.
    mutating func add(_ question: QualityItem, ordinal: Int, reasons: [String: String]) {
        let shingles = question.shingles
        guard !shingles.isEmpty else { return }
        // The set: each shingle mixed once to 32 bits, sorted, repeats dropped.
        let base = sets.count
        for shingle in shingles { sets.append(UInt32(truncatingIfNeeded: Self.mix(shingle) >> 32)) }
        sets.withUnsafeMutableBufferPointer { all in
            var added = UnsafeMutableBufferPointer(rebasing: all[base...])
            if added.count > 64 {
                added.sort()
            } else {
                // Most questions have a few dozen shingles: an insertion sort is quicker there.
                for index in added.indices.dropFirst() {
                    let value = added[index]
                    var to = index
                    while to > 0 && added[to - 1] > value {
                        added[to] = added[to - 1]
                        to -= 1
                    }
                    added[to] = value
                }
            }
        }
        var kept = base
        for index in base..<sets.count where index == base || sets[index] != sets[kept - 1] {
            sets[kept] = sets[index]
            kept += 1
        }
        sets.removeLast(sets.count - kept)
        starts.append(sets.count)
        let file = question.location.file
        if files.last != file { files.append(file) }
        if !reasons.isEmpty { reasonsByEntry[records.count] = reasons }
        records.append(
            Record(
                id: question.id, line: Int32(clamping: question.location.line),
                column: Int32(clamping: question.location.column ?? -1), file: Int32(files.count - 1),
                ordinal: Int32(clamping: ordinal), critical: question.critical))
    }

    /// The one-permutation MinHash signature of entry `entry` into `signature` (64 values):
    /// the top 6 bits of a shingle's hash pick its bin, the next 16 are its value, each bin
    /// keeps its least value, and empty bins copy a filled one. Only the bins in `wanted` are
    /// densified (the others may stay empty): each empty bin copies a filled one on its own.
    private func signature(
        of entry: Int, into signature: UnsafeMutableBufferPointer<UInt16>, wanted: Range<Int> = 0..<hashCount
    ) {
        for bin in 0..<Self.hashCount { signature[bin] = UInt16.max }
        var filled: UInt64 = 0
        sets.withUnsafeBufferPointer { sets in
            for index in starts[entry]..<starts[entry + 1] {
                let hash = sets[index]
                let bin = Int(truncatingIfNeeded: hash >> 26)
                let value = UInt16(truncatingIfNeeded: hash >> 10)
                filled |= 1 << UInt64(bin)
                if value < signature[bin] { signature[bin] = value }
            }
        }
        guard filled != ~0 else { return }
        Self.densifyTable.withUnsafeBufferPointer { table in
            for bin in wanted where filled & (1 << UInt64(bin)) == 0 {
                var source = -1
                // The tries four at a time: which of the four bins are filled, as four bits,
                // so one branch (rarely taken twice) replaces a hard-to-guess one per try.
                var attempt = bin * Self.densifyTries
                let end = attempt + Self.densifyTries
                while attempt < end {
                    let a = table[attempt]
                    let b = table[attempt + 1]
                    let c = table[attempt + 2]
                    let d = table[attempt + 3]
                    let hits =
                        (filled >> UInt64(a) & 1) | (filled >> UInt64(b) & 1) << 1
                        | (filled >> UInt64(c) & 1) << 2 | (filled >> UInt64(d) & 1) << 3
                    if hits != 0 {
                        source = Int(table[attempt + hits.trailingZeroBitCount])
                        break
                    }
                    attempt += 4
                }
                if source < 0 {
                    // Past the table (a question with very few shingles): keep trying.
                    var attempt = UInt64(Self.densifyTries + 1)
                    while source < 0 {
                        let candidate = Int(truncatingIfNeeded: Self.mix(UInt64(bin) << 32 | attempt) & 63)
                        if filled & (1 << UInt64(candidate)) != 0 { source = candidate }
                        attempt += 1
                    }
                }
                signature[bin] = signature[source]
            }
        }
    }

    /// The Jaccard similarity of the shingle sets of entries `a` and `b`: shared over all.
    func similarity(_ a: Int, _ b: Int) -> Double {
        sets.withUnsafeBufferPointer { sets in
            var i = starts[a]
            var j = starts[b]
            let endA = starts[a + 1]
            let endB = starts[b + 1]
            var shared = 0
            // A merge whose steps are worked out, not branched on: the two sides' order is
            // as good as random, so a branch per step would be mispredicted half the time.
            while i < endA && j < endB {
                let x = sets[i]
                let y = sets[j]
                shared &+= x == y ? 1 : 0
                i &+= x <= y ? 1 : 0
                j &+= y <= x ? 1 : 0
            }
            let union = (endA - starts[a]) + (endB - starts[b]) - shared
            return union > 0 ? Double(shared) / Double(union) : 0
        }
    }

    /// Sorts keys built in entry order by their high 32 bits (the band's two 16-bit rows),
    /// keeping entry order among equal values: the order `sort()` gives these unique keys.
    /// One stable counting pass by the top 16 bits, then each bucket (a key or two, as a rule)
    /// sorted whole: its keys are unique, so sorting them keeps entry order among equals.
    static func sortByBand(_ keys: inout [UInt64], scratch: inout [UInt64], counts: inout [Int]) {
        let count = keys.count
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { scratch in
                counts.withUnsafeMutableBufferPointer { counts in
                    for index in counts.indices { counts[index] = 0 }
                    for index in 0..<count { counts[Int(truncatingIfNeeded: keys[index] >> 48)] += 1 }
                    var total = 0
                    for index in counts.indices {
                        let here = counts[index]
                        counts[index] = total
                        total += here
                    }
                    for index in 0..<count {
                        let key = keys[index]
                        let digit = Int(truncatingIfNeeded: key >> 48)
                        scratch[counts[digit]] = key
                        counts[digit] += 1
                    }
                    // counts[digit] is now where bucket `digit` ends.
                    var start = 0
                    for digit in counts.indices {
                        let end = counts[digit]
                        if end - start > 16 {
                            var bucket = UnsafeMutableBufferPointer(rebasing: scratch[start..<end])
                            bucket.sort()
                        } else if end - start > 1 {
                            for index in (start + 1)..<end {
                                let key = scratch[index]
                                var to = index
                                while to > start && scratch[to - 1] > key {
                                    scratch[to] = scratch[to - 1]
                                    to -= 1
                                }
                                scratch[to] = key
                            }
                        }
                        start = end
                    }
                }
            }
        }
        swap(&keys, &scratch)
    }

    /// The largest bucket whose entries are all compared with each other.
    static let bucketReach = 64
    /// How many neighbours each entry of a larger bucket is compared with: linear work.
    static let crowdedReach = 2

    /// Every pair at or above the threshold, each once, the earlier entry first.
    ///
    /// A bucket of more than `bucketReach` entries mostly holds questions that share wording
    /// every question has (a template, a phrase of the subject) rather than copies of each
    /// other: there each entry is compared with its next `crowdedReach` only, so common wording
    /// cannot make every pair a candidate. Copies still pair up: they meet in many bands, most
    /// of them in small buckets, and in a crowd of copies each is paired with its neighbours.
    func pairs(threshold: Double = NearDuplicateRule.threshold) -> [(
        first: Int, second: Int, similarity: Double
    )] {
        let count = records.count
        guard count > 1 else { return [] }
        var seen = Set<UInt64>()
        var found: [(first: Int, second: Int, similarity: Double)] = []
        var keys = [UInt64](repeating: 0, count: count)
        var scratch = [UInt64](repeating: 0, count: count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        // The bins of `bandsAtOnce` bands of every signature, worked out a group at a time.
        let binsAtOnce = Self.bandsAtOnce * Self.rows
        var part = [UInt16](repeating: 0, count: count * binsAtOnce)
        var whole = [UInt16](repeating: 0, count: Self.hashCount)
        for band in 0..<Self.bands {
            let firstBin = (band % Self.bandsAtOnce) * Self.rows
            if band % Self.bandsAtOnce == 0 {
                let groupStart = band * Self.rows
                whole.withUnsafeMutableBufferPointer { whole in
                    part.withUnsafeMutableBufferPointer { part in
                        for entry in 0..<count {
                            signature(of: entry, into: whole, wanted: groupStart..<(groupStart + binsAtOnce))
                            for bin in 0..<binsAtOnce {
                                part[entry * binsAtOnce + bin] = whole[groupStart + bin]
                            }
                        }
                    }
                }
            }
            part.withUnsafeBufferPointer { part in
                keys.withUnsafeMutableBufferPointer { keys in
                    for entry in 0..<count {
                        var value: UInt64 = 0
                        for row in 0..<Self.rows {
                            value = value << 16 | UInt64(part[entry * binsAtOnce + firstBin + row])
                        }
                        // The band's value (2 rows of 16 bits) in the high 32 bits, the entry in
                        // the low 32: grouping by value keeps a bucket in entry order.
                        keys[entry] = value << 32 | UInt64(entry)
                    }
                }
            }
            Self.sortByBand(&keys, scratch: &scratch, counts: &counts)
            keys.withUnsafeBufferPointer { keys in
                var start = 0
                while start < count {
                    let bucket = keys[start] >> 32
                    var end = start + 1
                    while end < count && keys[end] >> 32 == bucket { end += 1 }
                    if end - start > 1 {
                        let reach = end - start > Self.bucketReach ? Self.crowdedReach : Self.bucketReach
                        for i in start..<end {
                            for j in (i + 1)..<min(end, i + 1 + reach) {
                                let a = Int(keys[i] & 0xFFFF_FFFF)
                                let b = Int(keys[j] & 0xFFFF_FFFF)
                                let key = UInt64(a) << 32 | UInt64(b)
                                guard seen.insert(key).inserted else { continue }
                                let similarity = similarity(a, b)
                                if similarity >= threshold { found.append((a, b, similarity)) }
                            }
                        }
                    }
                    start = end
                }
            }
        }
        return found.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }
}
