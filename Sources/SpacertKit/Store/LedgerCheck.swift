import Foundation

/// One pass over the whole exam ledger that recomputes every hash link and compares the
/// signed checkpoints (in the store, and the copy outside it) with the rows they sign. It is
/// what `spacert audit` reports and what every reader of exam results trusts a row by: a result
/// is trusted when its row and every row after it up to a checkpoint that verifies are whole.
struct LedgerCheck {
    var entries = 0
    var attemptCount = 0
    var results = 0
    /// The newest row's hash.
    var head = LedgerEntry.genesis
    var lastSeq: Int64 = 0
    var problems: [LedgerAudit.Problem] = []
    /// Entries where the chain does not hold, ascending (an altered row, a broken link, an
    /// entry a checkpoint signed differently or that a forged checkpoint names).
    private(set) var breaks: [Int64] = []
    /// Entries vouched for by a checkpoint that verifies, ascending.
    private(set) var signed: [Int64] = []
    var checkpoints: [LedgerCheckpoint] = []
    var outside: LedgerCheckpoint?
    /// Whether checkpoints could be checked against the spa's key.
    var keyKnown = false
    /// Whether the store has checkpoints but the copy outside it is missing (audit only).
    var outsideMissing = false

    /// Walks the ledger in `tx`. `collect` sees every row (seq, kind, row) as it is read.
    /// With `verifyAllSignatures`, every checkpoint's signature is checked (the audit); else only
    /// the newest ones needed (a checkpoint vouches for every row before it).
    init(
        _ tx: any StoreTransaction, trust: LedgerTrust, verifyAllSignatures: Bool,
        collect: (Int64, LedgerEntry.Kind, LedgerWalkRow) throws -> Void = { _, _, _ in }
    ) throws {
        keyKnown = trust.publicKey != nil
        checkpoints = try tx.checkpoints()
        if let path = trust.outsidePath {
            do {
                outside = try LedgerCheckpoint.readOutside(path: path)
            } catch {
                problems.append(.init(seq: 0, message: "\(error)"))
            }
        }
        var named = Set(checkpoints.map(\.seq))
        if let outside { named.insert(outside.seq) }
        var hashes: [Int64: (stored: String, whole: Bool)] = [:]

        var previous = LedgerEntry.genesis
        var expectedSeq: Int64 = 1
        var attempts = Set<String>()
        try tx.walkLedger { row in
            entries += 1
            let seq = row.seq
            let attempt = row.attempt
            let kindText = row.kind
            let stored = row.hash
            let storedPrevious = row.previousHash
            func place() -> String { "entry \(seq) (attempt \(attempt), \(kindText))" }
            var whole = true
            if seq != expectedSeq {
                whole = false
                problems.append(
                    .init(
                        seq: seq,
                        message: seq > expectedSeq
                            ? "entries \(expectedSeq) to \(seq - 1) are missing: rows were deleted"
                            : "\(place()) is out of sequence"))
            }
            if storedPrevious != previous {
                whole = false
                problems.append(
                    .init(
                        seq: seq,
                        message: "\(place()) does not follow the entry before it: a row before it was "
                            + "altered, deleted or inserted"))
            }
            if let kind = LedgerEntry.Kind(rawValue: kindText) {
                let recomputed = LedgerEntry.chainHash(
                    previous: storedPrevious, seq: seq, attempt: attempt, traineeID: row.traineeID,
                    kind: kind,
                    atMicros: row.atMicros, bodyBytes: row.body)
                if recomputed != stored {
                    whole = false
                    problems.append(
                        .init(
                            seq: seq, message: "\(place()) was altered: its content does not match its hash"))
                }
                if kind == .start { attempts.insert(attempt) }
                if kind == .result { results += 1 }
                try collect(seq, kind, row)
            } else {
                whole = false
                problems.append(.init(seq: seq, message: "\(place()) has an unknown kind '\(kindText)'"))
            }
            if !whole { breaks.append(seq) }
            if named.contains(seq) { hashes[seq] = (stored, whole) }
            previous = stored
            expectedSeq = seq + 1
            lastSeq = seq
        }
        attemptCount = attempts.count
        head = previous

        // The checkpoints, newest first: each must name an entry that is there and hashes to
        // its head; signatures are checked as far as needed.
        var verifiedNewest = false
        var candidates = checkpoints.enumerated().map { (number: $0.offset + 1, checkpoint: $0.element) }
        candidates.reverse()
        for (number, checkpoint) in candidates {
            let what =
                "checkpoint \(number) (of entry \(checkpoint.seq), made \(ISO8601.format(checkpoint.at)))"
            guard checkpoint.seq <= lastSeq, let hash = hashes[checkpoint.seq] else {
                problems.append(
                    .init(
                        seq: checkpoint.seq,
                        message: "\(what) signs an entry the ledger no longer holds (it ends at entry "
                            + "\(lastSeq)): rows were deleted from its end"))
                breaks.append(lastSeq + 1)
                continue
            }
            guard hash.stored == checkpoint.head else {
                problems.append(
                    .init(
                        seq: checkpoint.seq,
                        message: "\(what) signed head \(checkpoint.head.prefix(16))…, but the entry now "
                            + "hashes to \(hash.stored.prefix(16))…: the ledger was rewritten (rechained)"))
                breaks.append(checkpoint.seq)
                continue
            }
            guard let key = trust.publicKey else {
                if hash.whole { signed.append(checkpoint.seq) }
                continue
            }
            if verifiedNewest && !verifyAllSignatures {
                if hash.whole { signed.append(checkpoint.seq) }
                continue
            }
            if checkpoint.isSigned(by: key) {
                verifiedNewest = true
                if hash.whole { signed.append(checkpoint.seq) }
            } else {
                problems.append(
                    .init(
                        seq: checkpoint.seq,
                        message: "\(what) is not signed by the spa's key (\(key.fingerprint.prefix(16))…): "
                            + "it was forged or altered"))
                breaks.append(checkpoint.seq)
            }
        }
        if let outside, let path = trust.outsidePath {
            let what =
                "the checkpoint kept outside the store ('\(path)', of entry \(outside.seq), made "
                + "\(ISO8601.format(outside.at)))"
            if let key = trust.publicKey, !outside.isSigned(by: key) {
                problems.append(
                    .init(seq: 0, message: "\(what) is not signed by the spa's key: it was forged or altered")
                )
            } else if outside.seq > lastSeq {
                problems.append(
                    .init(
                        seq: outside.seq,
                        message:
                            "\(what) signs an entry the ledger does not hold (it ends at entry \(lastSeq)): "
                            + "the store lost its newest rows (a deleted -wal, an old backup put back, or rows "
                            + "cut from its end)"))
                breaks.append(lastSeq + 1)
            } else if let hash = hashes[outside.seq], hash.stored != outside.head {
                problems.append(
                    .init(
                        seq: outside.seq,
                        message:
                            "\(what) signed head \(outside.head.prefix(16))…, but the entry now hashes to "
                            + "\(hash.stored.prefix(16))…: the ledger was rewritten (rechained)"))
                breaks.append(outside.seq)
            } else if let hash = hashes[outside.seq], hash.whole {
                signed.append(outside.seq)
            }
        } else if !checkpoints.isEmpty, let path = trust.outsidePath, verifyAllSignatures {
            // The audit's concern: an exam does not stop for it (the copy is written just after
            // each commit, so another spacert may be between the two).
            outsideMissing = true
            problems.append(
                .init(
                    seq: 0,
                    message:
                        "there is no copy of the newest checkpoint outside the store at '\(path)', so rows "
                        + "cut from the ledger's end could not be noticed ('spacert audit --checkpoint' writes one)"
                ))
        }
        // `.chainOnly` asks for the chain alone; a caller naming the outside copy expects the key.
        if !checkpoints.isEmpty && trust.publicKey == nil && trust.outsidePath != nil {
            problems.append(
                .init(
                    seq: 0,
                    message:
                        "the checkpoints' signatures cannot be checked: the spa's public key was not found "
                        + "(pass --key with the signing key, or put its .pub beside it)"))
        }
        breaks.sort()
        signed.sort()
    }

    /// Whether the problems leave the ledger whole.
    var intact: Bool { problems.isEmpty }

    /// Entries written before the first checkpoint (never signed when written).
    var unsignedBefore: Int {
        guard let first = checkpoints.first?.seq else { return entries }
        return Int(max(0, first - 1))
    }

    /// Entries after the newest checkpoint (not yet signed).
    var unsignedAfter: Int {
        let newest = max(checkpoints.last?.seq ?? 0, outside?.seq ?? 0)
        return Int(max(0, lastSeq - newest))
    }

    /// Whether the row at `seq` can be trusted: no break from it up to the first checkpoint
    /// after it that verifies (or, with no checkpoint after it, up to the ledger's end).
    func trusts(seq: Int64) -> Bool {
        let cover = Self.firstIndex(in: signed, atLeast: seq).map { signed[$0] } ?? Int64.max
        guard let breakIndex = Self.firstIndex(in: breaks, atLeast: seq) else { return true }
        return breaks[breakIndex] > cover
    }

    /// The index of the first value ≥ `value` in ascending `values`.
    private static func firstIndex(in values: [Int64], atLeast value: Int64) -> Int? {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < values.count ? low : nil
    }

    /// The audit's summary.
    var audit: LedgerAudit {
        LedgerAudit(
            entries: entries, attempts: attemptCount, results: results, head: head, problems: problems,
            checkpoints: checkpoints.count, unsignedBefore: unsignedBefore, unsignedAfter: unsignedAfter,
            newestCheckpoint: checkpoints.last, outside: outside, outsideMissing: outsideMissing)
    }
}

extension ProgressStore {
    /// Walks the whole ledger, recomputes every link and checks every checkpoint's signature:
    /// an edited, deleted or inserted row, a rechained ledger, a cut end, or a body that no
    /// longer reads is a problem at the row where it shows.
    public func auditLedger(trust: LedgerTrust = .chainOnly) throws -> LedgerAudit {
        try read { tx in try LedgerCheck(tx, trust: trust, verifyAllSignatures: true).audit }
    }

    /// Graded attempts, oldest first: the trainee's, or everyone's. The one reader of exam
    /// results: every row is checked as ``LedgerCheck`` walks the ledger, and a result whose
    /// row does not check out is marked ``ExamResult/recordAltered`` (not passed, no
    /// certificate). A trusted pass whose row names no certificate (recorded without the key at a
    /// branch terminal) gets the one the manager's desk issued for it later, if any. Bodies are read with ``ExamResultReader`` (``ExamCoding`` when it cannot).
    public func examResults(trainee: Trainee.ID? = nil, trust: LedgerTrust = .chainOnly) throws
        -> [ExamResult]
    {
        try read { tx in try Self.examResults(tx, trainee: trainee, trust: trust).results }
    }

    /// The result of one attempt through the same reader, or nil when it has none.
    public func examResult(attempt: String, trust: LedgerTrust = .chainOnly) throws -> ExamResult? {
        try read { tx in try Self.examResults(tx, attempt: attempt, trust: trust).results.first }
    }

    /// Reads results in `tx` (see ``examResults(trainee:trust:)``), with the check made.
    static func examResults(
        _ tx: any StoreTransaction, trainee: Trainee.ID? = nil, attempt: String? = nil, trust: LedgerTrust
    ) throws -> (results: [ExamResult], check: LedgerCheck) {
        let decoder = ResultDecoder()
        let check = try LedgerCheck(tx, trust: trust, verifyAllSignatures: false) { seq, kind, row in
            guard kind == .result else { return }
            let owner = row.traineeID
            if let trainee, owner != trainee { return }
            if let attempt, row.attempt != attempt { return }
            // A copy: the row's bytes are valid only until the walk moves on.
            let body = row.body.baseAddress.map { Data(bytes: $0, count: row.body.count) } ?? Data()
            decoder.add(.init(seq: seq, attempt: row.attempt, trainee: owner, body: body))
        }
        let found = try decoder.finish()
        var results = found.map { entry in
            var result = entry.result
            if !check.trusts(seq: entry.seq) || result.attemptID != entry.attempt
                || result.traineeID != entry.trainee
            {
                result.markAltered()
            }
            return result
        }
        // A pass recorded without the key (a branch terminal) names no certificate in its row;
        // the one the manager's desk issued later for it is in the store's certificates.
        let uncertified = results.indices.filter { results[$0].passed && results[$0].certificateID == nil }
        if !uncertified.isEmpty {
            let owner = trainee ?? (results.count == 1 ? results[0].traineeID : nil)
            let issued = Dictionary(
                try tx.certificates(trainee: owner).map { ($0.attempt, $0.id) },
                uniquingKeysWith: { first, _ in first })
            for index in uncertified { results[index].certificateID = issued[results[index].attemptID] }
        }
        return (results, check)
    }
}

/// Decodes result bodies on a second thread while ``LedgerCheck`` walks and hashes the ledger on
/// the caller's, a batch at a time (at most a few batches held), so reading a cohort's results
/// takes about the longer of the two rather than their sum. Bodies are read with
/// ``ExamResultReader``, and with ``ExamCoding`` when it cannot; the first that reads with
/// neither is the error ``finish()`` throws.
private final class ResultDecoder: @unchecked Sendable {
    struct Body {
        var seq: Int64
        var attempt: String
        var trainee: Int64
        var body: Data
    }

    typealias Found = (seq: Int64, result: ExamResult, attempt: String, trainee: Int64)

    private static let batchSize = 256
    private let queue = DispatchQueue(label: "spacert.exam-results")
    private let slots = DispatchSemaphore(value: 4)
    /// The caller's batch, touched only by the caller.
    private var batch: [Body] = []
    /// Touched only on `queue`.
    private let reader = ExamResultReader()
    private var found: [Found] = []
    private var failure: (any Error)?

    /// Queues a body, in ledger order.
    func add(_ body: Body) {
        batch.append(body)
        if batch.count >= Self.batchSize { send() }
    }

    /// Every result in ledger order, once all are decoded.
    func finish() throws -> [Found] {
        send()
        return try queue.sync {
            if let failure { throw failure }
            return found
        }
    }

    private func send() {
        guard !batch.isEmpty else { return }
        let work = batch
        batch = []
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            for item in work {
                do {
                    let fast = item.body.withUnsafeBytes { reader.read($0) }
                    let result =
                        try fast
                        ?? ExamCoding.decode(
                            ExamResult.self, from: String(decoding: item.body, as: UTF8.self))
                    found.append((item.seq, result, item.attempt, item.trainee))
                } catch {
                    failure = error
                    return
                }
            }
        }
    }
}
