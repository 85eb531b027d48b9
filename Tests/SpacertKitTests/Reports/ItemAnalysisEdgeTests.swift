import Foundation
import Testing

@testable import SpacertKit

/// The item analysis where statistics are not defined, on exams that draw subsets, and with
/// each way of picking attempts.
@Suite("item analysis: edge cases")
struct ItemAnalysisEdgeTests {
    static let questions = ItemAnalysisTests.questions
    static let policy = ReportFixture.policy()

    @Test("one attempt: means only; everything else is n/a, never NaN")
    func singleAttempt() throws {
        let results = ItemAnalysisTests.results([[1, 0, 0.5]])
        let report = ItemsReport(
            input: ReportInput(
                trainees: [], results: results, practice: [:], questions: Self.questions, policy: Self.policy,
                now: ReportFixture.now), selection: .all)
        let exam = try #require(report.exams.first)
        #expect(exam.meanScore == 50 && exam.medianScore == 50)
        #expect(exam.standardDeviation == nil && exam.cronbachAlpha == nil && exam.errorRatio == nil)
        #expect(exam.standardError == nil && exam.skewness == nil && exam.kurtosis == nil)
        let first = exam.questions[0]
        #expect(first.facility == 100)
        #expect(first.standardDeviation == nil && first.discriminationIndex == nil)
        #expect(first.discriminativeEfficiency == nil && first.effectiveWeight == nil)
        let json = try report.rendered(.json)
        #expect(!json.contains("NaN") && !json.lowercased().contains("inf"))
        #expect(json.contains(#""cronbach_alpha" : null"#))
        let text = try report.rendered(.text)
        #expect(!text.contains("nan") && text.contains("n/a"))
    }

    @Test("no spread: SD 0, and discrimination and alpha n/a")
    func zeroVariance() throws {
        let results = ItemAnalysisTests.results(Array(repeating: [1, 1, 1], count: 4))
        let exam = try #require(ItemAnalysisTests.analysis(results).exams.first)
        #expect(exam.standardDeviation == 0)
        #expect(exam.cronbachAlpha == nil && exam.skewness == nil && exam.kurtosis == nil)
        for question in exam.questions {
            #expect(question.facility == 100 && question.standardDeviation == 0)
            #expect(question.discriminationIndex == nil && question.discriminativeEfficiency == nil)
            #expect(question.effectiveWeight == nil)
            #expect(question.checks.map(\.kind).contains(.facilityHigh))
        }
    }

    @Test("no attempts: no exams, and every format still renders")
    func noAttempts() throws {
        let report = ItemsReport(
            input: ReportInput(
                trainees: [], results: [], practice: [:], questions: Self.questions, policy: Self.policy,
                now: ReportFixture.now))
        #expect(report.exams.isEmpty)
        for format in ReportFormat.allCases { #expect(try !report.rendered(format).isEmpty) }
    }

    @Test("a question is measured over the attempts that contained it, against its attempt's rest")
    func subsets() throws {
        // Four attempts of two questions each drawn from q1, q2, q3: q1 is in every attempt,
        // q2 in the first two, q3 in the last two.
        let q = Self.questions
        let rows: [[(Question, Double)]] = [
            [(q[0], 1), (q[1], 1)], [(q[0], 0), (q[1], 0)], [(q[0], 1), (q[2], 0)], [(q[0], 0), (q[2], 1)],
        ]
        let results = rows.enumerated().map { index, row in
            ReportFixture.result(
                "a\(index)", trainee: ReportFixture.trainee(Int64(index), "t\(index)"),
                finished: ReportFixture.daysAgo(Double(5 - index)),
                items: row.enumerated().map {
                    ReportFixture.item($0.offset + 1, $0.element.0, score: $0.element.1)
                })
        }
        let exam = try #require(ItemAnalysisTests.analysis(results).exams.first)
        let byID = Dictionary(uniqueKeysWithValues: exam.questions.map { ($0.questionID, $0) })
        #expect(byID["q1"]?.attempts == 4 && byID["q2"]?.attempts == 2 && byID["q3"]?.attempts == 2)
        #expect(byID["q2"]?.facility == 50)
        // q2 agrees with the rest of its two attempts (1 with 1, 0 with 0): D = 100; q3 opposes it: D = -100.
        #expect(abs((byID["q2"]?.discriminationIndex ?? 0) - 100) < 1e-9)
        #expect(abs((byID["q3"]?.discriminationIndex ?? 0) + 100) < 1e-9)
        #expect(byID["q3"]?.checks.map(\.kind).contains(.discriminationNegative) == true)
        #expect(byID["q3"]?.checks.map(\.kind).contains(.covarianceNegative) == false)
    }

    @Test("first, last, highest and all pick attempts per trainee; voided attempts never count")
    func selection() {
        let anna = ReportFixture.trainee(1, "Anna")
        let q = Self.questions[0]
        let make = { (id: String, day: Double, score: Double, ending: ExamEnding) in
            ReportFixture.result(
                id, trainee: anna, finished: ReportFixture.daysAgo(day),
                items: [ReportFixture.item(1, q, score: score)],
                ending: ending)
        }
        let results = [
            make("a", 9, 0.5, .submitted), make("b", 7, 1, .submitted), make("c", 5, 1, .timedOut),
            make("d", 3, 0, .submitted), make("e", 1, 1, .voided),
        ]
        #expect(AttemptSelection.first.select(results).map(\.attemptID) == ["a"])
        #expect(AttemptSelection.last.select(results).map(\.attemptID) == ["d"])
        #expect(AttemptSelection.highest.select(results).map(\.attemptID) == ["b"])
        #expect(AttemptSelection.all.select(results).map(\.attemptID) == ["a", "b", "c", "d"])
        #expect(AttemptSelection.default == .highest)
    }

    @Test("distractor table: picks by top and bottom third; unpicked and top-heavy distractors flagged")
    func distractors() throws {
        // q3 has four choices, the first right. Six attempts, totals 2, 2, 1.5, 1.5, 0, 0: the top
        // two pick choice 2, the middle two the right one, the bottom two choice 3; no one picks 4.
        let q = Self.questions
        let picks: [(other: Double, pick: Int)] = [(2, 1), (2, 1), (0.5, 0), (0.5, 0), (0, 2), (0, 2)]
        let results = picks.enumerated().map { index, entry in
            ReportFixture.result(
                "a\(index)", trainee: ReportFixture.trainee(Int64(index), "t\(index)"),
                finished: ReportFixture.daysAgo(Double(10 - index)),
                items: [
                    ReportFixture.item(1, q[0], score: min(entry.other, 1)),
                    ReportFixture.item(2, q[1], score: max(entry.other - 1, 0)),
                    ReportFixture.item(3, q[2], score: entry.pick == 0 ? 1 : 0, picked: [entry.pick]),
                ])
        }
        let exam = try #require(ItemAnalysisTests.analysis(results).exams.first)
        let q3 = try #require(exam.questions.first { $0.questionID == "q3" })
        let table = try #require(q3.distractors)
        #expect(table.groupSize == 2)
        #expect(table.rows.map(\.picked) == [2, 2, 2, 0])
        #expect(table.rows.map(\.top) == [0, 2, 0, 0])
        #expect(table.rows.map(\.bottom) == [0, 0, 2, 0])
        #expect(table.rows.map(\.correct) == [true, false, false, false])
        #expect(table.rows[1].text == "Choice 2 of q3")
        let kinds = q3.checks.map(\.kind)
        #expect(kinds.contains(.distractorAttractsTop) && kinds.contains(.distractorUnpicked))
        #expect(q3.checks.first { $0.kind == .distractorUnpicked }?.choice == 3)
        let message = try #require(q3.checks.first { $0.kind == .distractorAttractsTop }?.message)
        #expect(
            message.hasPrefix(
                "choice 2 (\u{201C}Choice 2 of q3\u{201D}) was picked by more of the top third (2)"))
    }

    @Test("random guess scores by type and credit rule")
    func randomGuess() {
        let policy = ReportFixture.policy()
        let base = ReportFixture.question("x")
        var multiple = base
        multiple.type = .multiple
        multiple.body = .choices([
            Choice(text: "a", correct: true), Choice(text: "b", correct: true),
            Choice(text: "c", correct: false),
        ])
        // Non-empty subsets of {a, b, c}, a and b right: a, b = 0.5; ab = 1; c = 0; ac, bc = 0; abc = 0.5.
        #expect(abs((RandomGuessScore.of(multiple, policy: policy) ?? 0) - 2.5 / 7) < 1e-12)
        var strict = policy
        strict.partialCredit[.multiple] = .allOrNothing
        #expect(abs((RandomGuessScore.of(multiple, policy: strict) ?? 0) - 1.0 / 7) < 1e-12)
        var order = base
        order.type = .order
        order.body = .order(["1", "2", "3", "4"])
        #expect(RandomGuessScore.of(order, policy: policy) == 0.25)
        strict.partialCredit[.order] = .allOrNothing
        #expect(abs((RandomGuessScore.of(order, policy: strict) ?? 0) - 1.0 / 24) < 1e-12)
        var trueFalse = base
        trueFalse.type = .truefalse
        trueFalse.body = .trueFalse(true)
        #expect(RandomGuessScore.of(trueFalse, policy: policy) == 0.5)
    }
}
