import Foundation
import Testing

@testable import SpacertKit

/// `spacert report`, run as the built binary on a store with real exam attempts.
@Suite("spacert report, run as a process")
struct ReportCommandTests {
    /// Asha fails an exam, then passes it two days later; "<b>Bo</b>" has done nothing.
    static func fixture() throws -> (ExamFixture, [String: String]) {
        let fixture = try ExamFixture()
        let first = try fixture.begin(seed: "first")
        try fixture.answerAll(first, wrong: [1, 2, 3])
        #expect(try !first.finish(ending: .submitted).passed)
        fixture.now += 2 * 86_400
        let second = try fixture.begin(seed: "second")
        try fixture.answerAll(second, wrong: [2])
        // Passed at a desk with the spa's key: the result names its certificate.
        #expect(try second.finish(ending: .submitted, issue: { _ in "cert-asha" }).passed)
        try fixture.store.addTrainee(named: "<b>Bo</b>", at: fixture.now)
        fixture.now += 3600
        let environment = [
            "SPACERT_NOW": ISO8601.format(fixture.now), "SPACERT_DB": fixture.store.path,
            "SPACERT_BANKS": fixture.directory, "TZ": "UTC", "NO_COLOR": "1",
        ]
        return (fixture, environment)
    }

    @Test("report trainee prints the text report on stdout; an unknown trainee is exit 2")
    func trainee() throws {
        let (fixture, environment) = try Self.fixture()
        let result = try runSpacert(["report", "trainee", "asha"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Trainee report: Asha\n"))
        #expect(result.stdout.contains("certified"))
        #expect(result.stdout.contains("Missed in the latest attempt"))
        #expect(result.stdout.contains("\(fixture.directory)/"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stderr.isEmpty)

        let unknown = try runSpacert(["report", "trainee", "Nobody"], environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.hasPrefix("spacert: error: no trainee named 'Nobody'"))
    }

    @Test("report cohort --format html,csv,json: JSON on stdout, files under ./Reports named by date")
    func cohortFiles() throws {
        let (fixture, environment) = try Self.fixture()
        let work = try StoreScratch()
        let result = try runSpacert(
            ["report", "cohort", "--format", "html,csv,json"], environment: environment,
            directory: work.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let day = String(ISO8601.format(fixture.now).prefix(10))
        #expect(result.stderr == "wrote Reports/cohort-\(day).html\nwrote Reports/cohort-\(day).csv\n")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1 && json["report"] as? String == "cohort")
        let statuses = (json["trainees"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", ($0["certification"] as? [String: Any])?["status"] as? String ?? "")
        }
        #expect(
            statuses.map(\.0) == ["<b>Bo</b>", "Asha"] && statuses.map(\.1) == ["not-started", "certified"])

        let html = try String(contentsOfFile: work.path("Reports/cohort-\(day).html"), encoding: .utf8)
        #expect(html.contains("&lt;b&gt;Bo&lt;/b&gt;") && !html.contains("<b>Bo"))
        let csv = try String(contentsOfFile: work.path("Reports/cohort-\(day).csv"), encoding: .utf8)
        #expect(csv.hasPrefix("trainee,archived,status,") && csv.contains("\r\nAsha,no,certified,"))
        let files = try FileManager.default.contentsOfDirectory(atPath: work.path("Reports")).sorted()
        #expect(files == ["cohort-\(day).csv", "cohort-\(day).html"])
    }

    @Test("report items --out DIR writes every format as a file, stdout stays empty")
    func itemsOut() throws {
        let (fixture, environment) = try Self.fixture()
        let out = try StoreScratch()
        let result = try runSpacert(
            ["report", "items", "--attempts", "all", "--format", "markdown,text", "--out", out.directory],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let day = String(ISO8601.format(fixture.now).prefix(10))
        let markdown = try String(contentsOfFile: out.path("items-\(day).md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# Item analysis\n"))
        #expect(markdown.contains("Attempts counted: all"))
        #expect(markdown.contains("- **Attempts counted:** 2 by 1 trainee"))
        #expect(FileManager.default.fileExists(atPath: out.path("items-\(day).txt")))
        #expect(result.stderr.contains("wrote \(out.path("items-\(day).txt"))"))
    }

    @Test("usage errors are exit 64")
    func usage() throws {
        let (_, environment) = try Self.fixture()
        let format = try runSpacert(["report", "cohort", "--format", "html,pdf"], environment: environment)
        #expect(format.status == 64)
        #expect(format.stderr.contains("unknown report format 'pdf'"))
        let attempts = try runSpacert(["report", "items", "--attempts", "best"], environment: environment)
        #expect(attempts.status == 64)
    }
}
