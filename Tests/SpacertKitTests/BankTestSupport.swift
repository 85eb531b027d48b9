import Foundation
import SpacertKit

/// The repository's root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped banks folder.
let shippedBanks = repositoryRoot.appendingPathComponent("QuestionBanks").path

/// A scratch folder with the bank schema in place, removed at the end of the test.
final class BankScratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("spacert-test-\(UUID().uuidString)")
        let schema = directory.appendingPathComponent("schema")
        try FileManager.default.createDirectory(at: schema, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: (shippedBanks as NSString).appendingPathComponent("schema/bank-1.xsd"),
            toPath: schema.appendingPathComponent("bank-1.xsd").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Loads the named files (all XML in the folder by default).
    func load(_ names: [String]? = nil, maxBytes: Int = BankLoader.defaultMaxBytes) throws -> BankSet {
        let files =
            try names.map { $0.map { directory.appendingPathComponent($0).path } }
            ?? BankLoader.xmlFiles(under: directory.path)
        return try BankLoader.load(files: files, schemaDirectory: directory.path, maxBytes: maxBytes)
    }
}

/// A bank file around the given question elements.
func bankXML(id: String = "test", category: String = "techniques", _ questions: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <bank xmlns="urn:spacert:bank:1" id="\(id)" title="Test bank" category="\(category)">
    \(questions)
    </bank>

    """
}

/// A well-formed single-choice question with the given id.
func singleQuestion(_ id: String, correct: [Bool] = [true, false, false], extra: String = "") -> String {
    let choices = correct.enumerated().map { index, isCorrect in
        "    <choice\(isCorrect ? " correct=\"true\"" : "")>Choice \(index + 1)</choice>"
    }.joined(separator: "\n")
    return """
          <question id="\(id)" type="single"\(extra)>
            <prompt>Which one?</prompt>
        \(choices)
            <explanation>Because the first choice is safest for the client.</explanation>
            <source article="000_4844a43459959855.txt">Tips</source>
          </question>
        """
}

/// The path of the built `spacert` executable: beside the test bundle, where SwiftPM builds it
/// for this test target (which depends on it), whatever the build folder is called. Never a
/// binary from another build that may be stale.
let spacertExecutable: String = {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent()
    let path = bundleDirectory.appendingPathComponent("spacert").path
    precondition(
        FileManager.default.isExecutableFile(atPath: path),
        "the spacert executable is not beside the test bundle at \(path); build with `swift build --build-tests`"
    )
    return path
}()

/// What a finished `spacert` process printed and how it exited.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `spacert` with `arguments`, feeding `input` on stdin, in `directory` (by
/// default a scratch folder of its own, removed after: a relative default such as `./Reports`
/// never lands in the checkout).
func runSpacert(
    _ arguments: [String], input: String = "", environment: [String: String] = [:],
    directory: String? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: spacertExecutable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let scratch = directory == nil ? try ScratchFolder() : nil
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? scratch!.path)
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    withExtendedLifetime(scratch) {}
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
        stderr: String(decoding: err, as: UTF8.self))
}
