import Foundation
import Testing

@testable import SpacertKit

/// Certification status at its boundaries: expiry, the warning window, and trainees without a pass.
@Suite("certification standing")
struct CertificationStandingTests {
    static let anna = ReportFixture.trainee(1, "Anna")
    static let question = ReportFixture.question("q1")
    /// Passed at 2025-03-02 09:00 UTC: expires 2026-03-02 09:00 UTC with 12 months' validity.
    static let passedAt = ISO8601.parse("2025-03-02T09:00:00Z")!
    static let expiry = ISO8601.parse("2026-03-02T09:00:00Z")!

    static func pass(at time: Date = passedAt, ending: ExamEnding = .submitted) -> ExamResult {
        ReportFixture.result(
            "pass", trainee: anna, finished: time, items: [ReportFixture.item(1, question, score: 1)],
            ending: ending)
    }

    static func standing(
        _ results: [ExamResult], practised: Bool = false, at now: Date, warnDays: Int = 30
    ) -> CertificationStanding {
        CertificationStanding(
            results: results, practised: practised, policy: ReportFixture.policy(warnDays: warnDays), now: now
        )
    }

    @Test("a certificate expires exactly validityMonths calendar months after the pass, in UTC")
    func expiryDate() {
        let standing = Self.standing([Self.pass()], at: Self.passedAt)
        #expect(standing.expires == Self.expiry)
        #expect(standing.certifiedOn == Self.passedAt)
        #expect(standing.attemptID == "pass")
        let endOfJanuary = ISO8601.parse("2026-01-31T12:00:00Z")!
        let clamped = CertificationStanding(
            results: [Self.pass(at: endOfJanuary)], practised: false,
            policy: ReportFixture.policy(validityMonths: 1), now: endOfJanuary)
        #expect(clamped.expires == ISO8601.parse("2026-02-28T12:00:00Z")!)
    }

    @Test("exactly at expiry it has expired; a second before, it is expiring")
    func atExpiry() {
        #expect(Self.standing([Self.pass()], at: Self.expiry).status == .expired)
        #expect(Self.standing([Self.pass()], at: Self.expiry).daysToExpiry == 0)
        #expect(Self.standing([Self.pass()], at: Self.expiry - 1).status == .expiring)
        #expect(Self.standing([Self.pass()], at: Self.expiry + 86_400 * 3).daysToExpiry == -3)
    }

    @Test("exactly warnDays before expiry it is expiring; a second earlier, certified")
    func warningWindow() {
        let warnFrom = Self.expiry - 30 * 86_400
        #expect(Self.standing([Self.pass()], at: warnFrom).status == .expiring)
        #expect(Self.standing([Self.pass()], at: warnFrom).daysToExpiry == 30)
        #expect(Self.standing([Self.pass()], at: warnFrom - 1).status == .certified)
        #expect(Self.standing([Self.pass()], at: warnFrom - 1, warnDays: 0).status == .certified)
        #expect(Self.standing([Self.pass()], at: Self.expiry - 1, warnDays: 0).status == .certified)
    }

    @Test("without a pass: not started, or in training once practised or attempted")
    func withoutAPass() {
        let now = ReportFixture.now
        #expect(Self.standing([], at: now).status == .notStarted)
        #expect(Self.standing([], practised: true, at: now).status == .inTraining)
        let failed = ReportFixture.result(
            "fail", trainee: Self.anna, finished: now - 86_400,
            items: [ReportFixture.item(1, Self.question, score: 0)])
        let standing = Self.standing([failed], at: now)
        #expect(standing.status == .inTraining)
        #expect(standing.expires == nil && standing.daysToExpiry == nil)
    }

    @Test("the latest pass counts, a voided one never does, and a later failure keeps the certificate")
    func latestPass() {
        let now = ReportFixture.now
        let old = Self.pass()
        var renewed = Self.pass(at: now - 10 * 86_400)
        renewed.attemptID = "renewed"
        var voided = Self.pass(at: now - 86_400, ending: .voided)
        voided.attemptID = "voided"
        var failed = ReportFixture.result(
            "fail", trainee: Self.anna, finished: now - 3600,
            items: [ReportFixture.item(1, Self.question, score: 0)])
        failed.passed = false
        let standing = Self.standing([old, renewed, voided, failed], at: now)
        #expect(standing.status == .certified)
        #expect(standing.attemptID == "renewed")
        #expect(Self.standing([voided], at: now).status == .inTraining)
        #expect(Self.standing([old], at: now).status == .expired)
    }
}
