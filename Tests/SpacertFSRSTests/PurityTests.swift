import Foundation
import Testing

/// SpacertFSRS is the scheduler alone: no I/O, no threads, no clock (Package.swift says so, and
/// `docs/ARCHITECTURE.md` makes it a rule). These tests read its sources and those of
/// SpacertCore, the helpers it depends on, and fail on anything that would break the rule.
@Suite struct PurityTests {
    /// The package's root, from this file's place in Tests/SpacertFSRSTests/.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each Swift source of a target, with its text.
    static func sources(of target: String) throws -> [(name: String, text: String)] {
        let folder = root.appendingPathComponent("Sources/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".swift")
        }
        return try names.sorted().map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Foundation for `Date` and `TimeInterval` values; nothing else.
    static let allowedImports: Set<String> = ["Foundation", "SpacertCore"]

    /// Names whose use means I/O, threads, a clock, the environment or the C library.
    static let forbidden = [
        "FileManager", "FileHandle", "fopen", "open(", "read(", "write(", "mmap", "Thread", "pthread",
        "Dispatch", "Task {", "Task.detached", "Date()", "Date.now", ".now", "ProcessInfo", "getenv",
        "URLSession", "Data(contentsOf", "contentsOfFile", "print(", "Glibc", "Darwin", "Musl",
        "SystemRandomNumberGenerator", "random(in:)", "nonisolated(unsafe)",
    ]

    @Test(
        "SpacertFSRS and SpacertCore import only Foundation (values) and each other",
        arguments: ["SpacertFSRS", "SpacertCore"])
    func imports(target: String) throws {
        let files = try Self.sources(of: target)
        #expect(!files.isEmpty, "no sources found for \(target) under \(Self.root.path)")
        for (name, text) in files {
            for line in text.split(separator: "\n")
            where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                let module = String(line.split(separator: " ").last ?? "")
                #expect(Self.allowedImports.contains(module), "\(target)/\(name) imports \(module)")
            }
        }
    }

    @Test(
        "SpacertFSRS and SpacertCore use no I/O, thread, clock or global randomness",
        arguments: ["SpacertFSRS", "SpacertCore"])
    func noEffects(target: String) throws {
        for (name, text) in try Self.sources(of: target) {
            // Doc comments may name what the module does not do.
            let code = text.split(separator: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//")
            }
            .joined(separator: "\n")
            for word in Self.uses(in: code) {
                Issue.record("\(target)/\(name) uses \(word)")
            }
        }
    }

    /// The forbidden names `code` uses, each matched at the start of a word (`Thread()` is not
    /// a use of `read(`).
    static func uses(in code: String) -> [String] {
        forbidden.filter { word in
            let pattern = "(?<![A-Za-z0-9_])" + NSRegularExpression.escapedPattern(for: word)
            return code.range(of: pattern, options: .regularExpression) != nil
        }.sorted()
    }

    @Test("the check itself catches a forbidden use, and only that")
    func checkCatches() {
        let code = "let file = FileManager.default\nlet t = Thread()\nlet due = card.nowhere\n"
        #expect(Self.uses(in: code) == ["FileManager", "Thread"])
        #expect(Self.uses(in: "let x = read(fd, buffer, 4)") == ["read("])
    }
}
