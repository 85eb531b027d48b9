import Foundation
import SpacertKit
import Testing

/// One fact from the seed articles and the questions that teach it.
struct Fact: Decodable {
    let id: String
    let fact: String
    let article: String
    let section: String
    let questions: [String]
}

struct FactFile: Decodable {
    let version: Int
    let bank: String
    let facts: [Fact]
}

@Suite("The shipped question banks")
struct ShippedBankTests {
    static let set: BankSet = try! BankLoader.loadAll(directory: shippedBanks)

    static func factFiles() throws -> [FactFile] {
        let folder = repositoryRoot.appendingPathComponent("Tests/SpacertKitTests/Fixtures/facts")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map {
                try JSONDecoder().decode(
                    FactFile.self, from: Data(contentsOf: folder.appendingPathComponent($0)))
            }
    }

    @Test("lint clean: no error and no warning")
    func lintClean() {
        #expect(Self.set.diagnostics.map(\.formatted) == [])
    }

    @Test("four banks, one per area, each with 40+ questions, every type and a quarter scenarios")
    func shape() {
        let banks = Self.set.banks
        #expect(Set(banks.map(\.category)) == Set(Category.allCases))
        #expect(Self.set.questions.count >= 160)
        for bank in banks {
            #expect(bank.questions.count >= 40, "\(bank.id)")
            #expect(Set(bank.questions.map(\.type)) == Set(QuestionType.allCases), "\(bank.id)")
            let scenarios = bank.questions.filter { $0.scenario != nil }.count
            #expect(scenarios * 4 >= bank.questions.count, "\(bank.id): \(scenarios) scenarios")
        }
    }

    @Test("every contraindication question is critical")
    func contraindicationsCritical() {
        let questions = Self.set.questions.filter { $0.category == .contraindications }
        #expect(!questions.isEmpty)
        #expect(questions.filter { !$0.critical }.map(\.id) == [])
    }

    @Test("every question cites a seed article or a web page")
    func sources() throws {
        let seeds = ["000_4844a43459959855.txt", "002_b321187dd613e1ca.txt"]
        #expect(
            Self.set.questions.filter { $0.source.url == nil && !seeds.contains($0.source.article ?? "") }
                .map(\.id)
                == [])
    }

    @Test("every fact of the articles keeps at least one question")
    func factCoverage() throws {
        let files = try Self.factFiles()
        #expect(Set(files.map(\.bank)) == Set(Self.set.banks.map(\.id)))
        let ids = Set(Self.set.questions.map(\.id))
        var facts = 0
        for file in files {
            for fact in file.facts {
                facts += 1
                let covering = fact.questions.filter(ids.contains)
                #expect(!covering.isEmpty, "fact '\(fact.id)' has lost its last question")
                #expect(covering.count == fact.questions.count, "fact '\(fact.id)' lists missing questions")
            }
        }
        #expect(facts >= 100)
    }
}
