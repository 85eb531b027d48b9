import Foundation

/// Runs `spacert replay`: recomputes every card's FSRS state after each review in its history.
///
/// `input` and the result are the JSON documents of PROTOCOL.md ("spacert replay"). The whole
/// input is checked before anything is computed, so a bad input gives an error and no output.
/// With `"enable_fuzzing": true`, review `i` of card `id` draws its fuzz from
/// `SeededRandom(seed: "<id>|<i>")`, so a replay is reproducible.
/// The output is compact JSON with no trailing newline.
public func replay(_ input: Data) throws(ReplayError) -> Data {
    let decoded = input.withUnsafeBytes { raw in Result { () throws(ReplayError) in try decodeReplay(raw) } }
    let (history, scheduler) = try decoded.get()
    var out = ByteWriter(capacity: 64 + history.cards.count * 48 + history.ratings.count * 170)
    history.write(by: scheduler) { out.append($0) }
    return out.data()
}

/// Runs `spacert replay` like ``replay(_:)``, handing the output to `sink` in pieces (some
/// hundreds of kilobytes each) instead of building it whole: the fast way to write a large
/// replay to a file or stdout. `sink` is called only once the whole input has been checked, so
/// a bad input throws a ``ReplayError`` before any output; an error `sink` throws stops the replay.
public func replay(_ input: Data, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    try input.withUnsafeBytes { raw in try replay(bytes: raw, into: sink) }
}

/// Runs `spacert replay` like ``replay(_:into:)`` on input bytes already in memory (a mapped
/// file, say), without copying them into a `Data`.
///
/// While `sink` writes one piece, other cores compute the next ones: `sink` is always called on
/// the calling thread, in order.
public func replay(bytes input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
    throws
{
    let (history, scheduler) = try decodeReplay(input)
    try history.write(by: scheduler) { try sink(UnsafeRawBufferPointer($0)) }
}

/// How long each phase of one replay took in process: `spacert replay --timings`.
public struct ReplayPhases: Sendable, Hashable {
    /// Reviews in the input.
    public var reviews = 0
    /// Cards in the input.
    public var cards = 0
    /// Bytes of output.
    public var outputBytes = 0
    /// Threads that computed the output.
    public var threads = 1
    /// Reading and checking the JSON input into flat arrays.
    public var decode: Duration = .zero
    /// The scheduler alone over every review on one thread, each state kept in an array: the
    /// counterpart of the loop py-fsrs's benchmark times (no parsing, no output).
    public var schedule: Duration = .zero
    /// Scheduling every review again and writing the whole output JSON into memory, on
    /// ``threads`` threads.
    public var replay: Duration = .zero
    /// Handing the output to the sink (writing it to stdout), once, after ``replay``.
    public var write: Duration = .zero

    /// Runs a replay of `input` phase by phase, timing each, and hands the output to `sink`
    /// in one piece. The output is the same as ``replay(bytes:into:)`` gives; only the phases
    /// run one after another instead of overlapping.
    public static func measure(
        _ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> ReplayPhases {
        let clock = ContinuousClock()
        var phases = ReplayPhases()
        var start = clock.now
        let (history, scheduler) = try decodeReplay(input)
        phases.decode = start.duration(to: clock.now)
        phases.reviews = history.ratings.count
        phases.cards = history.cards.count

        start = clock.now
        let states = history.scheduleOnly(by: scheduler)
        phases.schedule = start.duration(to: clock.now)
        withExtendedLifetime(states) {}

        var out = ByteWriter(capacity: 64 + history.cards.count * 48 + history.ratings.count * 170)
        defer { out.discard() }
        start = clock.now
        phases.threads = history.write(by: scheduler) { out.append($0) }
        phases.replay = start.duration(to: clock.now)
        phases.outputBytes = out.count

        start = clock.now
        try sink(UnsafeRawBufferPointer(start: out.base, count: out.count))
        phases.write = start.duration(to: clock.now)
        return phases
    }
}

/// Decodes and checks a replay input and builds its scheduler.
private func decodeReplay(_ input: UnsafeRawBufferPointer) throws(ReplayError) -> (ReplayHistory, Scheduler) {
    let history = try ReplayHistory(decoding: input.bindMemory(to: UInt8.self))
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

    /// Runs the scheduler over every history and hands the output document to `sink` in order,
    /// on the calling thread; returns how many threads computed it.
    ///
    /// Cards go in batches of about `batchReviews` reviews. With more than one core (and more
    /// than one batch), `workers` threads (one per core by default) compute batches into a ring
    /// of reused buffers while the calling thread hands finished ones to `sink`: the output is
    /// the same as a single pass, and only a few megabytes of memory are touched however long
    /// the input is.
    @discardableResult
    func write(
        by scheduler: Scheduler, batchReviews: Int = 4096, workers: Int? = nil,
        into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows -> Int {
        // Batch i is cards[bounds[i]..<bounds[i + 1]] (plain Ints: an array of ranges would make
        // the runtime look up Int's conformances when the process starts).
        let bounds = batchBounds(ofReviews: batchReviews)
        let batchCount = bounds.count - 1
        let workers = min(workers ?? Self.cores, batchCount)
        let header: StaticString = #"{"version":1,"cards":["#
        let footer: StaticString = "]}"
        try sink(UnsafeBufferPointer(start: header.utf8Start, count: header.utf8CodeUnitCount))
        if workers <= 1 {
            var buffer = ByteWriter(capacity: batchReviews * 160)
            defer { buffer.discard() }
            for index in 0..<batchCount {
                buffer.removeAll()
                appendCards(bounds[index]..<bounds[index + 1], by: scheduler, to: &buffer)
                try sink(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
            }
        } else {
            let ring = BatchRing(batches: batchCount, slots: 2 * workers, capacity: batchReviews * 160)
            let group = DispatchGroup()
            for _ in 0..<workers {
                DispatchQueue.global().async(group: group) { [self] in
                    while let index = ring.claim() {
                        let slot = ring.slot(of: index)
                        var buffer = ring.buffers[slot]
                        buffer.removeAll()
                        appendCards(bounds[index]..<bounds[index + 1], by: scheduler, to: &buffer)
                        ring.buffers[slot] = buffer
                        ring.computed(index)
                    }
                }
            }
            defer {
                // Normally every worker is done; after an error from `sink`, stop them.
                ring.stop()
                group.wait()
                ring.discard()
            }
            for index in 0..<batchCount {
                ring.waitUntilComputed(index)
                let buffer = ring.buffers[ring.slot(of: index)]
                defer { ring.written(index) }
                try sink(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
            }
        }
        try sink(UnsafeBufferPointer(start: footer.utf8Start, count: footer.utf8CodeUnitCount))
        return workers
    }

    /// The cores online (at least 1, at most 8).
    static var cores: Int {
        #if os(Linux)
            // ProcessInfo.activeProcessorCount reads cgroup files through URLs, a good part of
            // a millisecond at start-up; sysconf is one call (it does not see an affinity mask,
            // and an extra worker on a shared core costs little).
            return max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8))
        #else
            return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        #endif
    }

    /// Where batches of at least `reviews` reviews each begin, and the end: batch `i` is
    /// `cards[bounds[i]..<bounds[i + 1]]` (the last may have fewer reviews; a card is never split;
    /// no cards make one empty batch).
    func batchBounds(ofReviews reviews: Int) -> [Int] {
        var bounds = [0]
        var count = 0
        for index in cards.indices {
            count += cards[index].reviews.count
            if count >= reviews && index + 1 < cards.count {
                bounds.append(index + 1)
                count = 0
            }
        }
        bounds.append(cards.count)
        return bounds
    }

    /// Every card's state after each review, without fuzz or output: what py-fsrs's benchmark
    /// loop computes, for ``ReplayPhases/schedule``.
    func scheduleOnly(by scheduler: Scheduler) -> [(CardCore, Double)] {
        var states: [(CardCore, Double)] = []
        states.reserveCapacity(ratings.count)
        var unused = SeededRandom(seed: 0)
        for entry in cards {
            var card = CardCore(due: entry.reviews.isEmpty ? 0 : times[entry.reviews.lowerBound])
            for index in entry.reviews {
                let now = times[index]
                let retrievability = card.retrievability(scheduler: scheduler, at: now)
                card = card.reviewed(
                    by: scheduler, rating: ratings[index], at: now, retrievability: retrievability,
                    fuzzing: false, using: &unused)
                states.append((card, retrievability))
            }
        }
        return states
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
                    by: scheduler, rating: ratings[index], at: now, retrievability: retrievability,
                    fuzzing: fuzzing, using: &generator)
                if index > entry.reviews.lowerBound { out.append(UInt8(ascii: ",")) }
                appendReview(card, retrievability: retrievability, to: &out)
            }
            out.append("]}")
        }
    }

    /// The most bytes one review's object takes, numbers and time at their longest.
    private static let maximumReviewLength = 256

    @inline(__always)
    private func appendReview(_ card: CardCore, retrievability: Double, to out: inout ByteWriter) {
        // One check for room: the literals below are copied without one.
        out.reserve(Self.maximumReviewLength)
        switch card.state {
        case .learning: out.appendUnchecked(#"{"state":"Learning","step":"#)
        case .review: out.appendUnchecked(#"{"state":"Review","step":"#)
        case .relearning: out.appendUnchecked(#"{"state":"Relearning","step":"#)
        }
        if let step = card.step {
            if step >= 0 && step < 10 {
                out.appendUnchecked(UInt8(truncatingIfNeeded: step) &+ 48)
            } else {
                out.appendInteger(step)
            }
        } else {
            out.appendUnchecked("null")
        }
        out.appendUnchecked(#","stability":"#)
        out.appendDouble(card.stability ?? 0)
        out.appendUnchecked(#","difficulty":"#)
        out.appendDouble(card.difficulty ?? 0)
        out.appendUnchecked(#","retrievability":"#)
        out.appendDouble(retrievability)
        out.appendUnchecked(#","due":""#)
        Timestamp.append(card.due, to: &out)
        out.append(#""}"#)
    }
}

/// The buffers and bookkeeping of ``ReplayHistory/write(by:batchReviews:workers:into:)`` when
/// several threads compute: batch `i` is computed into slot `i % slots` once batch `i - slots`
/// has been handed on, and handed on once computed, in order.
private final class BatchRing: @unchecked Sendable {
    /// Each slot's buffer; a slot belongs to one thread at a time, as the condition says.
    let buffers: UnsafeMutablePointer<ByteWriter>
    private let slots: Int
    private let batches: Int
    private let condition = NSCondition()
    /// Batches taken by workers.
    private var claimed = 0
    /// Batches handed on by the writer.
    private var handedOn = 0
    /// The batch each slot holds, computed; -1 for none.
    private var holds: [Int]
    private var stopped = false

    init(batches: Int, slots: Int, capacity: Int) {
        self.batches = batches
        self.slots = slots
        buffers = .allocate(capacity: slots)
        for slot in 0..<slots { (buffers + slot).initialize(to: ByteWriter(capacity: capacity)) }
        holds = Array(repeating: -1, count: slots)
    }

    func slot(of batch: Int) -> Int { batch % slots }

    /// For a worker: the next batch, once its slot is free; nil when all are taken or the ring
    /// was stopped.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped && claimed < batches else { return nil }
        let batch = claimed
        claimed += 1
        while !stopped && batch - handedOn >= slots { condition.wait() }
        return stopped ? nil : batch
    }

    /// For a worker: `batch` is in its slot.
    func computed(_ batch: Int) {
        condition.lock()
        holds[slot(of: batch)] = batch
        condition.broadcast()
        condition.unlock()
    }

    /// For the writer: waits until `batch` is in its slot.
    func waitUntilComputed(_ batch: Int) {
        condition.lock()
        while holds[slot(of: batch)] != batch { condition.wait() }
        condition.unlock()
    }

    /// For the writer: `batch` was handed on; its slot is free.
    func written(_ batch: Int) {
        condition.lock()
        handedOn = batch + 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops handing out batches and wakes waiting workers.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Frees the buffers (once every worker is done).
    func discard() {
        for slot in 0..<slots { buffers[slot].discard() }
        buffers.deinitialize(count: slots)
        buffers.deallocate()
    }
}
