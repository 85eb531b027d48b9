import Foundation
import Testing

@testable import SpacertKit

/// Adding, finding, renaming and archiving trainees.
struct StoreTraineeTests {
    @Test func namesAreTrimmedAndChecked() throws {
        #expect(try Trainee.validatedName("  Anna Łukasik \n") == "Anna Łukasik")
        #expect(try Trainee.validatedName(String(repeating: "é", count: 64)).count == 64)
        for bad in ["", "   ", String(repeating: "x", count: 65), "an\u{7}na", "an\nna", "tab\there"] {
            #expect(throws: SpacertError.self, "\(bad.debugDescription)") { try Trainee.validatedName(bad) }
        }
    }

    @Test(arguments: StoreEngineKind.tested) func addFindListRenameArchive(engine: StoreEngineKind) throws {
        let scratch = try StoreScratch(engine: engine)
        let store = try scratch.store()
        let anna = try store.addTrainee(named: " Anna ", at: StoreFixture.start)
        #expect(anna.name == "Anna" && !anna.archived && anna.created == StoreFixture.start)
        let ben = try store.addTrainee(named: "ben", at: StoreFixture.start)
        #expect(throws: SpacertError.invalidInput("a trainee named 'Anna' already exists")) {
            try store.addTrainee(named: "ANNA", at: StoreFixture.start)
        }
        #expect(try store.trainee(named: "anna") == anna)
        #expect(try store.trainee(named: "nobody") == nil)
        #expect(throws: SpacertError.self) { try store.existingTrainee(named: "nobody") }
        #expect(try store.trainees().map(\.name) == ["Anna", "ben"])

        #expect(throws: SpacertError.self) { try store.renameTrainee(named: "ben", to: "anna") }
        #expect(throws: SpacertError.self) { try store.renameTrainee(named: "nobody", to: "x") }
        let renamed = try store.renameTrainee(named: "ben", to: "Benjamin")
        #expect(renamed.id == ben.id && renamed.name == "Benjamin")
        // Changing only the case of one's own name is allowed.
        #expect(try store.renameTrainee(named: "anna", to: "ANNA").name == "ANNA")

        #expect(try store.archiveTrainee(named: "benjamin").archived)
        #expect(try store.trainees().map(\.name) == ["ANNA"])
        #expect(try store.trainees(includingArchived: true).map(\.name) == ["ANNA", "Benjamin"])
        #expect(try store.archiveTrainee(named: "benjamin", archived: false).archived == false)
        #expect(try store.trainees().count == 2)
    }

    @Test(arguments: StoreEngineKind.tested) func ensureTraineeMakesOnFirstUseOnly(engine: StoreEngineKind)
        throws
    {
        let scratch = try StoreScratch(engine: engine)
        let store = try scratch.store()
        let first = try store.ensureTrainee(named: "anna", at: StoreFixture.start)
        #expect(first.created)
        let again = try store.ensureTrainee(named: "Anna", at: StoreFixture.start + 60)
        #expect(!again.created && again.trainee == first.trainee)
        #expect(throws: SpacertError.self) { try store.ensureTrainee(named: "", at: StoreFixture.start) }
    }
}
