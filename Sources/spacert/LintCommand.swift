import ArgumentParser
import Foundation
import SpacertKit

/// `spacert lint`: every problem in the banks, with its place.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check question banks and report every problem as path:line:col.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not run.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(
        help: "Bank files or folders (default: the banks folder).", completion: .file(extensions: ["xml"]))
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var banks: BanksOption

    func run() throws {
        let directory = banks.directory
        let targets = paths.isEmpty ? [directory] : paths
        var files: [String] = []
        for target in targets { files += try BankLoader.xmlFiles(under: target) }
        // Linting the whole banks folder checks that its policy is there.
        let set = try BankLoader.load(
            files: files, schemaDirectory: directory, retainQuestions: false,
            policyFolder: paths.isEmpty ? directory : nil)
        switch format {
        case .text:
            let text = LintReport.text(set)
            if !text.isEmpty { print(text) }
            Diagnostics.say(LintReport.summary(set))
        case .json:
            print(try LintReport.json(set))
        }
        if set.hasErrors { throw ExitCode(1) }
    }
}

/// `spacert banks`: what banks there are.
struct BanksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks", abstract: "List the question banks with their question counts.")

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @OptionGroup var banks: BanksOption

    func run() throws {
        let set = try BankLoader.loadAll(directory: banks.directory)
        print(json ? try LintReport.banksJSON(set) : LintReport.banksText(set))
        if set.hasErrors {
            Diagnostics.say("spacert: warning: the banks have errors; run 'spacert lint' to see them")
        }
    }
}
