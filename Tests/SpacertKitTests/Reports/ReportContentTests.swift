import Foundation
import Testing

@testable import SpacertKit

/// What the trainee and cohort reports say, from a small team built in memory.
@Suite("trainee and cohort reports")
struct ReportContentTests {
    static let questions = [
        ReportFixture.question("tq-1", category: .techniques),
        ReportFixture.question("bm-1", category: .bodyMechanics),
        ReportFixture.question(
            "co-1", category: .communication, explanation: "Ask before you start."),
        ReportFixture.question(
            "ci-1", category: .contraindications, critical: true, explanation: "Fever means no massage today."
        ),
    ]
    static let anna = ReportFixture.trainee(1, "Anna")
    static let ben = ReportFixture.trainee(2, "Ben")
    static let cleo = ReportFixture.trainee(3, "Cleo")
    static let dan = ReportFixture.trainee(4, "Dan")
    static let eve = ReportFixture.trainee(5, "Eve")

    static func attempt(_ id: String, _ trainee: Trainee, daysAgo: Double, scores: [Double]) -> ExamResult {
        ReportFixture.result(
            id, trainee: trainee, finished: ReportFixture.daysAgo(daysAgo),
            items: zip(questions, scores).enumerated().map {
                ReportFixture.item(
                    $0.offset + 1, $0.element.0, score: $0.element.1, picked: $0.element.1 == 1 ? [0] : [2])
            })
    }

    /// Anna failed, then passed 20 days ago; Ben passed 350 days ago (expiring); Cleo passed
    /// 400 days ago (expired); Dan only failed; Eve has not started.
    static func input() -> ReportInput {
        ReportInput(
            trainees: [anna, ben, cleo, dan, eve],
            results: [
                attempt("cleo-1", cleo, daysAgo: 400, scores: [1, 1, 1, 1]),
                attempt("ben-1", ben, daysAgo: 350, scores: [1, 1, 1, 1]),
                attempt("anna-1", anna, daysAgo: 40, scores: [1, 0, 0, 0]),
                attempt("dan-1", dan, daysAgo: 30, scores: [0, 1, 0, 0]),
                attempt("anna-2", anna, daysAgo: 20, scores: [1, 1, 0.5, 1]),
            ],
            practice: [
                anna.id: PracticeFigures(
                    reviews: 120, reviewsLast30Days: 40, practiceReviews: 100, practiceCorrect: 80,
                    lastPractised: ReportFixture.daysAgo(1), dueNow: 3, dueNext7Days: 9, criticalRecalled: 1,
                    criticalTotal: 1),
                dan.id: PracticeFigures(
                    reviews: 10, reviewsLast30Days: 10, practiceReviews: 10, practiceCorrect: 5,
                    lastPractised: ReportFixture.daysAgo(10), criticalRecalled: 0, criticalTotal: 1),
            ],
            questions: questions, policy: ReportFixture.policy(), now: ReportFixture.now)
    }

    @Test(
        "trainee report: attempts, areas of the latest attempt, missed questions with explanations and places"
    )
    func trainee() throws {
        let report = TraineeReport(trainee: Self.anna, input: Self.input())
        #expect(report.attempts.map(\.attemptID) == ["anna-1", "anna-2"])
        #expect(report.latestAttemptID == "anna-2")
        #expect(report.certification.status == .certified)
        #expect(report.areas.map(\.score) == [1, 1, 0.5, 1])
        #expect(report.areas.map(\.below) == [false, false, true, false])
        let missed = try #require(report.missed.first)
        #expect(report.missed.count == 1)
        #expect(missed.questionID == "co-1" && missed.score == 0.5)
        #expect(missed.explanation == "Ask before you start.")
        #expect(missed.location == "communication.xml:10")
        #expect(missed.rightAnswer == "Choice 1 of co-1" && missed.given == "Choice 3 of co-1")

        let text = try report.rendered(.text)
        #expect(text.contains("Trainee report: Anna"))
        #expect(text.contains("Ask before you start."))
        #expect(text.contains("communication.xml:10"))
        #expect(text.contains("certified"))
        let html = try report.rendered(.html)
        #expect(html.contains("<svg") && html.contains("@page { size: A4"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1 && json["report"] as? String == "trainee")
        let practice = try #require(json["practice"] as? [String: Any])
        #expect(practice["retention"] as? Double == 0.8)
        #expect(practice["reviews_last_30_days"] as? Int == 40)
        let csv = try report.rendered(.csv)
        #expect(csv.hasPrefix("trainee,attempt,started,finished,ending,passed,score_pct,techniques_pct,"))
        #expect(csv.components(separatedBy: "\r\n").count == 4)
    }

    @Test(
        "a pass with no certificate yet awaits one, in the cohort report, its branch and the trainee report; an old one has expired"
    )
    func awaitingCertificate() throws {
        // Fay passed at a branch terminal, with no key: no certificate yet. Gus passed at the
        // desk. Hal passed at a terminal 400 days ago, never certified: that pass has run out.
        let fay = Trainee(
            id: 6, name: "Fay", created: ReportFixture.daysAgo(60), archived: false, branch: "Harbour")
        let gus = Trainee(
            id: 7, name: "Gus", created: ReportFixture.daysAgo(60), archived: false, branch: "Harbour")
        let hal = Trainee(id: 8, name: "Hal", created: ReportFixture.daysAgo(500), archived: false)
        func pass(_ id: String, _ trainee: Trainee, daysAgo: Double, certified: Bool) -> ExamResult {
            ReportFixture.result(
                id, trainee: trainee, finished: ReportFixture.daysAgo(daysAgo),
                items: zip(Self.questions, [1.0, 1, 1, 1]).enumerated().map {
                    ReportFixture.item($0.offset + 1, $0.element.0, score: $0.element.1, picked: [0])
                }, certified: certified)
        }
        let input = ReportInput(
            trainees: [fay, gus, hal],
            results: [
                pass("fay-1", fay, daysAgo: 2, certified: false),
                pass("gus-1", gus, daysAgo: 3, certified: true),
                pass("hal-1", hal, daysAgo: 400, certified: false),
            ],
            practice: [:], questions: Self.questions, policy: ReportFixture.policy(), now: ReportFixture.now)
        let report = CohortReport(input: input)
        let statuses = Dictionary(
            uniqueKeysWithValues: report.trainees.map { ($0.name, $0.certification.status) })
        #expect(statuses == ["Fay": .awaitingCertificate, "Gus": .certified, "Hal": .expired])
        #expect(report.statuses.first { $0.status == .awaitingCertificate }?.count == 1)
        let harbour = try #require(report.branches.first { $0.branch == "Harbour" })
        #expect(harbour.certified == 1 && harbour.awaitingCertificate == 1 && harbour.passed == 2)
        #expect(report.branches.first { $0.branch == "main" }?.awaitingCertificate == 0)

        let text = try report.rendered(.text)
        #expect(text.contains("awaiting certificate"))
        #expect(text.contains("Awaiting certificate"))
        #expect(text.contains("'spacert certificate issue'"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let rows = try #require(json["trainees"] as? [[String: Any]])
        let fayRow = try #require(rows.first { $0["name"] as? String == "Fay" })
        #expect((fayRow["certification"] as? [String: Any])?["status"] as? String == "awaiting-certificate")
        #expect(try report.rendered(.csv).contains("\r\nFay,no,awaiting-certificate,"))

        // The trainee report says the pass waits, and where it is certified.
        let trainee = TraineeReport(trainee: fay, input: input)
        #expect(trainee.certification.status == .awaitingCertificate)
        let traineeText = try trainee.rendered(.text)
        #expect(traineeText.contains("Passed on") && !traineeText.contains("Certified on"))
        #expect(traineeText.contains("manager's desk"))
    }

    @Test("cohort report: every status, weak areas, most-missed questions, practice activity")
    func cohort() throws {
        let report = CohortReport(input: Self.input())
        let statuses = Dictionary(
            uniqueKeysWithValues: report.trainees.map { ($0.name, $0.certification.status) })
        #expect(
            statuses == [
                "Anna": .certified, "Ben": .expiring, "Cleo": .expired, "Dan": .inTraining,
                "Eve": .notStarted,
            ])
        // certified, expiring, awaiting certificate, expired, in training, not started
        #expect(report.statuses.map(\.count) == [1, 1, 0, 1, 1, 1])
        #expect(report.trainees.first { $0.name == "Anna" }?.latestScore == 0.875)
        // Latest attempts: Anna [1, 1, .5, 1], Ben and Cleo [1, 1, 1, 1], Dan [0, 1, 0, 0].
        let communication = try #require(report.areas.first { $0.category == .communication })
        #expect(communication.meanScore == 0.625 && communication.weak && communication.below == 2)
        let techniques = try #require(report.areas.first { $0.category == .techniques })
        #expect(techniques.meanScore == 0.75 && !techniques.weak && techniques.below == 1)
        // Missed over all five attempts: co-1 three times, ci-1 twice, tq-1 and bm-1 once each.
        #expect(report.mostMissed.map(\.questionID) == ["co-1", "ci-1", "bm-1", "tq-1"])
        #expect(report.mostMissed.first?.missRate == 0.6)
        #expect(report.activity.activeLast7Days == 1 && report.activity.activeLast30Days == 2)
        #expect(report.activity.retention == 85.0 / 110)
        #expect(report.activity.criticalReady == 1)

        let text = try report.rendered(.text)
        #expect(text.contains("Weak: communication"))
        let csv = try report.rendered(.csv)
        #expect(csv.components(separatedBy: "\r\n").count == 7)
        #expect(csv.contains("\r\nBen,no,expiring,"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1 && json["report"] as? String == "cohort")
        let rows = try #require(json["trainees"] as? [[String: Any]])
        let eve = try #require(rows.first { $0["name"] as? String == "Eve" })
        #expect(eve["latest_score"] is NSNull)
        let certification = try #require(eve["certification"] as? [String: Any])
        #expect(certification["status"] as? String == "not-started" && certification["expires"] is NSNull)
        let html = try report.rendered(.html)
        #expect(html.contains("<svg") && html.contains("<td class=\"nowrap warning\">"))
    }

    @Test("output plan: text to stdout, other formats to files; --out makes every format a file")
    func outputPlan() throws {
        let report = CohortReport(input: Self.input())
        let plan = ReportOutput.plan(formats: [.text, .html, .csv], outDirectory: nil, report: report)
        #expect(
            plan.map(\.destination) == [
                .standardOutput, .file("Reports/cohort-2026-03-02.html"),
                .file("Reports/cohort-2026-03-02.csv"),
            ])
        let json = ReportOutput.plan(formats: [.json, .markdown], outDirectory: nil, report: report)
        #expect(json.map(\.destination) == [.standardOutput, .file("Reports/cohort-2026-03-02.md")])
        let both = ReportOutput.plan(formats: [.json, .text], outDirectory: nil, report: report)
        #expect(both.map(\.destination) == [.file("Reports/cohort-2026-03-02.json"), .standardOutput])
        let out = ReportOutput.plan(formats: [.text], outDirectory: "/tmp/x/", report: report)
        #expect(out.map(\.destination) == [.file("/tmp/x/cohort-2026-03-02.txt")])
        #expect(throws: SpacertError.self) { try ReportFormat.list("html,pdf") }
        #expect(try ReportFormat.list("html, CSV,md,html") == [.html, .csv, .markdown])
    }

    @Test("report files are replaced whole, with no temporary file left behind")
    func atomicFile() throws {
        let scratch = try StoreScratch()
        let path = scratch.path("deep/er/report.txt")
        try ReportFile.write("first\n", to: path)
        try ReportFile.write("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.txt"])
        #expect(throws: SpacertError.self) {
            try ReportFile.write("x", to: scratch.path("deep/er/report.txt/x"))
        }
    }
}
