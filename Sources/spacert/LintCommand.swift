import ArgumentParser
import Foundation
import SpacertKit

/// `spacert lint`: every problem in the banks, with its place.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check question banks and report every problem as path:line:col.",
        discussion: """
            Every finding ends with its rule's id in brackets; QuestionBanks/README.md explains each \
            rule and how to accept a quality finding in the XML.
            Exit status: 0 no errors (warnings allowed unless --strict), 1 errors (or, with \
            --strict, warnings) found, 2 could not run.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(
        help: "Bank files or folders (default: the banks folder).", completion: .file(extensions: ["xml"]))
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Fail (exit 1) on warnings too, such as the quality rules' findings.")
    var strict = false

    @Flag(inversion: .prefixedNo, help: "Run the item-quality rules (warnings).")
    var quality = true

    @OptionGroup var banks: BanksOption

    func run() throws {
        let directory = banks.directory
        let targets = paths.isEmpty ? [directory] : paths
        var files: [String] = []
        var folders: [String] = []
        for target in targets {
            files += try BankLoader.xmlFiles(under: target)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), !isFolder.boolValue {
                folders.append((target as NSString).deletingLastPathComponent)
            }
        }
        // A file linted alone is checked against the ids of the other banks in its folder.
        var context: [String] = []
        for folder in Set(folders).sorted() {
            let others = (try? BankLoader.xmlFiles(under: folder.isEmpty ? "." : folder)) ?? []
            let named = Set(files.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            context += others.filter { !named.contains(URL(fileURLWithPath: $0).standardizedFileURL.path) }
        }
        // Linting the whole banks folder checks that its policy is there.
        let set = try BankLoader.load(
            files: files, schemaDirectory: directory, retainQuestions: false, quality: quality,
            contextFiles: context, policyFolder: paths.isEmpty ? directory : nil)
        switch format {
        case .text:
            let text = LintReport.text(set)
            if !text.isEmpty { print(text) }
            Diagnostics.say(LintReport.summary(set))
        case .json:
            print(try LintReport.json(set))
        }
        if set.hasErrors || (strict && set.diagnostics.contains { $0.severity == .warning }) {
            throw ExitCode(1)
        }
    }
}

/// `spacert banks`: what banks there are.
struct BanksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks", abstract: "List the question banks with their question counts.")

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Flag(help: "Item quality per bank: flawed share, cue rates against chance, near-duplicates, tags.")
    var quality = false

    @OptionGroup var banks: BanksOption

    func run() throws {
        let set = try BankLoader.load(
            files: try BankLoader.xmlFiles(under: banks.directory), schemaDirectory: banks.directory,
            quality: quality)
        if quality {
            print(json ? try LintReport.qualityJSON(set) : LintReport.qualityText(set))
        } else {
            print(json ? try LintReport.banksJSON(set) : LintReport.banksText(set))
        }
        if set.hasErrors {
            Diagnostics.say("spacert: warning: the banks have errors; run 'spacert lint' to see them")
        }
    }
}
