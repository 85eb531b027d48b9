import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert audit`: checks the exam ledger's hash chain and its signed checkpoints.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check that no exam record was edited, deleted or inserted.",
        discussion: """
            Every exam event is a ledger row chained to the one before by SHA-256, and each start, result and \
            grant appends a checkpoint: the ledger's head, signed with the spa's key (--key). The newest \
            checkpoint is also kept outside the store (--checkpoint-file, else <key>.checkpoint). The audit \
            recomputes the chain and checks every checkpoint against it and the key, and the outside copy \
            against the store: an edited row, a rechained ledger, rows cut from its end and a deleted -wal \
            each show. Entries written before the first checkpoint (an older ledger's) are counted as \
            unsigned. --checkpoint signs the head as it is now: on a shared PostgreSQL store, whose branch \
            terminals hold no key and sign nothing, run it at the manager's desk (after 'spacert certificate \
            issue', by hand or from cron). Exit 0 when all is whole, 1 with each problem.
            """)

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Flag(
        help:
            "Append a signed checkpoint of the ledger's head (when it checks out) and copy it outside the store."
    )
    var checkpoint = false

    @Option(help: "A head hash noted earlier, which the ledger must still contain.")
    var expectHead: String?

    @OptionGroup var store: StoreOption
    @OptionGroup var ledgerKey: LedgerKeyOption

    func run() throws {
        let progress = try store.open()
        let trust = ledgerKey.trust
        var audit = try progress.auditLedger(trust: trust)
        if let expectHead, !(try progress.ledgerContains(hash: expectHead)) {
            audit.problems.append(
                .init(
                    seq: 0,
                    message:
                        "the ledger no longer holds the head \(sanitize(expectHead)) noted earlier: rows were "
                        + "cut off or replaced"))
        }
        var made: LedgerCheckpoint?
        // A missing outside copy is what --checkpoint puts right; any other problem stops it.
        if checkpoint && audit.problems.count == (audit.outsideMissing ? 1 : 0) {
            made = try progress.appendCheckpoint(
                signer: try ledgerKey.signer(), at: try SpacertEnvironment().now())
            if made != nil { audit = try progress.auditLedger(trust: trust) }
        }
        if json {
            var object: [String: Any] = [
                "version": 1, "intact": audit.intact, "entries": audit.entries, "attempts": audit.attempts,
                "results": audit.results, "head": audit.head, "checkpoints": audit.checkpoints,
                "unsigned_before_first_checkpoint": audit.unsignedBefore,
                "after_newest_checkpoint": audit.unsignedAfter,
                "problems": audit.problems.map(\.json),
            ]
            if let newest = audit.newestCheckpoint {
                object["newest_checkpoint"] =
                    [
                        "entry": newest.seq, "head": newest.head, "at": ISO8601.format(newest.at),
                    ] as [String: Any]
            }
            try printJSON(object)
        } else {
            let place = sanitize(progress.path)
            for problem in audit.problems { print("\(place): error: \(sanitize(problem.message))") }
            if audit.unsignedBefore > 0 && audit.entries > 0 {
                print(
                    "\(place): note: \(audit.unsignedBefore) entr\(audit.unsignedBefore == 1 ? "y" : "ies") before "
                        + "the first checkpoint, unsigned (checked by the hash chain only)")
            }
            if let newest = audit.newestCheckpoint {
                print(
                    "checkpoints: \(audit.checkpoints), the newest of entry \(newest.seq) made "
                        + "\(ISO8601.format(newest.at))"
                        + (audit.unsignedAfter > 0
                            ? "; \(audit.unsignedAfter) entries since, not yet signed" : "")
                        + (made != nil ? " (made now)" : ""))
            }
            print(
                "exam ledger: \(audit.entries) entries, \(audit.attempts) attempts, \(audit.results) results; "
                    + (audit.intact
                        ? "chain intact"
                        : "\(audit.problems.count) problem\(audit.problems.count == 1 ? "" : "s")")
                    + "; head \(audit.head)")
        }
        if !audit.intact { throw ExitCode(1) }
    }
}

extension LedgerAudit.Problem {
    /// A problem as `--json` shows it (`audit`, `certificate issue`): the ledger row and what is wrong.
    var json: [String: Any] { ["entry": seq, "message": message] }
}
