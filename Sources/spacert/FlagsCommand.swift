import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert flags`: the questions trainees flagged, for editors, with where each is written.
struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags", abstract: "List questions trainees flagged as wrong or unclear, with file:line."
    )

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @OptionGroup var store: StoreOption
    @OptionGroup var banks: BanksOption

    func run() throws {
        let set = try BankLoader.loadAll(directory: banks.directory)
        let byID = Dictionary(set.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let progress = try store.open()
        let names = Dictionary(
            try progress.trainees(includingArchived: true).map { ($0.id, $0.name) },
            uniquingKeysWith: { first, _ in first })
        let flags = try progress.flags()
        if json {
            let entries: [[String: Any]] = flags.map { flag in
                var entry: [String: Any] = [
                    "question": flag.questionID, "rev": flag.questionRev, "note": flag.note,
                    "trainee": names[flag.traineeID] ?? "", "created": ISO8601.format(flag.created),
                ]
                if let question = byID[flag.questionID] {
                    entry["file"] = question.location.file
                    entry["line"] = question.location.line
                    entry["current_rev"] = question.rev
                }
                return entry
            }
            try printJSON(["version": 1, "flags": entries])
            return
        }
        if flags.isEmpty { Diagnostics.say("no flagged questions") }
        for flag in flags {
            let place = byID[flag.questionID].map { "\($0.location): " } ?? "(no longer in the banks): "
            let stale =
                byID[flag.questionID].map {
                    $0.rev != flag.questionRev ? " (since revised to rev \($0.rev))" : ""
                } ?? ""
            let note = flag.note.isEmpty ? "(no note)" : flag.note
            let line =
                "\(place)flag: '\(flag.questionID)' rev \(flag.questionRev)\(stale), by \(names[flag.traineeID] ?? "?") on \(ISO8601.format(flag.created)): \(note)"
            // One flag, one line: a newline in a note or a name shows as \n.
            print(sanitize(line, escapeNewlines: true))
        }
    }
}
