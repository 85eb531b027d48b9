import Foundation
import Testing

@testable import SpacertKit

/// The fast reader of ledger results gives exactly what ExamCoding decodes, and gives up (so the
/// store falls back to ExamCoding) on what it does not know.
@Suite("exam result reader")
struct ExamResultReaderTests {
    /// A result with every kind of field: match and order answers, an unanswered item, escapes
    /// and non-ASCII text, partial scores, a certificate.
    static func sample() -> ExamResult {
        let anna = ReportFixture.trainee(42, "Zoë \"Z\" O'Neil \\ 李 🙂\n")
        var items = [
            ReportFixture.item(1, ReportFixture.question("tq-one"), score: 1),
            ReportFixture.item(2, ReportFixture.question("bm-two", category: .bodyMechanics), score: 0),
        ]
        items.append(
            GradedItem(
                position: 3, questionID: "co-match", rev: 3, category: .communication, type: .match,
                critical: false,
                answer: .pairs(["1": "b", "2": "a", "3": "c"]), picked: [], score: 1.0 / 3, correct: false))
        items.append(
            GradedItem(
                position: 4, questionID: "ci-order", rev: 1, category: .contraindications, type: .order,
                critical: true, answer: .keys(["c", "a", "b"]), picked: [], score: 0.6666666666666666,
                correct: false))
        items.append(
            GradedItem(
                position: 5, questionID: "ci-skip", rev: 1, category: .contraindications, type: .multiple,
                critical: true, answer: nil, picked: [], score: 0, correct: false))
        var result = ReportFixture.result(
            "attempt-\u{1F642}", trainee: anna, finished: ISO8601.parse("2026-12-02T09:41:07.123Z")!,
            items: items)
        result.started = ISO8601.parse("1999-02-28T23:59:59.999Z")!
        result.reasons = ["missed critical question ci-order: \u{201C}Put the steps\u{201D}", "tab\there"]
        result.certificateID = "cert/1"
        result.score = 0.3333333333333333
        return result
    }

    @Test("what ExamCoding writes reads back the same, field for field")
    func roundTrip() throws {
        let result = Self.sample()
        let body = try ExamCoding.encode(result)
        let fast = try #require(ExamResultReader.read(body))
        #expect(fast == (try ExamCoding.decode(ExamResult.self, from: body)))
        #expect(fast == result)
        var plain = result
        plain.certificateID = nil
        plain.ending = .timedOut
        #expect(ExamResultReader.read(try ExamCoding.encode(plain)) == plain)
    }

    @Test("whitespace, key order, unknown keys and \\u escapes are read like JSONDecoder reads them")
    func variants() throws {
        let body = """
            { "unknown": {"nested": [1, 2.5e3, null, true, "x"]}, "traineeID" : 7, "trainee": "A\\u00e9\\ud83d\\ude42",
              "attemptID": "a", "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:30:00.500+01:00",
              "ending": "submitted", "passed": false, "score": 5e-1, "categories": {"techniques": 0.5},
              "reasons": [], "items": [], "policyID": "p", "policyHash": "h", "banksHash": "b", "certificateID": null }
            """
        let fast = try #require(ExamResultReader.read(body))
        #expect(fast == (try ExamCoding.decode(ExamResult.self, from: body)))
        #expect(fast.trainee == "Aé🙂" && fast.score == 0.5)
    }

    @Test("one reader shares repeated ids, picks and answers across bodies without mixing them up")
    func sharing() throws {
        let reader = ExamResultReader()
        var results: [ExamResult] = []
        for variant in 0..<40 {
            var result = Self.sample()
            result.attemptID = "a\(variant)"
            result.items[0].picked = [variant % 3]
            result.items[0].answer = .keys([["a", "b", "c"][variant % 3]])
            result.items[1].questionID = "bm-\(variant % 5)-with-a-long-identifier"
            result.items[2].answer = .pairs(["1": "c", "2": variant.isMultiple(of: 2) ? "a" : "b"])
            results.append(result)
        }
        for result in results {
            var body = try ExamCoding.encode(result)
            let read = body.withUTF8 { reader.read(UnsafeRawBufferPointer($0)) }
            #expect(read == result)
        }
        let tiny = InternTable<String>(slots: 2, maximumKeyLength: 8)
        for text in ["one", "two", "three", "four", "one", "a much longer key"] {
            var bytes = Array(text.utf8)
            let value = bytes.withUnsafeMutableBufferPointer { buffer in
                tiny.value(for: UnsafeBufferPointer(buffer)) { text }
            }
            #expect(value == text)
        }
    }

    @Test("what it does not know gives nil, for ExamCoding to decide")
    func unknown() throws {
        let body = try ExamCoding.encode(Self.sample())
        #expect(
            ExamResultReader.read(body.replacingOccurrences(of: "\"submitted\"", with: "\"abandoned\""))
                == nil)
        #expect(ExamResultReader.read(String(body.dropLast())) == nil)
        #expect(ExamResultReader.read(body + " x") == nil)
        #expect(ExamResultReader.read("{}") == nil)
        #expect(ExamResultReader.read("") == nil)
    }

    @Test("times: the fast path agrees with the system's parser and formatter")
    func times() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let millis = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = ExamCoding.format(date)
            #expect(ExamResultReader.Scanner.fastDate(text) == ExamCoding.parse(text), "\(text)")
            #expect(ExamCoding.parse(text).map(ExamCoding.format) == text, "\(text)")
        }
    }

    @Test("the store's one reader gives back the result recorded, by trainee and by attempt")
    func store() throws {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt, wrong: [1], skip: [2])
        let recorded = try attempt.finish(ending: .submitted)
        #expect(try fixture.store.examResults() == [recorded])
        #expect(try fixture.store.examResults(trainee: fixture.trainee.id).count == 1)
        #expect(try fixture.store.examResults(trainee: fixture.trainee.id + 1).isEmpty)
        #expect(try fixture.store.examResult(attempt: recorded.attemptID) == recorded)
        #expect(try fixture.store.examResult(attempt: "EX-none") == nil)
    }

    @Test("hundreds of results read on the second thread come back in ledger order, an edited one marked")
    func manyResultsInOrder() throws {
        let scratch = try StoreScratch()
        let store = try ProgressStore(path: scratch.path())
        let anna = try store.addTrainee(named: "anna", at: ReportFixture.now)
        let ben = try store.addTrainee(named: "ben", at: ReportFixture.now)
        // Two batches' worth and more: every body differs (scores, ids), the odd ones with a
        // field the reader does not know and skips.
        var written: [ExamResult] = []
        try store.write(.ledger) { tx in
            for index in 0..<700 {
                let trainee = index % 3 == 0 ? ben : anna
                let items = (1...4).map {
                    ReportFixture.item(
                        $0, ReportFixture.question("q-\(index)-\($0)"), score: $0 <= index % 5 ? 1 : 0)
                }
                let result = ReportFixture.result(
                    "EX-\(index)", trainee: trainee, finished: ReportFixture.now + Double(index), items: items
                )
                var body = try ExamCoding.encode(result)
                if index % 2 == 1 { body = "{\"zz\":1," + body.dropFirst() }
                try ProgressStore.appendLedger(
                    attempt: result.attemptID, trainee: trainee.id, kind: .start, at: result.started,
                    body: "{}", tx)
                try ProgressStore.appendLedger(
                    attempt: result.attemptID, trainee: trainee.id, kind: .result, at: result.finished,
                    body: body, tx)
                written.append(result)
            }
        }
        #expect(try store.examResults() == written)
        #expect(try store.examResults(trainee: ben.id) == written.filter { $0.traineeID == ben.id })

        try store.sqlDatabase.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS exam_ledger_no_update")
            try db.execute(
                sql:
                    "UPDATE exam_ledger SET body = replace(body, '\"score\":0', '\"score\":1') WHERE attempt = 'EX-520' AND kind = 'result'"
            )
        }
        let read = try store.examResults()
        #expect(read.count == 700)
        #expect(read.map(\.attemptID) == written.map(\.attemptID))
        // The chain breaks at the edited row, and no signed checkpoint after it vouches for the
        // rows before: those results are not trusted (never passed); the rows after the break
        // link on from it unchanged.
        #expect(read.prefix(521).allSatisfy { $0.recordAltered && !$0.passed })
        #expect(read.suffix(from: 521).allSatisfy { !$0.recordAltered })
        #expect(Array(read.suffix(from: 521)) == Array(written.suffix(from: 521)))
    }
}
