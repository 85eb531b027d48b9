import Foundation
import SpacertKit
import Testing

/// docs/PROTOCOL.md is the contract: its examples are read here and checked against the code.
@Suite("docs/PROTOCOL.md matches the code")
struct ProtocolDocumentTests {
    /// A fenced block of the document: its info string (`jsonl`, `json spacert due --json`, ...)
    /// and its text.
    struct Block {
        var info: String
        var text: String
        var line: Int
    }

    static func blocks() throws -> [Block] {
        let path = repositoryRoot.appendingPathComponent("docs/PROTOCOL.md").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [Block] = []
        var open: Block?
        for (number, line) in lines.enumerated() {
            if line.hasPrefix("```") {
                if let block = open {
                    blocks.append(block)
                    open = nil
                } else {
                    open = Block(
                        info: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), text: "",
                        line: number + 1)
                }
            } else if open != nil {
                open!.text += line + "\n"
            }
        }
        #expect(open == nil, "an unclosed block in docs/PROTOCOL.md")
        return blocks
    }

    static func object(_ text: String) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as! NSObject
    }

    @Test("every session line decodes as a SessionEvent or SessionCommand and encodes back the same")
    func sessionLines() throws {
        let blocks = try Self.blocks().filter { $0.info == "jsonl" }
        var events: Set<String> = []
        var commands = 0
        for block in blocks {
            for line in block.text.split(separator: "\n").map(String.init) where !line.isEmpty {
                let original = try Self.object(line)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                if (original as? NSDictionary)?["event"] != nil {
                    let event = try JSONDecoder().decode(SessionEvent.self, from: Data(line.utf8))
                    events.insert(event.name)
                    #expect(try Self.object(event.line) == original, "line \(block.line): \(line)")
                } else {
                    let command = try JSONDecoder().decode(SessionCommand.self, from: Data(line.utf8))
                    commands += 1
                    let again = String(decoding: try encoder.encode(command), as: UTF8.self)
                    #expect(try Self.object(again) == original, "line \(block.line): \(line)")
                }
            }
        }
        // Every event the code can write has an example.
        #expect(
            events == [
                "question", "feedback", "summary", "error", "undone", "flagged", "result", "refused", "saved",
            ])
        #expect(commands >= 6)
    }

    @Test("a line that is not a command says why")
    func badCommands() {
        for (line, words) in [
            ("not json", "not a JSON object"), (#"{"command":"dance"}"#, "unknown command"),
            (#"{"answer":["a"],"grade":"superb"}"#, "grade must be"), (#"{"answer":3}"#, "answer must be"),
            (#"{"command":"goto"}"#, "goto needs an"), ("{}", "no \"answer\" or \"command\""),
        ] {
            guard case .failure(let failure) = SessionCommand.read(line) else {
                Issue.record("\(line) was taken")
                continue
            }
            #expect(failure.message.contains(words), "\(line): \(failure.message)")
        }
    }

    @Test("the replay example gives the output shown")
    func replayExample() throws {
        let blocks = try Self.blocks()
        let input = try #require(blocks.first { $0.info == "json replay-input" })
        let output = try #require(blocks.first { $0.info == "json replay-output" })
        let run = try runSpacert(["replay"], input: input.text)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.object(run.stdout) == (try Self.object(output.text)))
    }

    /// Every key path in a JSON value: `a`, `a.b`, `list[].c` (list elements merged).
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, inner) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                // The areas and counts by name are data, not keys of the format.
                if ["categories", "types"].contains(key) { continue }
                paths.formUnion(keyPaths(inner, prefix: path))
            }
        } else if let list = value as? [Any] {
            for element in list { paths.formUnion(keyPaths(element, prefix: prefix + "[]")) }
        }
        return paths
    }

    @Test("each --json example has the version and exactly the keys the command writes")
    func jsonOutputs() throws {
        let blocks = try Self.blocks().filter { $0.info.hasPrefix("json ") }
        for block in blocks {
            let value = try Self.object(block.text)
            if block.info != "json replay-input" {
                #expect((value as? NSDictionary)?["version"] as? Int == 1, "block at line \(block.line)")
            }
        }
        // A store with a trainee, an answer and a flag, and a bank with one lint error.
        let fixture = try QuizFixture()
        var environment = fixture.environment
        _ = try runSpacert(["trainee", "add", "Asha"], environment: environment)
        let quiz = try runSpacert(
            ["quiz", "--jsonl", "--trainee", "Asha", "--limit", "1"],
            input: #"{"command":"flag","note":"unclear"}"# + "\n" + #"{"answer":["a"]}"# + "\n",
            environment: environment)
        #expect(quiz.status == 0)
        let broken = try BankScratch()
        try broken.write("bad.xml", bankXML(singleQuestion("q-bad", correct: [true, true, false])))
        environment["SPACERT_DB"] = fixture.store
        let commands: [String: [String]] = [
            "json spacert due --json": ["due", "--json", "--trainee", "Asha"],
            "json spacert flags --json": ["flags", "--json"],
            "json spacert trainee list --json": ["trainee", "list", "--json"],
            "json spacert audit --json": ["audit", "--json"],
            "json spacert store info --json": ["store", "info", "--json"],
            "json spacert banks --json": ["banks", "--json"],
            "json spacert lint --format json": [
                "lint", "--format", "json", "--banks", broken.directory.path,
            ],
        ]
        for (info, arguments) in commands {
            let block = try #require(blocks.first { $0.info == info }, "no example for \(info)")
            let run = try runSpacert(arguments, environment: environment)
            let written = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
            #expect(
                Self.keyPaths(written) == Self.keyPaths(try Self.object(block.text)),
                "\(info): the command writes \(Self.keyPaths(written).sorted())")
        }
    }
}
