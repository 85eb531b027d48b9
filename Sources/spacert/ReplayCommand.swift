import ArgumentParser
import Foundation
import SpacertFSRS

/// `spacert replay`: recompute FSRS card states from review histories.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Recompute FSRS-6 card states from review histories (JSON in, JSON out).",
        discussion: "Reads FILE, or stdin without one. See PROTOCOL.md for the shapes.")

    @Argument(
        help: "A JSON file of review histories (default: stdin).", completion: .file(extensions: ["json"]))
    var file: String?

    func run() throws {
        let input: Data
        do {
            if let file {
                input = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
            } else {
                input = FileHandle.standardInput.readDataToEndOfFile()
            }
        } catch {
            Diagnostics.fail("\(file ?? "stdin"): cannot read: \(error.localizedDescription)")
        }
        do {
            try replay(input) { chunk in
                FileHandle.standardOutput.write(Data(chunk))
            }
            FileHandle.standardOutput.write(Data("\n".utf8))
        } catch let error as ReplayError {
            Diagnostics.say("spacert: error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
