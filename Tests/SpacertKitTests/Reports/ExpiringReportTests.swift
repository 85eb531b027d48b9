import Foundation
import Testing

@testable import SpacertKit

@Suite("spacert report expiring: certificates before they lapse")
struct ExpiringReportTests {
    /// Asha passes on 2026-12-02 (valid 12 months); Ben never sat the exam.
    static func fixture() throws -> ExamFixture {
        let fixture = try ExamFixture()
        let attempt = try fixture.begin()
        try fixture.answerAll(attempt)
        // Through the certificate desk, as 'spacert exam' does it.
        let desk = CertificateDesk(
            keyPath: fixture.keyPath, outputDirectory: fixture.reports, banks: try fixture.bankSet(),
            content: try fixture.proctor().content, store: fixture.store)
        #expect(try attempt.finish(ending: .submitted, issue: desk.sign).passed)
        try desk.writeSigned()
        let printed = try #require(desk.printed)
        #expect(FileManager.default.fileExists(atPath: printed.pdf))
        #expect(try fixture.store.certificates().count == 1)
        try fixture.store.addTrainee(named: "Ben", at: fixture.now)
        return fixture
    }

    func run(_ fixture: ExamFixture, _ arguments: [String], now: String) throws -> ProcessResult {
        try runSpacert(
            ["report", "expiring"] + arguments,
            environment: [
                "SPACERT_NOW": now, "SPACERT_DB": fixture.store.path, "SPACERT_BANKS": fixture.directory,
                "TZ": "UTC", "NO_COLOR": "1",
            ])
    }

    @Test("a certificate lapsing within the window is listed with its readiness; exit 1")
    func lapsing() throws {
        let fixture = try Self.fixture()
        let text = try run(fixture, ["--within", "60d"], now: "2027-11-10T09:00:00Z")
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("1 certificate lapses by 2028-01-09"))
        #expect(text.stdout.contains("Asha"))
        #expect(text.stdout.contains("2027-12-02"))
        #expect(!text.stdout.contains("Ben"))
        // Renewal opened on 2027-11-02: Asha may sit the exam now.
        #expect(text.stdout.contains("ready"))
        let json = try run(fixture, ["--within", "8w", "--format", "json"], now: "2027-11-10T09:00:00Z")
        #expect(json.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["report"] as? String == "expiring")
        #expect(object["within_days"] as? Int == 56)
        let rows = try #require(object["therapists"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["Asha"])
        #expect(rows.first?["days_to_expiry"] as? Int == 22)
        #expect(rows.first?["ready"] as? Bool == true)
        #expect((rows.first?["certificate_id"] as? String)?.hasPrefix("SPC-") == true)
    }

    @Test("nothing lapses within a shorter window: exit 0; CSV names the columns")
    func nothing() throws {
        let fixture = try Self.fixture()
        let text = try run(fixture, ["--within", "10d"], now: "2027-11-10T09:00:00Z")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("No certificate lapses by 2027-11-20"))
        let out = fixture.stores.path("out")
        let csv = try run(
            fixture, ["--within", "60", "--format", "csv", "--out", out], now: "2027-11-10T09:00:00Z")
        #expect(csv.status == 1)
        let file = try String(contentsOfFile: out + "/expiring-2027-11-10.csv", encoding: .utf8)
        #expect(
            file.hasPrefix(
                "trainee,certificate,certified_on,expires,days_to_expiry,lapsed,ready,readiness\r\n"))
        #expect(file.contains("\r\nAsha,SPC-"))
    }

    @Test("a lapsed certificate is listed as lapsed but does not fail the window; a bad window is exit 2")
    func lapsedAndBadWindow() throws {
        let fixture = try Self.fixture()
        let text = try run(fixture, [], now: "2028-01-10T09:00:00Z")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("lapsed 39 d ago"))
        for bad in ["0d", "soon", "99999d", "1y"] {
            let refused = try run(fixture, ["--within", bad], now: "2027-11-10T09:00:00Z")
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--within is '\(bad)'"))
        }
    }
}
