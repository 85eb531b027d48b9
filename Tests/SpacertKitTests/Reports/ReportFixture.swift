import Foundation

@testable import SpacertKit

/// Trainees, questions, exam results and a policy made directly, for the report tests.
enum ReportFixture {
    /// 2026-03-02 09:00 UTC.
    static let now = ISO8601.parse("2026-03-02T09:00:00Z")!

    /// The shipped policy's shape: 80% to pass, 70% per area, 12 months, warned 30 days ahead.
    static func policy(
        areas: [CertificationPolicy.Area] = SpacertKit.Category.allCases.map {
            .init(category: $0, questions: 1, minimum: 0.7)
        }, validityMonths: Int = 12, warnDays: Int = 30
    ) -> CertificationPolicy {
        CertificationPolicy(
            id: "test-policy", title: "Test policy", areas: areas, passMark: 0.8, allCritical: true,
            partialCredit: [.multiple: .proportional, .order: .proportional, .match: .proportional],
            timeLimitMinutes: 45, maxAttempts: 3, waitHours: 24, criticalRecall: 0.85, minimumReviews: 50,
            validityMonths: validityMonths, warnDays: warnDays,
            location: SpacertKit.SourceLocation(file: "certification.xml", line: 1))
    }

    /// A single-choice question with `choices` choices, the first right.
    static func question(
        _ id: String, category: SpacertKit.Category = .techniques, choices: Int = 3, critical: Bool = false,
        prompt: String? = nil, explanation: String = "Because it is safest.", rev: Int = 1
    ) -> Question {
        Question(
            id: id, type: .single, rev: rev, critical: critical, prompt: prompt ?? "Which one for \(id)?",
            body: .choices((0..<choices).map { Choice(text: "Choice \($0 + 1) of \(id)", correct: $0 == 0) }),
            explanation: explanation, source: Citation(article: "a.txt", section: "s"),
            bankID: category.rawValue, category: category,
            location: SpacertKit.SourceLocation(file: "\(category.rawValue).xml", line: 10))
    }

    /// A trainee.
    static func trainee(_ id: Int64, _ name: String) -> Trainee {
        Trainee(id: id, name: name, created: now.addingTimeInterval(-400 * 86_400), archived: false)
    }

    /// A graded item answering `question` with `score`, picking `picked` (written indices).
    static func item(
        _ position: Int, _ question: Question, score: Double, picked: [Int]? = nil
    ) -> GradedItem {
        GradedItem(
            position: position, questionID: question.id, rev: question.rev, category: question.category,
            type: question.type, critical: question.critical, answer: .keys(["a"]),
            picked: picked ?? [score == 1 ? 0 : 1], score: score, correct: score == 1)
    }

    /// A result of `trainee` finished at `finished`, scored from its items.
    static func result(
        _ attemptID: String, trainee: Trainee, finished: Date, items: [GradedItem], passed: Bool? = nil,
        ending: ExamEnding = .submitted, policyID: String = "test-policy", certified: Bool = true
    ) -> ExamResult {
        let score = items.isEmpty ? 0 : items.reduce(0) { $0 + $1.score } / Double(items.count)
        var categories: [String: Double] = [:]
        for (category, inArea) in Dictionary(grouping: items, by: \.category) {
            categories[category.rawValue] = inArea.reduce(0) { $0 + $1.score } / Double(inArea.count)
        }
        let didPass = passed ?? (score >= 0.8)
        return ExamResult(
            attemptID: attemptID, traineeID: trainee.id, trainee: trainee.name,
            started: finished.addingTimeInterval(-1_800), finished: finished, ending: ending, passed: didPass,
            score: score, categories: categories,
            reasons: didPass ? [] : ["overall score is below the pass mark"],
            items: items, policyID: policyID, policyHash: "p", banksHash: "b",
            // A pass at a desk with the spa's key names its certificate; one at a branch
            // terminal (`certified: false`) waits for the manager's desk.
            certificateID: didPass && certified ? "cert-\(attemptID)" : nil)
    }

    /// `days` days before `now`.
    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
}
