import Foundation
import SpacertKit
import Testing

/// A policy the exam can always keep: every number in range, one policy file.
@Suite("policy ranges and the one policy file", .serialized)
struct PolicyRangeTests {
    func lint(_ fixture: ExamFixture) throws -> ProcessResult {
        try runSpacert(["lint"], environment: ["SPACERT_BANKS": fixture.directory])
    }

    @Test(
        "numbers out of range are lint errors and leave no policy",
        arguments: [
            (#"<time-limit minutes="30"/>"#, #"<time-limit minutes="99999999999999999999"/>"#),
            (#"<time-limit minutes="30"/>"#, #"<time-limit minutes="9223372036854775807"/>"#),
            (#"<time-limit minutes="30"/>"#, #"<time-limit minutes="601"/>"#),
            (#"<validity months="12""#, #"<validity months="9223372036854775807""#),
            (#"<validity months="12""#, #"<validity months="99999999999999999999""#),
            (#"<validity months="12""#, #"<validity months="121""#),
            (#"<attempts max="2""#, #"<attempts max="101""#),
            (#"wait-hours="24""#, #"wait-hours="8761""#),
            (#"warn-days="30""#, #"warn-days="366""#),
        ])
    func outOfRange(_ edit: (String, String)) throws {
        let policy = ExamFixture.policy().replacingOccurrences(of: edit.0, with: edit.1)
        #expect(policy.contains(edit.1))
        let fixture = try ExamFixture(policy: policy)
        let run = try lint(fixture)
        #expect(run.status == 1, "\(edit.1): \(run.stdout)")
        #expect(run.stdout.contains("certification.xml:"), "\(run.stdout)")
        #expect(try fixture.bankSet().policy == nil)
    }

    @Test("the highest values in range make an exam that can be kept")
    func edges() throws {
        let fixture = try ExamFixture(
            policy: ExamFixture.policy(minutes: 600, attempts: 100, wait: 8_760, months: 120))
        #expect(try lint(fixture).status == 0)
        let policy = try #require(try fixture.bankSet().policy)
        #expect(policy.timeLimitMinutes == 600 && policy.validityMonths == 120)
        let attempt = try fixture.begin()
        #expect(attempt.secondsLeft == 600 * 60)
    }

    @Test("a second policy file, or none, is a lint error")
    func onePolicy() throws {
        let fixture = try ExamFixture()
        try fixture.banks.write("a-policy.xml", ExamFixture.policy(minutes: 1))
        let second = try lint(fixture)
        #expect(second.status == 1)
        #expect(second.stdout.contains("a-policy.xml:1:") && second.stdout.contains("a second policy file"))
        #expect(try fixture.bankSet().policy?.timeLimitMinutes == 30)
        try FileManager.default.removeItem(
            atPath: fixture.banks.directory.appendingPathComponent("a-policy.xml").path)
        try FileManager.default.removeItem(
            atPath: fixture.banks.directory.appendingPathComponent("certification.xml").path)
        let none = try lint(fixture)
        #expect(none.status == 1)
        #expect(none.stdout.contains("there is no certification policy"), "\(none.stdout)")
    }
}
