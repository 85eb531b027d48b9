import Foundation
import SpacertCore
import SpacertFSRS

/// Reading a `replay` input document (docs/PROTOCOL.md "spacert replay").
extension ReplayHistory {
    /// Decodes and checks a whole input: JSON syntax, types, ratings 1–4, times with a UTC
    /// offset and in order within each card. Unknown keys are skipped; `null` means "default".
    ///
    /// With a `pool`, a large `cards` array is read in two halves at once, one of its threads
    /// reading the second (see ``readCards(_:)``); the result, and any error, are the same.
    init(decoding bytes: UnsafeBufferPointer<UInt8>, pool: BatchPool? = nil) throws(ReplayError) {
        self.pool = pool
        var scanner = JSONScanner(bytes)
        // A review takes at least 30 bytes of input: reserving for that avoids regrowing.
        ratings.reserveCapacity(bytes.count / 30)
        times.reserveCapacity(bytes.count / 30)
        do {
            try readDocument(&scanner)
        } catch let error as JSONScanner.SyntaxError {
            let (line, column) = scanner.lineAndColumn(of: error.offset)
            throw ReplayError("invalid JSON at line \(line), column \(column): \(error.message)")
        } catch let error as ReplayError {
            throw error
        } catch {
            throw ReplayError("\(error)")
        }
    }

    private mutating func readDocument(_ scanner: inout JSONScanner) throws {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw ReplayError("the input must be a JSON object with a \"cards\" array")
        }
        var sawCards = false
        if try scanner.beginObject() {
            repeat {
                let key = try scanner.readKey()
                if scanner.key(key, is: "cards") {
                    sawCards = true
                    cards.removeAll(keepingCapacity: true)
                    ratings.removeAll(keepingCapacity: true)
                    times.removeAll(keepingCapacity: true)
                    try readCards(&scanner)
                } else if scanner.key(key, is: "retention") {
                    if try !scanner.readNull() { retention = try readNumber(&scanner, "retention") }
                } else if scanner.key(key, is: "enable_fuzzing") {
                    if try !scanner.readNull() {
                        guard let value = try scanner.readBool() else {
                            throw ReplayError("\"enable_fuzzing\" must be true or false")
                        }
                        enableFuzzing = value
                    }
                } else if scanner.key(key, is: "learning_steps_minutes") {
                    if try !scanner.readNull() {
                        learningStepsMinutes = try readNumbers(&scanner, "learning_steps_minutes")
                    }
                } else if scanner.key(key, is: "relearning_steps_minutes") {
                    if try !scanner.readNull() {
                        relearningStepsMinutes = try readNumbers(&scanner, "relearning_steps_minutes")
                    }
                } else if scanner.key(key, is: "maximum_interval") {
                    if try !scanner.readNull() {
                        let value = try readNumber(&scanner, "maximum_interval")
                        guard value.rounded() == value, abs(value) < 1e15 else {
                            throw ReplayError(
                                "\"maximum_interval\" must be a whole number of days, not \(value)")
                        }
                        maximumInterval = Int(value)
                    }
                } else if scanner.key(key, is: "parameters") {
                    if try !scanner.readNull() { weights = try readNumbers(&scanner, "parameters") }
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(close: UInt8(ascii: "}"))
        }
        guard scanner.peek() == nil else { throw scanner.error("unexpected data after the JSON object") }
        guard sawCards else { throw ReplayError("the input has no \"cards\" array") }
    }

    private func readNumber(_ scanner: inout JSONScanner, _ name: String) throws -> Double {
        guard let byte = scanner.peek(), byte == UInt8(ascii: "-") || (48...57).contains(byte) else {
            throw ReplayError("\"\(name)\" must be a number")
        }
        return try scanner.readNumber().value
    }

    private func readNumbers(_ scanner: inout JSONScanner, _ name: String) throws -> [Double] {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw ReplayError("\"\(name)\" must be an array of numbers")
        }
        var values: [Double] = []
        if try scanner.beginArray() {
            repeat {
                values.append(try readNumber(&scanner, name + "[\(values.count)]"))
            } while try scanner.nextElement(close: UInt8(ascii: "]"))
        }
        return values
    }

    private mutating func readCards(_ scanner: inout JSONScanner) throws {
        guard scanner.peek() == UInt8(ascii: "[") else { throw ReplayError("\"cards\" must be an array") }
        guard try scanner.beginArray() else { return }
        // A large array: a pool thread reads from a card near the middle while this one reads
        // up to it. Only if this one arrives exactly there, just after a comma between cards (so
        // the guess was a card boundary), is the second half taken; otherwise this one reads on
        // alone.
        var second = pool.flatMap { SecondHalf(of: scanner, pool: $0) }
        defer { second?.discard() }
        repeat {
            if let half = second, scanner.position == half.start {
                second = nil
                let (part, end) = try half.take(cardsBefore: cards.count)
                append(part)
                scanner.position = end
                return
            }
            try readCard(&scanner, index: cards.count)
        } while try scanner.nextElement(close: UInt8(ascii: "]"))
    }

    /// Reads the rest of a `cards` array from a card's opening brace: cards with their
    /// indices counted from `firstIndex`, up to and including the closing bracket.
    fileprivate mutating func readRestOfCards(_ scanner: inout JSONScanner, firstIndex: Int) throws {
        repeat {
            try readCard(&scanner, index: firstIndex + cards.count)
        } while try scanner.nextElement(close: UInt8(ascii: "]"))
    }

    /// Appends another history's cards and reviews.
    private mutating func append(_ other: ReplayHistory) {
        let offset = ratings.count
        ratings.append(contentsOf: other.ratings)
        times.append(contentsOf: other.times)
        cards.reserveCapacity(cards.count + other.cards.count)
        for var entry in other.cards {
            entry.reviews = (entry.reviews.lowerBound + offset)..<(entry.reviews.upperBound + offset)
            cards.append(entry)
        }
    }

    /// Reads one card; a problem in its reviews is reported once the card's id is known.
    private mutating func readCard(_ scanner: inout JSONScanner, index cardIndex: Int) throws {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw ReplayError("a card must be an object with \"id\" and \"reviews\"", cardIndex: cardIndex)
        }
        var id: String?
        var idJSON: [UInt8] = []
        var reviews = ratings.count..<ratings.count
        var problem: (reviewIndex: Int?, message: String)?
        if try scanner.beginObject() {
            repeat {
                let key = try scanner.readKey()
                if scanner.key(key, is: "id") {
                    switch scanner.peek() {
                    case UInt8(ascii: "\""):
                        let token = try scanner.readString()
                        id = scanner.string(token)
                        idJSON = Array(quoted(id!).utf8)
                    case .some(let byte) where byte == UInt8(ascii: "-") || (48...57).contains(byte):
                        let range = try scanner.readNumber().range
                        idJSON = Array(scanner.bytes[range])
                        id = String(decoding: idJSON, as: UTF8.self)
                    default:
                        try scanner.skipValue()
                        if problem == nil { problem = (nil, "\"id\" must be a string") }
                    }
                } else if scanner.key(key, is: "reviews") {
                    ratings.removeSubrange(reviews)
                    times.removeSubrange(reviews)
                    if let found = try readReviews(&scanner), problem == nil { problem = found }
                    reviews = reviews.lowerBound..<ratings.count
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(close: UInt8(ascii: "}"))
        }
        if let problem {
            throw ReplayError(
                problem.message, cardIndex: cardIndex, cardID: id, reviewIndex: problem.reviewIndex)
        }
        guard let id else { throw ReplayError("the card has no \"id\"", cardIndex: cardIndex) }
        cards.append(Entry(id: id, idJSON: idJSON, reviews: reviews))
    }

    /// Reads a `reviews` array, appending to `ratings` and `times`; returns the first problem.
    private mutating func readReviews(_ scanner: inout JSONScanner) throws -> (
        reviewIndex: Int?, message: String
    )? {
        guard scanner.peek() == UInt8(ascii: "[") else {
            try scanner.skipValue()
            return (nil, "\"reviews\" must be an array")
        }
        guard try scanner.beginArray() else { return nil }
        var problem: (reviewIndex: Int?, message: String)?
        var reviewIndex = 0
        var previous: (time: Int64, text: JSONScanner.StringToken)?
        repeat {
            if problem == nil,
                let (count, last) = scanner.readCompactReviews(
                    notBefore: previous?.time, ratings: &ratings, times: &times)
            {
                reviewIndex += count
                previous = last
                continue
            }
            defer { reviewIndex += 1 }
            guard scanner.peek() == UInt8(ascii: "{") else {
                try scanner.skipValue()
                if problem == nil {
                    problem = (reviewIndex, "a review must be an object with \"rating\" and \"time\"")
                }
                continue
            }
            var rating: Rating?
            var time: (value: Int64, text: JSONScanner.StringToken)?
            var sawRating = false
            if try scanner.beginObject() {
                repeat {
                    let key =
                        try scanner.readKnownKey("rating") ?? scanner.readKnownKey("time")
                        ?? scanner.readKey()
                    if scanner.key(key, is: "rating") {
                        sawRating = true
                        if let byte = scanner.peek(), byte == UInt8(ascii: "-") || (48...57).contains(byte) {
                            let (value, range) = try scanner.readNumber()
                            rating =
                                value.rounded() == value && value >= 1 && value <= 4
                                ? Rating(rawValue: Int(value)) : nil
                            if rating == nil, problem == nil {
                                let text = String(decoding: scanner.bytes[range], as: UTF8.self)
                                problem = (
                                    reviewIndex,
                                    "rating \(text) is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"
                                )
                            }
                        } else {
                            try scanner.skipValue()
                            if problem == nil {
                                problem = (reviewIndex, "\"rating\" must be a number from 1 to 4")
                            }
                        }
                    } else if scanner.key(key, is: "time") {
                        guard scanner.peek() == UInt8(ascii: "\"") else {
                            try scanner.skipValue()
                            if problem == nil {
                                problem = (reviewIndex, "\"time\" must be an ISO 8601 string")
                            }
                            continue
                        }
                        let token = try scanner.readString()
                        do {
                            let value = try parseTime(token, scanner)
                            time = (value, token)
                        } catch {
                            if problem == nil { problem = (reviewIndex, timeMessage(error, token, scanner)) }
                        }
                    } else {
                        try scanner.skipValue()
                    }
                } while try scanner.nextElement(close: UInt8(ascii: "}"))
            }
            guard problem == nil else { continue }
            guard sawRating else {
                problem = (reviewIndex, "the review has no \"rating\"")
                continue
            }
            guard let rating, let time else {
                problem = (reviewIndex, "the review has no \"time\"")
                continue
            }
            if let previous, time.value < previous.time {
                problem = (
                    reviewIndex,
                    "time \(quoted(scanner.string(time.text))) is earlier than the review before it "
                        + "(\(quoted(scanner.string(previous.text)))); reviews must be in time order"
                )
                continue
            }
            previous = (time.value, time.text)
            ratings.append(rating)
            times.append(time.value)
        } while try scanner.nextElement(close: UInt8(ascii: "]"))
        return problem
    }

    private func parseTime(_ token: JSONScanner.StringToken, _ scanner: JSONScanner) throws(Timestamp.Problem)
        -> Int64
    {
        if token.hasEscapes {
            let bytes = scanner.decodedBytes(token)
            return try bytes.withUnsafeBufferPointer { buffer throws(Timestamp.Problem) in
                try Timestamp.parse(buffer)
            }
        }
        return try Timestamp.parse(UnsafeBufferPointer(rebasing: scanner.bytes[token.range]))
    }

    private func timeMessage(
        _ problem: Timestamp.Problem, _ token: JSONScanner.StringToken, _ scanner: JSONScanner
    ) -> String {
        let text = quoted(scanner.string(token))
        switch problem {
        case .noOffset:
            return "time \(text) has no UTC offset; write it as ISO 8601 with \"Z\" or \"+HH:MM\""
        case .malformed:
            return "time \(text) is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[.fff] with \"Z\" or \"+HH:MM\")"
        case .outOfRange:
            return "time \(text) is not a valid date, time or UTC offset"
        }
    }
}

extension JSONScanner {
    /// The fast path for the commonest reviews, written compactly with a plain UTC time:
    /// `{"rating":3,"time":"2025-01-06T09:00:00Z"}`, one after another with a comma between.
    /// Reads as many as come in a row that are exactly that, valid, and in time order (from
    /// `notBefore`), appending them, and returns how many and the last one's time; nil, having
    /// consumed nothing, if the next review is not one of them (the general reader then reads
    /// it, or reports what is wrong). Stops just after the last review read.
    mutating func readCompactReviews(
        notBefore: Int64?, ratings: inout [Rating], times: inout [Int64]
    ) -> (count: Int, last: (time: Int64, text: StringToken))? {
        _ = peek()
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        var start = position
        var previous = notBefore ?? .min
        var count = 0
        // The month last seen and the day its first day is, for the commonest case of
        // consecutive reviews in the same month.
        var cachedMonth = -1
        var cachedMonthStart = 0
        while start + 42 <= end {
            let raw = UnsafeRawPointer(base + start)
            // {"rating" :  R  ,"time": "  YYYY-MM-DDTHH:MM:SSZ  "}, in little-endian words.
            guard UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) == 0x676E_6974_6172_227B,
                UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) == 0x3A22,
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self))
                    == 0x3A22_656D_6974_222C,
                base[start + 19] == UInt8(ascii: "\""),
                UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 40, as: UInt16.self)) == 0x7D22,
                let rating = Rating(rawValue: Int(base[start + 10]) &- 48),
                let time = Timestamp.parseCompactUTC(
                    base + start + 20, cachedMonth: &cachedMonth, cachedMonthStart: &cachedMonthStart),
                time >= previous
            else { break }
            ratings.append(rating)
            times.append(time)
            previous = time
            count += 1
            position = start + 42
            // Another one after a comma?
            guard start + 42 < end, base[start + 42] == UInt8(ascii: ",") else { break }
            start += 43
        }
        guard count > 0 else { return nil }
        return (count, (previous, StringToken(range: (position - 22)..<(position - 2), hasEscapes: false)))
    }
}

/// The second half of a large `cards` array, read by a pool thread (see `readCards`).
private final class SecondHalf: @unchecked Sendable {
    /// Where the second half's first card begins, just after a comma.
    let start: Int
    private let pool: BatchPool
    /// What the pool thread read: the cards and where the array ended, or the error.
    private var result: Result<(ReplayHistory, Int), any Error>?
    private var taken = false

    /// Starts reading at a card boundary found past the middle of what is left of `scanner`'s
    /// bytes, or returns nil if the input is small or no likely boundary is near the middle.
    init?(of scanner: JSONScanner, pool: BatchPool) {
        // Read only, and alive until `take` or `discard` has waited for the reading.
        nonisolated(unsafe) let bytes = scanner.bytes
        let left = bytes.count - scanner.position
        guard left >= ReplayHistory.poolThreshold, let base = bytes.baseAddress else { return nil }
        // `]},{"id":` ends a card's reviews and the card, and opens the next with its id: the
        // usual form. A wrong guess only costs the work: see readCards.
        let pattern: StaticString = #"]},{"id":"#
        let middle = scanner.position + left / 2
        let limit = min(bytes.count - pattern.utf8CodeUnitCount, middle + left / 4)
        var found: Int?
        var index = middle
        while index < limit {
            guard let hit = memchr(base + index, Int32(UInt8(ascii: "]")), limit - index) else { break }
            index = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + index, pattern.utf8Start, pattern.utf8CodeUnitCount) == 0 {
                found = index + 2
                break
            }
            index += 1
        }
        guard let comma = found else { return nil }
        let start = comma + 1
        self.start = start
        self.pool = pool
        pool.runAside { [self] in
            var part = ReplayHistory()
            var reader = JSONScanner(bytes)
            reader.position = start
            let share = bytes.count - start
            part.ratings.reserveCapacity(share / 30)
            part.times.reserveCapacity(share / 30)
            do {
                try part.readRestOfCards(&reader, firstIndex: 0)
                result = .success((part, reader.position))
            } catch {
                result = .failure(error)
            }
        }
    }

    /// The second half's cards and the position after the array, once read; its error, with
    /// card indices counted from the whole array's start, if it had one.
    func take(cardsBefore: Int) throws -> (ReplayHistory, Int) {
        pool.waitAside()
        taken = true
        switch result! {
        case .success(let value):
            return value
        case .failure(let error as ReplayError):
            throw ReplayError(
                error.message, cardIndex: error.cardIndex.map { $0 + cardsBefore }, cardID: error.cardID,
                reviewIndex: error.reviewIndex)
        case .failure(let error):
            throw error
        }
    }

    /// Waits for the pool thread if the second half was not taken (this thread read past the
    /// guess, or stopped at an error before it).
    func discard() {
        if !taken { pool.waitAside() }
    }
}
