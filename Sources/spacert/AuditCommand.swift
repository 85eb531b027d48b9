import ArgumentParser
import Foundation
import SpacertKit

/// `spacert audit`: checks the exam ledger's hash chain.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check that no exam record was edited, deleted or inserted.",
        discussion: """
            Every exam event is a ledger row chained to the one before by SHA-256. Exit 0 when the chain \
            is whole, 1 with each break. Note the head hash it prints: a later audit whose ledger no \
            longer contains it shows that newer rows were cut off.
            """)

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Option(help: "A head hash noted earlier, which the ledger must still contain.")
    var expectHead: String?

    @OptionGroup var store: StoreOption

    func run() throws {
        let progress = try ProgressStore(path: store.path)
        var audit = try progress.auditLedger()
        if let expectHead, !(try progress.ledgerContains(hash: expectHead)) {
            audit.problems.append(
                .init(
                    seq: 0,
                    message:
                        "the ledger no longer holds the head \(expectHead) noted earlier: rows were cut off or replaced"
                ))
        }
        if json {
            let object: [String: Any] = [
                "version": 1, "intact": audit.intact, "entries": audit.entries, "attempts": audit.attempts,
                "results": audit.results, "head": audit.head,
                "problems": audit.problems.map { ["entry": $0.seq, "message": $0.message] as [String: Any] },
            ]
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for problem in audit.problems { print("\(progress.path): error: \(problem.message)") }
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
