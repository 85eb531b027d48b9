import Foundation
import Testing

@testable import SpacertKit

/// A spa group's branches: trainees added to, listed by and moved between branches; the cohort
/// report and `exam check` for one branch; a section per branch.
@Suite("branches of a spa group, run as a process")
struct BranchTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("add to a branch, list by branch, move; the cohort report and exam check for one branch")
    func branches() throws {
        // Asha (failed) and Ben (attempt open) are in the default branch.
        let (fixture, environment) = try ReportDeskTests.fixture()
        defer { withExtendedLifetime(fixture) {} }
        let add = try runSpacert(
            ["trainee", "add", "Cleo", "--branch", " Harbour "], environment: environment)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("added trainee 'Cleo' to branch 'Harbour'"))
        #expect(
            try runSpacert(["trainee", "add", "Dev", "--branch", "harbour"], environment: environment).status
                == 0)

        // Listing: every trainee with a branch; one branch, ignoring ASCII case.
        let all = try json(try runSpacert(["trainee", "list", "--json"], environment: environment).stdout)
        let entries = try #require(all["trainees"] as? [[String: Any]])
        let branchOf = Dictionary(
            uniqueKeysWithValues: entries.map { ($0["name"] as! String, $0["branch"] as! String) })
        // A branch keeps the spelling it was first given.
        #expect(branchOf == ["Asha": "main", "Ben": "main", "Cleo": "Harbour", "Dev": "Harbour"])
        let harbour = try runSpacert(["trainee", "list", "--branch", "HARBOUR"], environment: environment)
        #expect(
            harbour.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) } == [
                "Cleo", "Dev",
            ])

        // The cohort report of one branch holds its trainees only; of all, a section per branch.
        let one = try runSpacert(
            ["report", "cohort", "--branch", "Harbour", "--format", "json"], environment: environment)
        #expect(one.status == 0, "\(one.stderr)")
        let rows = try #require(try json(one.stdout)["trainees"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["Cleo", "Dev"])
        let whole = try json(
            try runSpacert(["report", "cohort", "--format", "json"], environment: environment).stdout)
        let branches = try #require(whole["branches"] as? [[String: Any]])
        #expect(branches.map { $0["branch"] as? String } == ["Harbour", "main"])
        #expect(branches.map { $0["trainees"] as? Int } == [2, 2])
        // Asha's latest attempt failed; Ben's is open: the main branch has one not passed.
        #expect(branches[1]["not_passed"] as? Int == 1 && branches[1]["passed"] as? Int == 0)
        let text = try runSpacert(["report", "cohort"], environment: environment).stdout
        #expect(text.contains("Branches") && text.contains("Harbour"))
        let single = try runSpacert(["report", "cohort", "--branch", "main"], environment: environment).stdout
        #expect(!single.contains("Branches"))

        // exam check for a branch: each of its trainees, rule by rule.
        let check = try runSpacert(
            ["exam", "check", "--branch", "harbour", "--json"], environment: environment)
        // The fixture's policy asks for no practice: both may start.
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stdout.contains("Cleo") && check.stdout.contains("Dev") && !check.stdout.contains("Asha"))

        // Moving keeps the trainee's history and changes the report's grouping.
        let move = try runSpacert(
            ["trainee", "move", "Asha", "--branch", "Harbour"], environment: environment)
        #expect(move.status == 0, "\(move.stderr)")
        let moved = try json(
            try runSpacert(
                ["report", "cohort", "--branch", "harbour", "--format", "json"], environment: environment
            )
            .stdout)
        let asha = try #require(
            (moved["trainees"] as? [[String: Any]])?.first { $0["name"] as? String == "Asha" })
        #expect(asha["result"] as? String == "not passed" && asha["attempts"] as? Int == 1)
    }

    @Test("a hostile or unknown branch is one clear line (exit 2), and nothing is written")
    func hostileBranch() throws {
        let (fixture, environment) = try ReportDeskTests.fixture()
        defer { withExtendedLifetime(fixture) {} }
        for branch in ["", "   ", "Ha\u{1B}[2Jrbour", String(repeating: "b", count: 65)] {
            let run = try runSpacert(["trainee", "add", "Eve", "--branch", branch], environment: environment)
            #expect(run.status == 2, "\(branch.debugDescription): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1 && !run.stderr.contains("\u{1B}"))
            let moved = try runSpacert(
                ["trainee", "move", "Asha", "--branch", branch], environment: environment)
            #expect(moved.status == 2)
        }
        #expect(try fixture.store.trainee(named: "Eve") == nil)
        #expect(try fixture.store.trainee(named: "Asha")?.branch == Trainee.defaultBranch)
        let unknown = try runSpacert(["report", "cohort", "--branch", "Nowhere"], environment: environment)
        #expect(unknown.status == 2 && unknown.stderr.contains("no trainee in branch 'Nowhere'"))
        let check = try runSpacert(["exam", "check", "--branch", "Nowhere"], environment: environment)
        #expect(check.status == 2 && check.stderr.contains("no trainee in branch"))
        let both = try runSpacert(
            ["exam", "check", "--trainee", "Asha", "--branch", "main"], environment: environment)
        // A usage error, as --trainee with --all.
        #expect(both.status == 64 && both.stderr.contains("not both"))
    }
}
