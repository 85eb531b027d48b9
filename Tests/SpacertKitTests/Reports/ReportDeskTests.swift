import Foundation
import Testing

@testable import SpacertKit

/// The reports a manager reads: results with reasons, readiness, grants, answers in words,
/// the spa's name, and the distractor table as its own CSV file.
@Suite("Reports that explain, run as a process")
struct ReportDeskTests {
    /// Asha fails every question of an attempt and is granted one more attempt; Ben has an
    /// attempt open. The policy names the spa.
    static func fixture() throws -> (ExamFixture, [String: String]) {
        let policy = ExamFixture.policy(attempts: 1).replacingOccurrences(
            of: #"title="Test policy""#, with: #"title="Test policy" spa="Harbour &amp; Hill Spa""#)
        let fixture = try ExamFixture(policy: policy)
        let failed = try fixture.begin(seed: "first")
        try fixture.answerAll(failed, wrong: Set(1...failed.count))
        #expect(try !failed.finish(ending: .submitted).passed)
        try fixture.store.grantAttempts(
            trainee: fixture.trainee, attempts: 1, waiveWait: false, note: "coached on order questions",
            at: fixture.now.addingTimeInterval(60))
        let ben = try fixture.store.addTrainee(named: "Ben", at: fixture.now)
        _ = try ExamProctor(
            store: fixture.store, banks: try fixture.bankSet(), banksDirectory: fixture.directory,
            clock: { fixture.now }
        ).open(trainee: ben, seed: "ben")
        fixture.now += 3600
        let environment = [
            "SPACERT_NOW": ISO8601.format(fixture.now), "SPACERT_DB": fixture.store.path,
            "SPACERT_BANKS": fixture.directory, "TZ": "UTC", "NO_COLOR": "1",
        ]
        return (fixture, environment)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("trainee: the answer given for every type in words, each part marked; readiness; grants; the spa")
    func trainee() throws {
        let (fixture, environment) = try Self.fixture()
        defer { withExtendedLifetime(fixture) {} }
        let run = try runSpacert(["report", "trainee", "Asha", "--format", "json"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        #expect(report["spa"] as? String == "Harbour & Hill Spa")
        let missed = try #require(report["missed"] as? [[String: Any]])
        #expect(missed.count == 8)
        for item in missed {
            let given = try #require(
                item["given"] as? String, "no answer in words for \(item["question_id"]!)")
            #expect(given.contains("✗"), "\(given)")
        }
        let order = try #require(missed.first { ($0["question_id"] as? String)?.hasSuffix("-order") == true })
        // Reversed steps: Fourth → Third → Second → First, none in its place.
        #expect(order["given"] as? String == "Fourth ✗ → Third ✗ → Second ✗ → First ✗")
        let match = try #require(missed.first { ($0["question_id"] as? String)?.hasSuffix("-match") == true })
        let pairs = try #require(match["given"] as? String)
        #expect(pairs.split(separator: ";").count == 3)
        #expect(pairs.contains("One → ") && !pairs.contains("One → Uno"))
        #expect(report["ready"] as? Bool == false)
        #expect((report["readiness"] as? String)?.hasPrefix("wait: wait until ") == true)
        let grants = try #require(report["grants"] as? [[String: Any]])
        #expect(grants.count == 1)
        #expect(grants.first?["effects"] as? String == "1 more attempt")
        #expect(grants.first?["note"] as? String == "coached on order questions")

        let text = try runSpacert(["report", "trainee", "Asha"], environment: environment)
        #expect(text.stdout.contains("Harbour & Hill Spa"))
        #expect(text.stdout.contains("Ready for the exam"))
        #expect(text.stdout.contains("coached on order questions"))
        #expect(text.stdout.contains("Fourth ✗ → Third ✗"))
    }

    @Test("cohort: result (not passed, in progress, not taken), the first reason, readiness, areas; the spa")
    func cohort() throws {
        let (fixture, environment) = try Self.fixture()
        defer { withExtendedLifetime(fixture) {} }
        let run = try runSpacert(["report", "cohort", "--format", "json"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        #expect(report["spa"] as? String == "Harbour & Hill Spa")
        let rows = try #require(report["trainees"] as? [[String: Any]])
        let asha = try #require(rows.first { $0["name"] as? String == "Asha" })
        let ben = try #require(rows.first { $0["name"] as? String == "Ben" })
        #expect(asha["result"] as? String == "not passed")
        #expect((asha["reason"] as? String)?.isEmpty == false)
        #expect(asha["ready"] as? Bool == false)
        #expect((asha["area_scores"] as? [String: Double])?.values.allSatisfy { $0 == 0 } == true)
        #expect(ben["result"] as? String == "in progress")
        #expect(ben["ready"] as? Bool == true)

        let text = try runSpacert(["report", "cohort"], environment: environment)
        #expect(text.stdout.contains("Harbour & Hill Spa"))
        #expect(text.stdout.contains("not passed"))
        #expect(text.stdout.contains("in progress"))
    }

    @Test("items --format csv writes the distractor table as its own file beside the main one")
    func distractorCSV() throws {
        let (fixture, environment) = try Self.fixture()
        let out = fixture.stores.path("out")
        let run = try runSpacert(
            ["report", "items", "--format", "csv", "--out", out], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let day = String(ISO8601.format(fixture.now).prefix(10))
        let path = (out as NSString).appendingPathComponent("items-distractors-\(day).csv")
        #expect(run.stderr.contains("wrote \(path)"))
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(
            lines.first
                == "policy,exam_questions,question,rev,choice,correct,text,picked,top_third,bottom_third,group_size"
        )
        #expect(lines.count > 1)
        #expect(lines.contains { $0.contains(",(no answer),") })
    }
}
