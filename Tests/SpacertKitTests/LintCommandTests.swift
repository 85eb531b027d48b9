import Foundation
import SpacertKit
import Testing

@Suite("spacert lint and spacert banks, run as a process")
struct LintCommandTests {
    @Test("the shipped banks have no errors: exit 0; quality findings are warnings with rule ids")
    func shipped() throws {
        let structural = try runSpacert(["lint", "--no-quality", "--banks", shippedBanks])
        #expect(structural.status == 0)
        #expect(structural.stdout.isEmpty)
        #expect(structural.stderr.contains("0 errors, 0 warnings"))
        let result = try runSpacert(["lint", "--banks", shippedBanks])
        #expect(result.status == 0)
        #expect(result.stderr.contains("0 errors"))
        let ids = Set(LintRules.quality.map { $0.id })
        for line in result.stdout.split(separator: "\n") where !line.contains(": note: ") {
            #expect(line.contains(": warning: "), "\(line)")
            let rule = line.split(separator: "[").last.map { String($0.dropLast()) } ?? ""
            #expect(ids.contains(rule), "\(line)")
        }
    }

    @Test("errors print as path:line:col with notes, exit 1; JSON has the protocol's shape")
    func errors() throws {
        let scratch = try BankScratch()
        let a = try scratch.write("a.xml", bankXML(id: "a", singleQuestion("tq-003")))
        let b = try scratch.write("b.xml", bankXML(id: "b", singleQuestion("tq-003", correct: [true, true])))
        let text = try runSpacert(["lint", "--banks", scratch.directory.path])
        #expect(text.status == 1)
        let all = text.stdout.split(separator: "\n").map(String.init)
        // A banks folder without certification.xml is an error of its own.
        #expect(all.contains { $0.contains("certification.xml:1") && $0.contains("no certification policy") })
        let lines = all.filter { !$0.contains("no certification policy") }
        #expect(
            lines == [
                "\(b):3:3: error: question 'tq-003' has two choices marked correct; a single-choice question needs exactly one [correct-count]"
            ] || lines.count == 3)
        let json = try runSpacert(["lint", "--format", "json", "--banks", scratch.directory.path, a, b])
        #expect(json.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["files"] as? Int == 2)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["line"] as? Int == 3)
        #expect(diagnostics.first?["column"] as? Int == 3)
        #expect(diagnostics.first?["severity"] as? String == "error")
        #expect(diagnostics.first?["notes"] is [Any])
    }

    @Test("a missing file or folder cannot run: exit 2 with a message")
    func missing() throws {
        let result = try runSpacert(["lint", "--banks", "/nonexistent/banks"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("spacert: error: "))
    }

    @Test("banks --json lists the banks with counts")
    func banksJSON() throws {
        let result = try runSpacert(["banks", "--json", "--banks", shippedBanks])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let banks = try #require(object["banks"] as? [[String: Any]])
        #expect(banks.count == 4)
        let total = banks.compactMap { $0["questions"] as? Int }.reduce(0, +)
        #expect(object["questions"] as? Int == total)
        let types = try #require(banks.first?["types"] as? [String: Int])
        #expect(Set(types.keys) == ["single", "multiple", "truefalse", "order", "match"])
    }

    @Test("replay recomputes FSRS states, and bad input is exit 1 with no output")
    func replay() throws {
        let good = try runSpacert(
            ["replay"],
            input: #"{"cards":[{"id":"c1","reviews":[{"rating":3,"time":"2025-01-06T09:00:00Z"}]}]}"#)
        #expect(good.status == 0)
        #expect(good.stdout.contains(#""due":"2025-01-06T09:10:00Z""#))
        #expect(good.stdout.contains(#""stability":2.3065"#))
        let bad = try runSpacert(
            ["replay"],
            input: #"{"cards":[{"id":"c1","reviews":[{"rating":7,"time":"2025-01-06T09:00:00Z"}]}]}"#)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("c1"))
    }
}
