import Foundation
import SpacertKit
import Testing

/// A `spacert quiz --jsonl` (or `exam --jsonl`) process driven line by line, as a front end would.
final class JSONLDriver {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()
    /// The process's working folder: relative defaults land here, not in the checkout.
    private let scratch: ScratchFolder

    /// `errors`, when given, is a file that receives the process's standard error.
    init(
        _ arguments: [String], environment: [String: String], command: String = "quiz", errors: String? = nil
    ) throws {
        process.executableURL = URL(fileURLWithPath: spacertExecutable)
        process.arguments = [command, "--jsonl"] + arguments
        scratch = try ScratchFolder()
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        if let errors {
            guard FileManager.default.createFile(atPath: errors, contents: nil) else {
                throw SpacertError.invalidInput("cannot write \(errors)")
            }
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
    }

    /// The next event, or nil at the end of output.
    func event() -> [String: Any]? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return try? JSONSerialization.jsonObject(with: line) as? [String: Any]
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func close() throws {
        try input.fileHandleForWriting.close()
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A folder with one question of every type, and a fresh store.
final class QuizFixture {
    let scratch: BankScratch
    let store: String

    init() throws {
        scratch = try BankScratch()
        let source = #"<source article="000_4844a43459959855.txt">Tips</source>"#
        try scratch.write(
            "all.xml",
            bankXML(
                singleQuestion("q-single", extra: #" shuffle="false""#) + """

                      <question id="q-multiple" type="multiple">
                        <prompt>Select all that apply.</prompt>
                        <choice correct="true">Warm up</choice><choice>Press the spine</choice><choice correct="true">Ask about pressure</choice>
                        <explanation>Warming up and asking keep the client safe.</explanation>\(source)
                      </question>
                      <question id="q-truefalse" type="truefalse">
                        <prompt>Numbness is a reason to stop.</prompt><answer>true</answer>
                        <explanation>Numbness can mean a nerve is involved.</explanation>\(source)
                      </question>
                      <question id="q-order" type="order">
                        <prompt>Order the session.</prompt>
                        <step>Ask about health</step><step>Warm up</step><step>Deeper work</step><step>Check in</step>
                        <explanation>Screen first, then build up gently.</explanation>\(source)
                      </question>
                      <question id="q-match" type="match">
                        <prompt>Match.</prompt>
                        <pair><left>Heat</left><right>Relaxes stiff muscle</right></pair>
                        <pair><left>Cold</left><right>Calms fresh swelling</right></pair>
                        <pair><left>Oil</left><right>Lets hands glide</right></pair>
                        <explanation>Each tool has its job.</explanation>\(source)
                      </question>
                    """))
        store = scratch.directory.appendingPathComponent("progress.sqlite").path
    }

    var environment: [String: String] {
        ["SPACERT_DB": store, "SPACERT_BANKS": scratch.directory.path, "SPACERT_NOW": "2026-03-02T09:00:00Z"]
    }

    func logRows() throws -> [String] {
        let result = Process()
        result.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        result.arguments = [
            store, "SELECT question_id || '|' || correct || '|' || score FROM review_log ORDER BY id",
        ]
        let pipe = Pipe()
        result.standardOutput = pipe
        try result.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        result.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// The texts behind keys in a question event: choices or steps, and match's left and right.
func texts(_ event: [String: Any], _ field: String) -> [String: String] {
    Dictionary(
        uniqueKeysWithValues: ((event[field] as? [[String: String]]) ?? []).map { ($0["key"]!, $0["text"]!) })
}

/// An expected answer from feedback, rewritten as texts so it survives a reshuffle.
func expectedTexts(_ expected: Any, shown event: [String: Any]) -> Any {
    if let keys = expected as? [String] {
        let choices = texts(event, "choices")
        return keys.map { choices[$0]! }
    }
    let pairs = expected as! [String: String]
    let left = texts(event, "left")
    let right = texts(event, "right")
    return Dictionary(uniqueKeysWithValues: pairs.map { (left[$0.key]!, right[$0.value]!) })
}

/// The texts answer mapped onto the keys of a new showing.
func keyedAnswer(_ answer: Any, shown event: [String: Any]) -> Any {
    func key(of text: String, in field: String) -> String {
        texts(event, field).first { $0.value == text }!.key
    }
    if let list = answer as? [String] { return list.map { key(of: $0, in: "choices") } }
    let pairs = answer as! [String: String]
    return Dictionary(
        uniqueKeysWithValues: pairs.map { (key(of: $0.key, in: "left"), key(of: $0.value, in: "right")) })
}

/// A wrong but possible answer to a question event.
func wrongAnswer(_ event: [String: Any]) -> String {
    let type = event["type"] as! String
    if type == "match" {
        let left = (event["left"] as! [[String: String]]).map { $0["key"]! }
        let right = (event["right"] as! [[String: String]]).map { $0["key"]! }
        // Pair every left item with the right item after its own: at least one is wrong.
        let pairs = left.enumerated().map { "\"\($0.element)\":\"\(right[($0.offset + 1) % right.count])\"" }
        return "{\"answer\":{\(pairs.joined(separator: ","))}}"
    }
    let keys = (event["choices"] as! [[String: String]]).map { $0["key"]! }
    switch type {
    case "order": return "{\"answer\":[\(keys.map { "\"\($0)\"" }.joined(separator: ","))]}"
    default: return "{\"answer\":[\"\(keys.last!)\"]}"
    }
}

func answerLine(_ expected: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: ["answer": expected], options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

@Suite("spacert quiz --jsonl, driven by a test")
struct QuizJSONLTests {
    @Test("every type answered wrong, then right when it comes back; summary at the end")
    func everyTypeWrongThenRight() throws {
        let fixture = try QuizFixture()
        let driver = try JSONLDriver([], environment: fixture.environment)
        var expectedByID: [String: Any] = [:]
        var seenTypes = Set<String>()
        var results: [String: [Bool]] = [:]
        var summary: [String: Any]?
        var steps = 0
        var lastQuestion: [String: Any] = [:]
        while let event = driver.event(), steps < 200 {
            steps += 1
            #expect(event["version"] as? Int == 1)
            switch event["event"] as? String {
            case "question":
                let id = event["id"] as! String
                seenTypes.insert(event["type"] as! String)
                #expect((event["progress"] as? [String: Int])?["index"] != nil)
                lastQuestion = event
                if let expected = expectedByID[id] {
                    driver.send(answerLine(keyedAnswer(expected, shown: event)))
                } else {
                    driver.send(wrongAnswer(event))
                }
            case "feedback":
                let id = event["id"] as! String
                expectedByID[id] = expectedTexts(event["expected"]!, shown: lastQuestion)
                results[id, default: []].append(event["correct"] as! Bool)
                #expect(!(event["explanation"] as! String).isEmpty)
                if event["correct"] as! Bool { #expect(event["score"] as? Double == 1) }
            case "summary":
                summary = event
                try driver.close()
            default:
                Issue.record("unexpected event \(event)")
            }
        }
        try? driver.close()
        #expect(summary != nil)
        #expect(driver.wait() == 0)
        #expect(seenTypes == ["single", "multiple", "truefalse", "order", "match"])
        // A rotated match can, by the shuffle's chance, be the right one: the match's wrong
        // path is covered by the grading tests.
        for id in ["q-single", "q-multiple", "q-truefalse", "q-order", "q-match"] {
            if id != "q-match" { #expect(results[id]?.first == false, "\(id) first answer should be wrong") }
            #expect(results[id]?.contains(true) == true, "\(id) should come back and be answered right")
        }
        let answered = results.values.reduce(0) { $0 + $1.count }
        #expect(summary?["answered"] as? Int == answered)
        #expect(try fixture.logRows().count == answered)
    }

    @Test("malformed and impossible lines get an error and the same question; nothing is recorded")
    func malformed() throws {
        let fixture = try QuizFixture()
        let driver = try JSONLDriver(["--limit", "1"], environment: fixture.environment)
        let first = try #require(driver.event())
        let id = first["id"] as? String
        for line in [
            "not json", "{\"answer\":[\"zz\"]}", "{\"answer\":{}}", "{\"command\":\"dance\"}",
            "{\"answer\":[\"a\"],\"grade\":\"superb\"}",
        ] {
            driver.send(line)
            let error = try #require(driver.event())
            #expect(error["event"] as? String == "error")
            #expect(!(error["message"] as? String ?? "").isEmpty)
            let again = try #require(driver.event())
            #expect(again["event"] as? String == "question" && again["id"] as? String == id)
        }
        try driver.close()
        let summary = driver.event()
        #expect(summary?["event"] as? String == "summary")
        #expect(summary?["answered"] as? Int == 0)
        #expect(driver.wait() == 0)
        #expect(try fixture.logRows().isEmpty)
    }

    @Test(
        "closing stdin mid-session keeps every answer; undo takes the last one back; the next session resumes"
    )
    func closeAndResume() throws {
        let fixture = try QuizFixture()
        let driver = try JSONLDriver([], environment: fixture.environment)
        var answered: [String] = []
        for _ in 0..<3 {
            let question = try #require(driver.event())
            answered.append(question["id"] as! String)
            driver.send(wrongAnswer(question))
            #expect(driver.event()?["event"] as? String == "feedback")
        }
        _ = driver.event()  // the fourth question
        driver.send("{\"command\":\"undo\"}")
        #expect(driver.event()?["id"] as? String == answered[2])
        driver.send("{\"command\":\"flag\",\"note\":\"unclear wording\"}")
        try driver.close()
        var last: [String: Any]?
        while let event = driver.event() { last = event }
        #expect(last?["event"] as? String == "summary")
        #expect(last?["answered"] as? Int == 2)
        #expect(driver.wait() == 0)
        #expect(
            try fixture.logRows().map { String($0.split(separator: "|")[0]) } == Array(answered.prefix(2)))
        // The next session goes on: the two new questions answered are no longer new.
        let next = try JSONLDriver([], environment: fixture.environment)
        let question = try #require(next.event())
        #expect(question["event"] as? String == "question")
        try next.close()
        while next.event() != nil {}
        #expect(next.wait() == 0)
    }
}

@Suite("spacert quiz without a terminal: plain lines")
struct QuizLineModeTests {
    @Test("prompts and answers one per line, no escape codes; bad input is explained; q ends with a summary")
    func lineMode() throws {
        let fixture = try QuizFixture()
        let result = try runSpacert(
            ["quiz", "--trainee", "lee"], input: "zz9\nc\nq\n", environment: fixture.environment)
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains("answer ("))
        #expect(result.stdout.contains("cannot read that") || result.stdout.contains("is not one of"))
        #expect(result.stdout.contains("✓ ") && result.stdout.contains("Why: "))
        #expect(result.stdout.contains("Session done: 1 answered"))
        #expect(result.stderr.contains("welcome, lee"))
        #expect(try fixture.logRows().count == 1)
    }
}

/// An answer to a question of `QuizFixture` that is always wrong, whatever the shuffle.
func alwaysWrong(_ event: [String: Any]) -> String {
    let type = event["type"] as! String
    if type == "match" {
        // Each left item with the right text of the next pair as written: every pair is wrong.
        let written = [
            "Heat": "Calms fresh swelling", "Cold": "Lets hands glide", "Oil": "Relaxes stiff muscle",
        ]
        let right = texts(event, "right")
        let pairs = texts(event, "left").map { left in
            "\"\(left.key)\":\"\(right.first { $0.value == written[left.value] }!.key)\""
        }
        return "{\"answer\":{\(pairs.joined(separator: ","))}}"
    }
    let choices = texts(event, "choices")
    func key(_ text: String) -> String { choices.first { $0.value == text }!.key }
    switch event["id"] as! String {
    case "q-single": return answerLine([key("Choice 2")])
    case "q-multiple": return answerLine([key("Press the spine")])
    case "q-truefalse": return answerLine([key("False")])
    default:
        let steps = ["Ask about health", "Warm up", "Deeper work", "Check in"]
        return answerLine(steps.reversed().map(key))
    }
}

@Suite("spacert quiz: honest counts")
struct QuizCountTests {
    /// Runs a JSONL session answering every question wrong; returns the answers counted from
    /// feedback events, the ids asked, and the summary event.
    func wrongSession(_ fixture: QuizFixture, _ arguments: [String]) throws -> (
        answers: Int, asked: [String], summary: [String: Any]?
    ) {
        let driver = try JSONLDriver(["--trainee", "tina"] + arguments, environment: fixture.environment)
        var answers = 0
        var asked: [String] = []
        var summary: [String: Any]?
        var total: Int?
        while summary == nil, answers < 100, let event = driver.event() {
            switch event["event"] as? String {
            case "question":
                asked.append(event["id"] as! String)
                let progress = event["progress"] as! [String: Int]
                // The first question's total is what the session will hold, counted honestly.
                if total == nil { total = progress["total"] }
                #expect(progress["index"] == answers + 1)
                driver.send(alwaysWrong(event))
            case "feedback":
                answers += 1
                #expect(event["correct"] as? Bool == false)
            case "summary":
                summary = event
            default:
                Issue.record("unexpected event \(event)")
            }
        }
        try? driver.close()
        #expect(driver.wait() == 0)
        return (answers, asked, summary)
    }

    @Test(
        "--limit 5, every answer wrong: exactly 5 answers, the missed questions listed, due as `spacert due` says"
    )
    func limitFiveWrong() throws {
        let fixture = try QuizFixture()
        let run = try wrongSession(fixture, ["--limit", "5"])
        #expect(run.answers == 5)
        #expect(try fixture.logRows().count == 5)
        let summary = try #require(run.summary)
        #expect(summary["answered"] as? Int == 5)
        #expect(summary["correct"] as? Int == 0)
        let missed = try #require(summary["missed"] as? [[String: Any]])
        #expect(Set(missed.map { $0["id"] as! String }) == Set(run.asked))
        #expect(missed.allSatisfy { !($0["prompt"] as! String).isEmpty })
        #expect(missed.map { $0["times"] as! Int }.reduce(0, +) == 5)
        let due = try runSpacert(["due", "--json", "--trainee", "tina"], environment: fixture.environment)
        #expect(due.status == 0, "\(due.stderr)")
        let counts = try #require(
            try JSONSerialization.jsonObject(with: Data(due.stdout.utf8)) as? [String: Any])
        let days = try #require(counts["days"] as? [[String: Any]])
        #expect(summary["due_later_today"] as? Int == counts["due_later_today"] as? Int)
        #expect(summary["due_tomorrow"] as? Int == days.first?["due"] as? Int)
        #expect(summary["due_this_week"] as? Int == days.map { $0["due"] as! Int }.reduce(0, +))
        // Every question was missed into a learning step due later today.
        #expect(counts["due_later_today"] as? Int == 5)
        let text = try runSpacert(["due", "--trainee", "tina"], environment: fixture.environment)
        #expect(
            text.stdout.contains(
                "tina: 0 due now, 5 later today; 0 new available today (5 started today, 10 a day)"))
    }

    @Test("--limit counts the questions coming back: 8 answers to 5 questions, 3 of them again")
    func limitCountsRelearning() throws {
        let fixture = try QuizFixture()
        let run = try wrongSession(fixture, ["--limit", "8"])
        #expect(run.answers == 8)
        #expect(Set(run.asked).count == 5)
        #expect(try fixture.logRows().count == 8)
    }

    @Test("no limit and every answer wrong: the session still ends, each question asked at most 3 times")
    func everyAnswerWrongEnds() throws {
        let fixture = try QuizFixture()
        let run = try wrongSession(fixture, [])
        #expect(run.summary != nil)
        let times = Dictionary(grouping: run.asked, by: { $0 }).mapValues(\.count)
        #expect(times.count == 5)
        #expect(times.values.allSatisfy { $0 == PracticeQueue.earlyMissLimit })
        #expect(run.answers == 5 * PracticeQueue.earlyMissLimit)
    }
}

@Suite("spacert quiz: help for a wrong start")
struct QuizStartTests {
    @Test("--tag that no question has: exit 64 with the known tags; no banks folder: how to name one")
    func hints() throws {
        let fixture = try QuizFixture()
        let tagged = try ScreenFixture(
            singleQuestion("q-oil", extra: #" tags="oil warm-up""#)
                + singleQuestion("q-room", extra: #" tags="room""#))
        let run = try runSpacert(
            ["quiz", "--trainee", "lee", "--tag", "nonexistent"], environment: tagged.environment)
        #expect(run.status == 64)
        #expect(
            run.stderr.contains("no question has the tag 'nonexistent'; the tags are: oil, room, warm-up"))
        var environment = fixture.environment
        environment["SPACERT_BANKS"] = nil
        let outside = try runSpacert(
            ["quiz", "--trainee", "lee"], environment: environment.merging(["SPACERT_BANKS": ""]) { $1 })
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("QuestionBanks: no such folder of question banks"))
        #expect(outside.stderr.contains("--banks DIR"))
    }
}
