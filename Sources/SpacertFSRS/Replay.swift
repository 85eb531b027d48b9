import Foundation

/// Runs `spacert replay`: recomputes every card's FSRS state after each review in its history.
///
/// `input` and the result are the JSON documents of PROTOCOL.md ("spacert replay"). The whole
/// input is checked before anything is computed, so a bad input gives an error and no output.
/// With `"enable_fuzzing": true`, review `i` of card `id` draws its fuzz from
/// `SeededRandom(seed: "<id>|<i>")`, so a replay is reproducible.
/// The output is compact JSON with no trailing newline.
public func replay(_ input: Data) throws(ReplayError) -> Data {
    let (history, scheduler) = try decodeReplay(input)
    var out = ByteWriter(capacity: 64 + history.cards.count * 48 + history.ratings.count * 170)
    history.write(by: scheduler) { out.append($0) }
    return out.data()
}

/// Runs `spacert replay` like ``replay(_:)``, handing the output to `sink` in pieces (about a
/// megabyte each) instead of building it whole: the fast way to write a large replay to a file
/// or stdout. `sink` is called only once the whole input has been checked, so a bad input
/// throws a ``ReplayError`` before any output; an error `sink` throws stops the replay.
public func replay(_ input: Data, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    let (history, scheduler) = try decodeReplay(input)
    try history.write(by: scheduler) { try sink(UnsafeRawBufferPointer($0)) }
}

/// Decodes and checks a replay input and builds its scheduler.
private func decodeReplay(_ input: Data) throws(ReplayError) -> (ReplayHistory, Scheduler) {
    let decoded = input.withUnsafeBytes { raw in
        Result { () throws(ReplayError) in try ReplayHistory(decoding: raw.bindMemory(to: UInt8.self)) }
    }
    let history = try decoded.get()
    return (history, Scheduler(parameters: try history.schedulerParameters()))
}

/// A decoded `replay` input: settings, and every card's reviews in flat arrays.
struct ReplayHistory: Sendable {
    /// One card: its id and where its reviews lie in the flat arrays.
    struct Entry: Sendable {
        var id: String
        /// The id as it is written in the output (a JSON string, or a number as given).
        var idJSON: [UInt8]
        var reviews: Range<Int>
    }

    var retention = 0.9
    var enableFuzzing = false
    var learningStepsMinutes: [Double] = [1, 10]
    var relearningStepsMinutes: [Double] = [10]
    var maximumInterval = 36500
    var weights: [Double]?
    var cards: [Entry] = []
    var ratings: [Rating] = []
    var times: [Int64] = []

    /// The scheduler settings the input asks for.
    func schedulerParameters() throws(ReplayError) -> SchedulerParameters {
        do {
            return try SchedulerParameters(
                weights: weights ?? SchedulerParameters.defaultWeights, desiredRetention: retention,
                learningSteps: learningStepsMinutes.map { $0 * 60 },
                relearningSteps: relearningStepsMinutes.map { $0 * 60 },
                maximumInterval: maximumInterval, enableFuzzing: enableFuzzing)
        } catch {
            throw ReplayError(error.description)
        }
    }

    /// Runs the scheduler over every history and hands the output document to `sink` in order.
    ///
    /// Cards go in batches of about `batchReviews` reviews, one batch per core at a time, each
    /// written into a buffer that is reused: the output is the same as a single pass, and only a
    /// few megabytes of memory are touched however long the input is.
    func write(
        by scheduler: Scheduler, batchReviews: Int = 8192,
        into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        let workers =
            ratings.count < 2 * batchReviews
            ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var buffers = (0..<workers).map { _ in ByteWriter(capacity: batchReviews * 180) }
        defer { buffers.forEach { $0.discard() } }
        let header: StaticString = #"{"version":1,"cards":["#
        let footer: StaticString = "]}"
        try sink(UnsafeBufferPointer(start: header.utf8Start, count: header.utf8CodeUnitCount))
        var next = 0
        while next < cards.count {
            var found: [Range<Int>] = []
            while found.count < workers && next < cards.count {
                let start = next
                var reviews = 0
                while next < cards.count && (next == start || reviews < batchReviews) {
                    reviews += cards[next].reviews.count
                    next += 1
                }
                found.append(start..<next)
            }
            let batches = found
            if batches.count == 1 {
                buffers[0].removeAll()
                appendCards(batches[0], by: scheduler, to: &buffers[0])
            } else {
                buffers.withUnsafeMutableBufferPointer { buffers in
                    nonisolated(unsafe) let buffers = buffers
                    DispatchQueue.concurrentPerform(iterations: batches.count) { index in
                        // A local copy: writers side by side in the array would share a cache line.
                        var buffer = buffers[index]
                        buffer.removeAll()
                        appendCards(batches[index], by: scheduler, to: &buffer)
                        buffers[index] = buffer
                    }
                }
            }
            for index in batches.indices {
                try sink(UnsafeBufferPointer(start: buffers[index].base, count: buffers[index].count))
            }
        }
        try sink(UnsafeBufferPointer(start: footer.utf8Start, count: footer.utf8CodeUnitCount))
    }

    /// Appends the output of some cards, each but the very first preceded by a comma.
    private func appendCards(_ range: Range<Int>, by scheduler: Scheduler, to out: inout ByteWriter) {
        let fuzzing = scheduler.parameters.enableFuzzing
        for cardNumber in range {
            let entry = cards[cardNumber]
            if cardNumber > 0 { out.append(UInt8(ascii: ",")) }
            out.append(#"{"id":"#)
            entry.idJSON.withUnsafeBufferPointer { out.append($0) }
            out.append(#","reviews":["#)
            var card = CardCore(due: entry.reviews.isEmpty ? 0 : times[entry.reviews.lowerBound])
            let seedPrefix = fuzzing ? SeededRandom.fnv1a64(entry.id.utf8 + [UInt8(ascii: "|")]) : 0
            var generator = SeededRandom(seed: 0)
            for index in entry.reviews {
                let now = times[index]
                let retrievability = card.retrievability(scheduler: scheduler, at: now)
                if fuzzing {
                    generator = SeededRandom(
                        seed: SeededRandom.fnv1a64(
                            String(index - entry.reviews.lowerBound).utf8, continuing: seedPrefix))
                }
                card = card.reviewed(
                    by: scheduler, rating: ratings[index], at: now, fuzzing: fuzzing, using: &generator)
                if index > entry.reviews.lowerBound { out.append(UInt8(ascii: ",")) }
                appendReview(card, retrievability: retrievability, to: &out)
            }
            out.append("]}")
        }
    }

    private func appendReview(_ card: CardCore, retrievability: Double, to out: inout ByteWriter) {
        switch card.state {
        case .learning: out.append(#"{"state":"Learning","step":"#)
        case .review: out.append(#"{"state":"Review","step":"#)
        case .relearning: out.append(#"{"state":"Relearning","step":"#)
        }
        if let step = card.step {
            out.appendInteger(step)
        } else {
            out.append("null")
        }
        out.append(#","stability":"#)
        out.appendDouble(card.stability ?? 0)
        out.append(#","difficulty":"#)
        out.appendDouble(card.difficulty ?? 0)
        out.append(#","retrievability":"#)
        out.appendDouble(retrievability)
        out.append(#","due":""#)
        Timestamp.append(card.due, to: &out)
        out.append(#""}"#)
    }
}
