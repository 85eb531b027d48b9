import Foundation
import SpacertCore
import SpacertFSRS

/// Runs `spacert replay`: recomputes every card's FSRS state after each review in its history.
///
/// `input` and the result are the JSON documents of docs/PROTOCOL.md ("spacert replay"). The whole
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
    // A large input gets its worker threads before decoding, so that they start while it is read.
    let pool = input.count >= ReplayHistory.poolThreshold && ReplayHistory.cores > 1 ? BatchPool() : nil
    defer { pool?.finish() }
    let (history, scheduler) = try decodeReplay(input, pool: pool)
    try history.write(by: scheduler, pool: pool) { try sink(UnsafeRawBufferPointer($0)) }
}

/// How long one replay took in process, and its phases: `spacert replay --timings`.
public struct ReplayPhases: Sendable, Hashable {
    /// Reviews in the input.
    public var reviews = 0
    /// Cards in the input.
    public var cards = 0
    /// Bytes of output.
    public var outputBytes = 0
    /// Threads that computed the output.
    public var threads = 1
    /// The whole replay as ``replay(bytes:into:)`` runs it: decoding, then computing and
    /// writing overlapped.
    public var engine: Duration = .zero
    /// Of ``engine``, the time spent in the sink (writing to stdout).
    public var write: Duration = .zero
    /// Reading and checking the JSON input into flat arrays (run again, alone).
    public var decode: Duration = .zero
    /// The scheduler alone over every review on one thread, each state kept in an array: the
    /// counterpart of the loop py-fsrs's benchmark times (no parsing, no output).
    public var schedule: Duration = .zero
    /// Scheduling every review and writing the output JSON into memory, on ``threads`` threads,
    /// the output then dropped (run again, alone).
    public var replay: Duration = .zero

    /// Runs ``replay(bytes:into:)`` on `input`, timing it and the time its output spends in
    /// `sink`; then, for the breakdown, decodes the input again, runs the scheduler alone, and
    /// replays into memory, timing each. The output goes to `sink` once, from the first run.
    public static func measure(
        _ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> ReplayPhases {
        let clock = ContinuousClock()
        var phases = ReplayPhases()
        var writing: Duration = .zero
        var start = clock.now
        try SpacertReplay.replay(bytes: input) { chunk in
            let before = clock.now
            try sink(chunk)
            writing += before.duration(to: clock.now)
            phases.outputBytes += chunk.count
        }
        phases.engine = start.duration(to: clock.now)
        phases.write = writing

        start = clock.now
        let (history, scheduler) = try decodeReplay(input)
        phases.decode = start.duration(to: clock.now)
        phases.reviews = history.ratings.count
        phases.cards = history.cards.count

        start = clock.now
        let states = history.scheduleOnly(by: scheduler)
        phases.schedule = start.duration(to: clock.now)
        withExtendedLifetime(states) {}

        start = clock.now
        phases.threads = history.write(by: scheduler) { _ in }
        phases.replay = start.duration(to: clock.now)
        return phases
    }
}

/// Decodes and checks a replay input and builds its scheduler.
private func decodeReplay(_ input: UnsafeRawBufferPointer, pool: BatchPool? = nil) throws(ReplayError) -> (
    ReplayHistory, Scheduler
) {
    let history = try ReplayHistory(decoding: input.bindMemory(to: UInt8.self), pool: pool)
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
    /// Threads to read a large input with (not part of the history).
    var pool: BatchPool?

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

    /// Inputs of at least this many bytes start their worker threads before decoding.
    static let poolThreshold = 1 << 20

    /// Runs the scheduler over every history and hands the output document to `sink` in order,
    /// on the calling thread; returns how many threads computed it.
    ///
    /// Cards go in batches of about `batchReviews` reviews. With more than one core (and more
    /// than one batch), `workers` threads (one per core by default, or those of `pool`) compute
    /// batches into a ring of reused buffers while the calling thread hands finished ones to
    /// `sink`: the output is the same as a single pass, and only a few megabytes of memory are
    /// touched however long the input is.
    @discardableResult
    func write(
        by scheduler: Scheduler, batchReviews: Int = BatchPool.batchReviews, workers: Int? = nil,
        pool: BatchPool? = nil, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows -> Int {
        // Batch i is cards[bounds[i]..<bounds[i + 1]] (plain Ints: an array of ranges would make
        // the runtime look up Int's conformances when the process starts).
        let bounds = batchBounds(ofReviews: batchReviews)
        let batchCount = bounds.count - 1
        let header: StaticString = #"{"version":1,"cards":["#
        let footer: StaticString = "]}"
        try sink(UnsafeBufferPointer(start: header.utf8Start, count: header.utf8CodeUnitCount))
        var threads = 1
        // A pool passed in is finished by its owner; one made here, here.
        let ownPool =
            pool == nil && batchCount > 1 && min(workers ?? Self.cores, batchCount) > 1
            ? BatchPool(workers: min(workers ?? Self.cores, batchCount), batchReviews: batchReviews) : nil
        defer { ownPool?.finish() }
        if let pool = pool ?? ownPool, batchCount > 1 {
            threads = pool.workers
            pool.start(batches: batchCount) { [self] index, buffer in
                appendCards(bounds[index]..<bounds[index + 1], by: scheduler, to: &buffer)
            }
            for index in 0..<batchCount {
                let buffer = pool.waitUntilComputed(index)
                defer { pool.written(index) }
                try sink(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
            }
        } else {
            var buffer = ByteWriter(capacity: batchReviews * 160)
            defer { buffer.discard() }
            for index in 0..<batchCount {
                buffer.removeAll()
                appendCards(bounds[index]..<bounds[index + 1], by: scheduler, to: &buffer)
                try sink(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
            }
        }
        try sink(UnsafeBufferPointer(start: footer.utf8Start, count: footer.utf8CodeUnitCount))
        return threads
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

/// Worker threads for ``ReplayHistory/write(by:batchReviews:workers:pool:into:)``, with the
/// buffers they compute batches into.
///
/// The threads start waiting as soon as the pool is made, before there is work: made before the
/// input is decoded, they are running by the time it is. ``start(batches:job:)`` hands them the
/// work: batch `i` is computed into slot `i % slots` once batch `i - slots` has been handed on,
/// and the writer takes batches in order. ``finish()`` stops the threads (once all batches are
/// handed on, or early after an error) and frees the buffers; call it exactly once.
final class BatchPool: @unchecked Sendable {
    /// Reviews per batch, by default.
    static let batchReviews = 2048
    /// What a worker does for batch `index`: append its output to the buffer.
    typealias Job = @Sendable (_ index: Int, _ buffer: inout ByteWriter) -> Void

    /// The number of worker threads.
    let workers: Int
    /// Each slot's buffer; a slot belongs to one thread at a time, as the condition says.
    private let buffers: UnsafeMutablePointer<ByteWriter>
    private let slots: Int
    private let condition = NSCondition()
    /// Threads still in their loop.
    private var running: Int
    private var job: Job?
    private var batches = 0
    /// Batches taken by workers.
    private var claimed = 0
    /// Batches handed on by the writer.
    private var handedOn = 0
    /// The batch each slot holds, computed; -1 for none.
    private var holds: [Int]
    private var stopped = false
    /// A task for one thread, apart from the batches, and whether it is done.
    private var aside: (@Sendable () -> Void)?
    private var asideDone = true

    /// Starts `workers` threads (one per core by default), with two buffers each.
    init(workers: Int? = nil, batchReviews: Int = BatchPool.batchReviews) {
        self.workers = max(1, workers ?? ReplayHistory.cores)
        slots = 2 * self.workers
        buffers = .allocate(capacity: slots)
        for slot in 0..<slots {
            (buffers + slot).initialize(to: ByteWriter(populatedCapacity: batchReviews * 160))
        }
        holds = Array(repeating: -1, count: slots)
        running = self.workers
        // Threads of their own, not Dispatch's: a pool made on a thread of Dispatch's (a Swift
        // task, say) must not wait for threads that Dispatch only starts once one is free.
        for _ in 0..<self.workers {
            Thread { [self] in
                work()
                condition.lock()
                running -= 1
                condition.broadcast()
                condition.unlock()
            }.start()
        }
    }

    /// What a thread takes next.
    private enum Work {
        case batch(Int, Job)
        case aside(@Sendable () -> Void)
    }

    private func work() {
        while let work = claim() {
            guard case .batch(let index, let job) = work else {
                if case .aside(let task) = work { task() }
                condition.lock()
                asideDone = true
                condition.broadcast()
                condition.unlock()
                continue
            }
            let slot = index % slots
            var buffer = buffers[slot]
            buffer.removeAll()
            job(index, &buffer)
            buffers[slot] = buffer
            condition.lock()
            holds[slot] = index
            condition.broadcast()
            condition.unlock()
        }
    }

    /// For a worker: the next batch, once there is work and its slot is free; nil when all
    /// are taken or the pool was stopped.
    private func claim() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while job == nil && aside == nil && !stopped { condition.wait() }
        if let task = aside {
            aside = nil
            return .aside(task)
        }
        guard !stopped && claimed < batches, let job else { return nil }
        let batch = claimed
        claimed += 1
        while !stopped && batch - handedOn >= slots { condition.wait() }
        return stopped ? nil : .batch(batch, job)
    }

    /// Has one thread run `task` (before any batches); ``waitAside()`` waits for it.
    func runAside(_ task: @escaping @Sendable () -> Void) {
        condition.lock()
        precondition(asideDone, "one task aside at a time")
        aside = task
        asideDone = false
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the task given to ``runAside(_:)`` is done.
    func waitAside() {
        condition.lock()
        while !asideDone { condition.wait() }
        condition.unlock()
    }

    /// Hands the threads `batches` batches to compute with `job`.
    func start(batches: Int, job: @escaping Job) {
        condition.lock()
        self.batches = batches
        self.job = job
        condition.broadcast()
        condition.unlock()
    }

    /// For the writer: waits until `batch` is computed and returns its buffer, which stays the
    /// writer's until ``written(_:)``.
    func waitUntilComputed(_ batch: Int) -> ByteWriter {
        condition.lock()
        while holds[batch % slots] != batch { condition.wait() }
        condition.unlock()
        return buffers[batch % slots]
    }

    /// For the writer: `batch` was handed on; its slot is free.
    func written(_ batch: Int) {
        condition.lock()
        handedOn = batch + 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the threads, waits for them to leave their loops, and frees the buffers.
    func finish() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
        for slot in 0..<slots { buffers[slot].discard() }
        buffers.deinitialize(count: slots)
        buffers.deallocate()
    }
}
