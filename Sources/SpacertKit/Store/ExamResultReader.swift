import Foundation
import SpacertCore

/// Reads the exam ledger's `result` bodies quickly, for reports over many attempts.
///
/// ``ExamCoding/decode(_:from:)`` (Foundation's decoder, with a date formatter per time) takes
/// over a millisecond per 30-question result; reports read tens of thousands. This reader scans
/// the UTF-8 bytes once, without an intermediate tree, for the shape ``ExamCoding`` writes (keys
/// in any order, unknown keys skipped). When a body does not read (another shape, a newer field
/// type), it answers nil and the caller falls back to ``ExamCoding``, which stays the authority.
///
/// One reader reads many bodies: the strings, picks and answers that repeat from result to result
/// (question ids, policy and bank hashes, `[1]`, `["b"]`) are made once and shared.
struct ExamResultReader {
    /// Shared values, by their JSON text.
    final class Tables {
        let strings = InternTable<String>()
        let picks = InternTable<[Int]>(slots: 1024, maximumKeyLength: 40)
        let answers = InternTable<Answer>(slots: 1024, maximumKeyLength: 64)
        let categories = InternTable<Category>(slots: 16, maximumKeyLength: 40)
        let types = InternTable<QuestionType>(slots: 16, maximumKeyLength: 40)
    }

    let tables = Tables()

    /// The result in `body`, or nil when this reader cannot read it.
    static func read(_ body: String) -> ExamResult? {
        var body = body
        return body.withUTF8 { ExamResultReader().read(UnsafeRawBufferPointer($0)) }
    }

    /// The result in the UTF-8 bytes of a body, or nil when this reader cannot read it.
    func read(_ bytes: UnsafeRawBufferPointer) -> ExamResult? {
        var scanner = Scanner(bytes: bytes.bindMemory(to: UInt8.self), tables: tables)
        guard let result = scanner.result(), scanner.atEnd() else { return nil }
        return result
    }

    /// A cursor over JSON text; every reading method answers nil on what it does not expect.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        let tables: Tables

        init(bytes: UnsafeBufferPointer<UInt8>, tables: Tables = Tables()) {
            self.bytes = bytes
            self.tables = tables
        }

        /// A string that often repeats, made once per distinct text.
        mutating func sharedString() -> String? {
            guard peek() == UInt8(ascii: "\"") else { return nil }
            let start = position
            guard skip() else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
            var copy = self
            copy.position = start
            let value = tables.strings.value(for: raw) { copy.string() }
            return value
        }

        /// A value read by `read`, made once per distinct JSON text (`[1]`, `["b"]`).
        mutating func shared<Value>(_ table: InternTable<Value>, _ read: (inout Scanner) -> Value?) -> Value?
        {
            _ = peek()
            let start = position
            guard skip() else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
            var copy = self
            copy.position = start
            return table.value(for: raw) { read(&copy) }
        }

        mutating func atEnd() -> Bool { peek() == nil }

        mutating func peek() -> UInt8? {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return bytes[position]
                }
            }
            return nil
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            position += 1
            return true
        }

        /// A key as it stands in the bytes (keys with escapes are not read: nil falls back).
        struct Key {
            let bytes: UnsafeBufferPointer<UInt8>

            /// Whether the key is `name`.
            @inline(__always) func callAsFunction(_ name: StaticString) -> Bool {
                guard bytes.count == name.utf8CodeUnitCount else { return false }
                return memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0
            }

            var string: String { String(decoding: bytes, as: UTF8.self) }
        }

        /// Reads the members of an object, calling `member` with each key; false on bad syntax
        /// or when `member` returns false.
        mutating func object(_ member: (inout Scanner, Key) -> Bool) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                guard let key = rawKey(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        }

        /// A key's bytes, when it holds no escape.
        private mutating func rawKey() -> Key? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]))
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// Reads the elements of an array, calling `element` for each.
        mutating func array(_ element: (inout Scanner) -> Bool) -> Bool {
            guard take(UInt8(ascii: "[")) else { return false }
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                guard element(&self) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return String(
                        decoding: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                if byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// The rest of a string holding escapes, from its first byte at `start`.
        private mutating func escapedString(from start: Int) -> String? {
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            var pendingHigh: UInt32?
            func flushHigh(_ out: inout [UInt8]) {
                if pendingHigh != nil { out += [0xEF, 0xBF, 0xBD] }
                pendingHigh = nil
            }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") {
                    flushHigh(&out)
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else {
                    flushHigh(&out)
                    out.append(byte)
                    continue
                }
                guard position < bytes.count else { return nil }
                let kind = bytes[position]
                position += 1
                var scalar: UInt32
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = UInt32(kind)
                case UInt8(ascii: "b"): scalar = 0x08
                case UInt8(ascii: "f"): scalar = 0x0C
                case UInt8(ascii: "n"): scalar = 0x0A
                case UInt8(ascii: "r"): scalar = 0x0D
                case UInt8(ascii: "t"): scalar = 0x09
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count else { return nil }
                    scalar = 0
                    for offset in 0..<4 {
                        guard let digit = Self.hex(bytes[position + offset]) else { return nil }
                        scalar = scalar << 4 | UInt32(digit)
                    }
                    position += 4
                default: return nil
                }
                if let high = pendingHigh, (0xDC00..<0xE000).contains(scalar) {
                    pendingHigh = nil
                    scalar = 0x10000 + ((high - 0xD800) << 10) + (scalar - 0xDC00)
                } else {
                    flushHigh(&out)
                    if (0xD800..<0xDC00).contains(scalar) {
                        pendingHigh = scalar
                        continue
                    }
                }
                out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            }
            return nil
        }

        private static func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        /// A number; exact for what fits the fast path (a mantissa under 2^53 and at most 22
        /// decimals, both exact in a Double, so one correctly rounded division), else read by
        /// the standard library's correctly rounded parser.
        mutating func number() -> Double? {
            _ = peek()
            let start = position
            var negative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            var mantissa: UInt64 = 0
            var digits = 0
            var decimals = 0
            var simple = true
            var seenDigit = false
            var inFraction = false
            scan: while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    seenDigit = true
                    if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                    if digits > 15 { simple = false }
                    mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                    if inFraction { decimals += 1 }
                case UInt8(ascii: "."):
                    guard !inFraction else { return nil }
                    inFraction = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                    simple = false
                default:
                    break scan
                }
                position += 1
            }
            guard seenDigit else { return nil }
            if simple && decimals <= 22 {
                let value = Double(mantissa) / Self.powersOfTen[decimals]
                return negative ? -value : value
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            return Double(text)
        }

        static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

        mutating func integer() -> Int? {
            guard let value = number(), value == value.rounded(), abs(value) < 9e15 else { return nil }
            return Int(value)
        }

        mutating func bool() -> Bool? {
            if literal("true") { return true }
            if literal("false") { return false }
            return nil
        }

        mutating func null() -> Bool { literal("null") }

        private mutating func literal(_ word: StaticString) -> Bool {
            _ = peek()
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
            position += count
            return true
        }

        /// Skips a string without making it (its escapes are checked when it is read).
        private mutating func skipString() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { return true }
                if byte == UInt8(ascii: "\\") { position += 1 }
                if byte < 0x20 { return false }
            }
            return false
        }

        /// Skips a value of any kind.
        mutating func skip(depth: Int = 0) -> Bool {
            guard depth < 64 else { return false }
            switch peek() {
            case UInt8(ascii: "{"): return object { scanner, _ in scanner.skip(depth: depth + 1) }
            case UInt8(ascii: "["): return array { $0.skip(depth: depth + 1) }
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
            case UInt8(ascii: "n"): return null()
            default: return number() != nil
            }
        }

        /// A time as ``ExamCoding/format(_:)`` writes it (`2026-12-02T09:00:00.250Z`), else any
        /// ISO 8601 time ``ExamCoding/parse(_:)`` reads.
        mutating func date() -> Date? {
            guard let text = string() else { return nil }
            return Self.fastDate(text) ?? ExamCoding.parse(text)
        }

        /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, computed as the system's formatter does: whole
        /// milliseconds since 1970, over 1000, less the seconds from 1970 to 2001.
        static func fastDate(_ text: String) -> Date? {
            let utf8 = Array(text.utf8)
            guard utf8.count == 24, utf8[4] == 0x2D, utf8[7] == 0x2D, utf8[10] == 0x54, utf8[13] == 0x3A,
                utf8[16] == 0x3A, utf8[19] == 0x2E, utf8[23] == 0x5A
            else { return nil }
            func field(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(utf8[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = field(0..<4), let month = field(5..<7), let day = field(8..<10),
                let hour = field(11..<13), let minute = field(14..<16), let second = field(17..<19),
                let milli = field(20..<23), (1...12).contains(month), (1...31).contains(day), hour < 24,
                minute < 60, second < 60
            else { return nil }
            let days = CivilDate.days(year: year, month: month, day: day)
            let millis = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + milli
            return MicrosecondTime.date(Int64(millis) * 1000)
        }

        mutating func result() -> ExamResult? {
            var attemptID: String?
            var traineeID: Int?
            var trainee: String?
            var started: Date?
            var finished: Date?
            var ending: ExamEnding?
            var passed: Bool?
            var score: Double?
            var categories: [String: Double]?
            var reasons: [String]?
            var items: [GradedItem]?
            var policyID: String?
            var policyHash: String?
            var banksHash: String?
            var certificateID: String?
            let read = object { scanner, key in
                switch true {
                case key("attemptID"): attemptID = scanner.string()
                case key("traineeID"): traineeID = scanner.integer()
                case key("trainee"): trainee = scanner.sharedString()
                case key("started"): started = scanner.date()
                case key("finished"): finished = scanner.date()
                case key("ending"): ending = scanner.string().flatMap(ExamEnding.init(rawValue:))
                case key("passed"): passed = scanner.bool()
                case key("score"): score = scanner.number()
                case key("policyID"): policyID = scanner.sharedString()
                case key("policyHash"): policyHash = scanner.sharedString()
                case key("banksHash"): banksHash = scanner.sharedString()
                case key("certificateID"):
                    if scanner.null() { return true }
                    certificateID = scanner.string()
                    return certificateID != nil
                case key("categories"):
                    var values: [String: Double] = [:]
                    guard
                        scanner.object({ scanner, area in
                            guard let value = scanner.number() else { return false }
                            values[area.string] = value
                            return true
                        })
                    else { return false }
                    categories = values
                case key("reasons"):
                    var values: [String] = []
                    guard
                        scanner.array({ scanner in
                            guard let value = scanner.string() else { return false }
                            values.append(value)
                            return true
                        })
                    else { return false }
                    reasons = values
                case key("items"):
                    var values: [GradedItem] = []
                    values.reserveCapacity(32)
                    guard
                        scanner.array({ scanner in
                            guard let item = scanner.item() else { return false }
                            values.append(item)
                            return true
                        })
                    else { return false }
                    items = values
                default: return scanner.skip()
                }
                return true
            }
            guard read, let attemptID, let traineeID, let trainee, let started, let finished, let ending,
                let passed,
                let score, let categories, let reasons, let items, let policyID, let policyHash, let banksHash
            else { return nil }
            return ExamResult(
                attemptID: attemptID, traineeID: Int64(traineeID), trainee: trainee, started: started,
                finished: finished, ending: ending, passed: passed, score: score, categories: categories,
                reasons: reasons, items: items, policyID: policyID, policyHash: policyHash,
                banksHash: banksHash,
                certificateID: certificateID)
        }

        /// `[0, 2]`.
        mutating func integers() -> [Int]? {
            var values: [Int] = []
            guard
                array({ scanner in
                    guard let value = scanner.integer() else { return false }
                    values.append(value)
                    return true
                })
            else { return nil }
            return values
        }

        /// An answer: a list of keys, or an object of pairs.
        mutating func answer() -> Answer? {
            if peek() == UInt8(ascii: "[") {
                var keys: [String] = []
                guard
                    array({ scanner in
                        guard let value = scanner.string() else { return false }
                        keys.append(value)
                        return true
                    })
                else { return nil }
                return .keys(keys)
            }
            var pairs: [String: String] = [:]
            guard
                object({ scanner, left in
                    guard let right = scanner.string() else { return false }
                    pairs[left.string] = right
                    return true
                })
            else { return nil }
            return .pairs(pairs)
        }

        mutating func item() -> GradedItem? {
            var position: Int?
            var questionID: String?
            var rev: Int?
            var category: Category?
            var type: QuestionType?
            var critical: Bool?
            var answer: Answer?
            var picked: [Int]?
            var score: Double?
            var correct: Bool?
            let read = object { scanner, key in
                switch true {
                case key("position"): position = scanner.integer()
                case key("questionID"): questionID = scanner.sharedString()
                case key("rev"): rev = scanner.integer()
                case key("category"):
                    category = scanner.shared(scanner.tables.categories) {
                        $0.string().flatMap(Category.init(rawValue:))
                    }
                case key("type"):
                    type = scanner.shared(scanner.tables.types) {
                        $0.string().flatMap(QuestionType.init(rawValue:))
                    }
                case key("critical"): critical = scanner.bool()
                case key("score"): score = scanner.number()
                case key("correct"): correct = scanner.bool()
                case key("picked"):
                    picked = scanner.shared(scanner.tables.picks) { $0.integers() }
                case key("answer"):
                    if scanner.null() { return true }
                    answer = scanner.shared(scanner.tables.answers) { $0.answer() }
                    return answer != nil
                default: return scanner.skip()
                }
                return true
            }
            guard read, let position, let questionID, let rev, let category, let type, let critical,
                let picked,
                let score, let correct
            else { return nil }
            return GradedItem(
                position: position, questionID: questionID, rev: rev, category: category, type: type,
                critical: critical, answer: answer, picked: picked, score: score, correct: correct)
        }
    }
}
