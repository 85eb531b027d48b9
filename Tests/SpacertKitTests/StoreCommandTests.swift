import Foundation
import Testing

@testable import SpacertKit

/// `spacert trainee` and `spacert due`, run as the built binary.
struct StoreCommandTests {
    @Test func traineeAddListRenameArchive() throws {
        let scratch = try StoreScratch()
        let db = scratch.path("nested/progress.sqlite")
        let added = try runSpacert(["trainee", "add", "  Anna  ", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.isEmpty && added.stderr.contains("added trainee 'Anna'"))
        #expect(try runSpacert(["trainee", "add", "ben", "--db", db]).status == 0)

        let duplicate = try runSpacert(["trainee", "add", "ANNA", "--db", db])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr == "spacert: error: a trainee named 'Anna' already exists\n")
        let empty = try runSpacert(["trainee", "add", " ", "--db", db])
        #expect(empty.status == 2 && empty.stderr.hasPrefix("spacert: error: "))

        #expect(try runSpacert(["trainee", "rename", "ben", "Benjamin", "--db", db]).status == 0)
        #expect(try runSpacert(["trainee", "archive", "anna", "--db", db]).status == 0)
        let text = try runSpacert(["trainee", "list", "--db", db])
        #expect(text.status == 0 && text.stdout.hasPrefix("Benjamin  main  since "))

        let list = try runSpacert(["trainee", "list", "--all", "--json"], environment: ["SPACERT_DB": db])
        #expect(list.status == 0, "\(list.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        #expect(json?["version"] as? Int == 1)
        let trainees = json?["trainees"] as? [[String: Any]] ?? []
        #expect(trainees.map { $0["name"] as? String } == ["Anna", "Benjamin"])
        #expect(trainees.map { $0["archived"] as? Bool } == [true, false])
    }

    @Test func aDamagedStoreIsAnErrorWithExitStatusTwo() throws {
        let scratch = try StoreScratch()
        let db = scratch.path()
        let bytes = Data("this is not a database, it is a shopping list\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: db))
        let result = try runSpacert(["trainee", "list", "--db", db])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("spacert: error: '\(db)': not a spacert progress store ("))
        #expect(result.stdout.isEmpty)
        #expect(try storeFileBytes(db) == bytes)
    }

    @Test func dueShowsWhatIsDueAsJSONAndText() throws {
        let scratch = try StoreScratch()
        let db = scratch.path()
        let banks = try BankLoader.loadAll(directory: shippedBanks)
        let question = try #require(banks.questions.first)
        do {
            let store = try ProgressStore(path: db)
            let anna = try store.addTrainee(named: "anna", at: StoreFixture.start)
            try store.record(StoreFixture.answer(question, at: StoreFixture.start), trainee: anna.id)
            try store.record(
                StoreFixture.answer(StoreFixture.question("gone"), at: StoreFixture.start), trainee: anna.id)
        }
        let environment = ["SPACERT_NOW": "2026-01-05T09:05:00Z", "TZ": "UTC"]
        let result = try runSpacert(
            ["due", "--trainee", "anna", "--json", "--db", db, "--banks", shippedBanks],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect(json["trainee"] as? String == "anna")
        #expect(json["now"] as? String == "2026-01-05T09:05:00Z")
        #expect(json["due_now"] as? Int == 0)
        #expect(json["due_later_today"] as? Int == 1)
        #expect(json["new_introduced_today"] as? Int == 2)
        #expect(json["new_available"] as? Int == 8)
        #expect(json["unseen"] as? Int == banks.questions.count - 1)
        let days = json["days"] as? [[String: Any]] ?? []
        #expect(days.count == 7 && days.first?["date"] as? String == "2026-01-06")

        let text = try runSpacert(
            ["due", "--trainee", "anna", "--db", db, "--banks", shippedBanks], environment: environment)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("anna: 0 due now, 1 later today; 8 new available"))
        #expect(text.stdout.contains("Tue 2026-01-06"))

        let nobody = try runSpacert(
            ["due", "--trainee", "nobody", "--db", db, "--banks", shippedBanks], environment: environment)
        #expect(nobody.status == 2 && nobody.stderr.hasPrefix("spacert: error: no trainee named 'nobody'"))
    }
}
