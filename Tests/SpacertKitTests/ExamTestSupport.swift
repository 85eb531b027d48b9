import Foundation
import SpacertKit

/// A banks folder with four small banks and a test policy, a store with one trainee, and a
/// clock the test moves.
final class ExamFixture {
    let banks: BankScratch
    let stores: StoreScratch
    let store: ProgressStore
    let trainee: Trainee
    var now = ISO8601.parse("2026-12-02T09:00:00Z")!

    /// Per area: a critical single-choice question, a multiple with two right of four, an
    /// order of four steps, and a match of three pairs (`<prefix>-single`, ...).
    /// On `engine`'s store (SQLite unless a test runs on both).
    init(policy: String = ExamFixture.policy(), engine: StoreEngineKind = .sqlite) throws {
        banks = try BankScratch()
        try FileManager.default.copyItem(
            atPath: (shippedBanks as NSString).appendingPathComponent("schema/policy-1.xsd"),
            toPath: banks.directory.appendingPathComponent("schema/policy-1.xsd").path)
        for category in SpacertKit.Category.allCases {
            try banks.write("\(category.rawValue).xml", Self.bank(category))
        }
        try banks.write("certification.xml", policy)
        stores = try StoreScratch(engine: engine)
        store = try stores.store()
        trainee = try store.addTrainee(named: "Asha", at: now)
    }

    var directory: String { banks.directory.path }

    /// The spa's signing key for this test, made on first use.
    lazy var keyPath: String = {
        let path = stores.path("signing-key")
        _ = try? SigningKey.create(at: path)
        return path
    }()

    /// Where certificates go.
    var reports: String { stores.path("Reports") }

    func bankSet() throws -> BankSet { try BankLoader.loadAll(directory: directory) }

    func proctor() throws -> ExamProctor {
        try ExamProctor(
            store: store, banks: try bankSet(), banksDirectory: directory, clock: { [unowned self] in now })
    }

    /// Opens an exam for the trainee and expects it to be ready.
    func begin(seed: String = "seed-1") throws -> ExamAttempt {
        guard case .ready(let attempt, _) = try proctor().open(trainee: trainee, seed: seed) else {
            throw FixtureError("the exam did not open: \(try proctor().open(trainee: trainee, seed: seed))")
        }
        return attempt
    }

    /// Answers every question right, except the positions in `wrong` (answered wrong) and
    /// `skip` (left unanswered).
    func answerAll(_ attempt: ExamAttempt, wrong: Set<Int> = [], skip: Set<Int> = []) throws {
        for position in 1...attempt.count where !skip.contains(position) {
            let shown = attempt.presented[position - 1]
            let answer = wrong.contains(position) ? Self.wrongAnswer(shown) : shown.expected
            try attempt.answer(answer, at: position)
        }
    }

    /// A valid answer that is not the right one.
    static func wrongAnswer(_ shown: PresentedQuestion) -> Answer {
        switch shown.expected {
        case .keys(let keys) where shown.question.type == .order:
            return .keys(Array(keys.reversed()))
        case .keys(let keys):
            return .keys([shown.items.first { !keys.contains($0.key) }!.key])
        case .pairs(let pairs):
            let lefts = pairs.keys.sorted()
            let rights = lefts.map { pairs[$0]! }
            return .pairs(Dictionary(uniqueKeysWithValues: zip(lefts, rights.dropFirst() + [rights[0]])))
        }
    }

    static func policy(
        areas: Int = 2, mark: String = "0.8", minimum: String = "0.5", credit: String = "proportional",
        minutes: Int = 30, attempts: Int = 2, wait: Int = 24, prerequisites: String = "",
        months: Int = 12
    ) -> String {
        let blueprint = SpacertKit.Category.allCases.map {
            "    <area category=\"\($0.rawValue)\" questions=\"\(areas)\" minimum=\"\(minimum)\"/>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <policy xmlns="urn:spacert:policy:1" id="test-policy" title="Test policy">
              <blueprint>
            \(blueprint)
              </blueprint>
              <pass mark="\(mark)" all-critical="true"/>
              <partial-credit multiple="\(credit)" order="\(credit)" match="\(credit)"/>
              <time-limit minutes="\(minutes)"/>
              <attempts max="\(attempts)" wait-hours="\(wait)"/>
              <prerequisites>\(prerequisites)</prerequisites>
              <validity months="\(months)" warn-days="30"/>
            </policy>

            """
    }

    static func bank(_ category: SpacertKit.Category) -> String {
        let prefix = category.rawValue
        let source = #"<source article="000_4844a43459959855.txt">Tips</source>"#
        return bankXML(
            id: prefix, category: prefix,
            """
              <question id="\(prefix)-single" type="single" critical="true">
                <prompt>Safety first in \(prefix)?</prompt>
                <choice correct="true">Stop and refer</choice>
                <choice>Carry on</choice>
                <choice>Press harder</choice>
                <explanation>Stopping protects the client.</explanation>
                \(source)
              </question>
              <question id="\(prefix)-multiple" type="multiple">
                <prompt>Which two are right in \(prefix)?</prompt>
                <choice correct="true">Right one</choice>
                <choice correct="true">Right two</choice>
                <choice>Wrong one</choice>
                <choice>Wrong two</choice>
                <explanation>Two are right.</explanation>
                \(source)
              </question>
              <question id="\(prefix)-order" type="order">
                <prompt>Put the \(prefix) steps in order.</prompt>
                <step>First</step>
                <step>Second</step>
                <step>Third</step>
                <step>Fourth</step>
                <explanation>That is the order.</explanation>
                \(source)
              </question>
              <question id="\(prefix)-match" type="match">
                <prompt>Match the \(prefix) pairs.</prompt>
                <pair><left>One</left><right>Uno</right></pair>
                <pair><left>Two</left><right>Dos</right></pair>
                <pair><left>Three</left><right>Tres</right></pair>
                <explanation>Spanish numbers.</explanation>
                \(source)
              </question>
            """)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
