import Foundation
import Testing

@testable import SpacertKit

/// The item statistics against values worked out by hand (independently, in Python).
@Suite("item analysis")
struct ItemAnalysisTests {
    // The expected values come from this snippet (plain Python 3, no libraries):
    //
    //   from math import sqrt
    //   X = [[1, 1, 0.5], [1, 0, 1], [0, 0, 0], [1, 1, 1], [0, 1, 0]]
    //   S, P = len(X), len(X[0])
    //   mean = lambda v: sum(v) / len(v)
    //   def cov(a, b):
    //       ma, mb = mean(a), mean(b)
    //       return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (len(a) - 1)
    //   T = [sum(r) for r in X]
    //   sw = sum(sqrt(max(0, cov([r[i] for r in X], T))) for i in range(P))
    //   for i in range(P):
    //       x = [r[i] for r in X]; rest = [t - v for t, v in zip(T, x)]
    //       F = 100 * mean(x); SD = 100 * sqrt(cov(x, x))
    //       D = 100 * cov(x, rest) / sqrt(cov(x, x) * cov(rest, rest))
    //       DE = 100 * cov(x, rest) / cov(sorted(x), sorted(rest))
    //       EW = 100 * sqrt(cov(x, T)) / sw
    //   VT = cov(T, T)
    //   CIC = 100 * P / (P - 1) * (1 - sum(cov(c, c) for c in zip(*X)) / VT)
    //   ER = 100 * sqrt(1 - CIC / 100); SDT = sqrt(VT); m = mean(T); s = S
    //   m2, m3, m4 = (sum((t - m) ** k for t in T) / s for k in (2, 3, 4))
    //   k2 = s * m2 / (s - 1); k3 = s * s * m3 / ((s - 1) * (s - 2))
    //   k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
    //   # mean% = 100 m / P, sd% = 100 SDT / P, SE% = ER * sd% / 100,
    //   # skewness = k3 / k2 ** 1.5, kurtosis = k4 / k2 ** 2
    static let matrix: [[Double]] = [[1, 1, 0.5], [1, 0, 1], [0, 0, 0], [1, 1, 1], [0, 1, 0]]
    static let questions = [
        ReportFixture.question("q1", category: .techniques),
        ReportFixture.question("q2", category: .communication, choices: 2),
        ReportFixture.question("q3", category: .contraindications, choices: 4),
    ]

    static func results(_ matrix: [[Double]] = matrix) -> [ExamResult] {
        matrix.enumerated().map { row, scores in
            let trainee = ReportFixture.trainee(Int64(row + 1), "t\(row + 1)")
            return ReportFixture.result(
                "a\(row + 1)", trainee: trainee, finished: ReportFixture.daysAgo(Double(10 - row)),
                items: scores.enumerated().map {
                    ReportFixture.item($0.offset + 1, questions[$0.offset], score: $0.element)
                })
        }
    }

    static func analysis(_ results: [ExamResult], selection: AttemptSelection = .all) -> ItemAnalysis {
        var rules = ItemCheckRules()
        rules.minimumAttempts = 2
        return ItemAnalysis(
            results: results, questions: questions, policy: ReportFixture.policy(), selection: selection,
            rules: rules)
    }

    @Test("question statistics match the hand-worked values")
    func questionStatistics() throws {
        let exam = try #require(Self.analysis(Self.results()).exams.first)
        #expect(exam.questions.map(\.questionID) == ["q1", "q2", "q3"])
        let expected: [(f: Double, sd: Double, d: Double, de: Double, ew: Double)] = [
            (60, 54.77225575051662, 73.85489458759963, 100, 37.36036267899097),
            (60, 54.77225575051662, 8.908708063747483, 9.090909090909095, 28.53444832791321),
            (50, 50, 59.76143046671968, 66.66666666666667, 34.10518899309582),
        ]
        for (question, want) in zip(exam.questions, expected) {
            #expect(question.attempts == 5)
            #expect(abs(try #require(question.facility) - want.f) < 1e-9)
            #expect(abs(try #require(question.standardDeviation) - want.sd) < 1e-9)
            #expect(abs(try #require(question.discriminationIndex) - want.d) < 1e-9)
            #expect(abs(try #require(question.discriminativeEfficiency) - want.de) < 1e-9)
            #expect(abs(try #require(question.effectiveWeight) - want.ew) < 1e-9)
            #expect(abs(try #require(question.intendedWeight) - 100.0 / 3) < 1e-9)
        }
        #expect(abs(exam.questions.compactMap(\.effectiveWeight).reduce(0, +) - 100) < 1e-9)
        let guesses = exam.questions.compactMap(\.randomGuessScore)
        #expect(zip(guesses, [100.0 / 3, 50, 25]).allSatisfy { abs($0 - $1) < 1e-9 } && guesses.count == 3)
    }

    @Test("test statistics match the hand-worked values")
    func testStatistics() throws {
        let exam = try #require(Self.analysis(Self.results()).exams.first)
        #expect(exam.attempts == 5 && exam.trainees == 5 && exam.questionsPerAttempt == 3)
        #expect(abs(try #require(exam.meanScore) - 56.666666666666664) < 1e-9)
        #expect(abs(try #require(exam.medianScore) - 66.66666666666667) < 1e-9)
        #expect(abs(try #require(exam.standardDeviation) - 40.138648595974324) < 1e-9)
        #expect(abs(try #require(exam.cronbachAlpha) - 62.06896551724139) < 1e-9)
        #expect(abs(try #require(exam.errorRatio) - 61.58817620514397) < 1e-9)
        #expect(abs(try #require(exam.standardError) - 24.72066162365221) < 1e-9)
        #expect(abs(try #require(exam.skewness) - -0.6013638196305304) < 1e-9)
        #expect(abs(try #require(exam.kurtosis) - -0.9453032104637368) < 1e-9)
    }

    @Test("the weak question is flagged with its reasons in words")
    func checks() throws {
        let exam = try #require(Self.analysis(Self.results()).exams.first)
        let kinds = exam.questions.map { Set($0.checks.map(\.kind)) }
        #expect(kinds[0].isDisjoint(with: [.discriminationLow, .efficiencyLow]))
        #expect(kinds[1].isSuperset(of: [.discriminationLow, .efficiencyLow, .guessHigh]))
        let message = try #require(exam.questions[1].checks.first { $0.kind == .efficiencyLow }?.message)
        #expect(
            message == "discriminative efficiency 9.1% is under 15%: it discriminates far less than it could")
    }
}
