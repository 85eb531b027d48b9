import Foundation
import GRDB
import SpacertFSRS
import Testing

@testable import SpacertKit

/// Questions, times and scratch stores for the store and queue tests.
enum StoreFixture {
    /// Monday 2026-01-05 09:00 UTC.
    static let start = ISO8601.parse("2026-01-05T09:00:00Z")!

    /// A gregorian calendar in UTC, so day boundaries do not depend on the machine.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Queue options in UTC.
    static func options(
        mode: PracticeMode = .practice, newPerDay: Int = 10, limit: Int? = nil,
        categories: Set<SpacertKit.Category> = [], tags: Set<String> = []
    ) -> QueueOptions {
        QueueOptions(
            mode: mode, newPerDay: newPerDay, limit: limit, categories: categories, tags: tags, calendar: utc)
    }

    /// A single-choice question made directly, without a bank file.
    static func question(
        _ id: String, category: SpacertKit.Category = .techniques, rev: Int = 1, critical: Bool = false,
        tags: [String] = []
    ) -> Question {
        Question(
            id: id, type: .single, rev: rev, critical: critical, tags: tags, prompt: "Which one for \(id)?",
            body: .choices([Choice(text: "Right", correct: true), Choice(text: "Wrong", correct: false)]),
            explanation: "Because.", source: Citation(article: "a.txt", section: "s"),
            bankID: category.rawValue, category: category,
            location: SpacertKit.SourceLocation(file: "\(category.rawValue).xml", line: 1))
    }

    /// `count` questions per area, ids like `techniques-3`.
    static func questions(perCategory count: Int) -> [Question] {
        SpacertKit.Category.allCases.flatMap { category in
            (0..<count).map { question("\(category.rawValue)-\($0)", category: category) }
        }
    }

    /// A practice answer to `question`.
    static func answer(
        _ question: Question, correct: Bool = true, grade: AnswerGrade? = nil, at time: Date,
        mode: PracticeMode = .practice
    ) -> ReviewLogEntry {
        ReviewLogEntry(
            question: question, given: correct ? #"["a"]"# : #"["b"]"#, shownOrder: #"["a","b"]"#,
            correct: correct, score: correct ? 1 : 0, grade: grade, at: time, durationMilliseconds: 4_200,
            mode: mode)
    }
}

/// The engines a store test runs on: every store suite parameterised by engine runs each test
/// on both (``tested``).
enum StoreEngineKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// Both engines when a PostgreSQL server is named (`$SPACERT_TEST_POSTGRES`; `.ci/run` starts
    /// a private cluster) or this is CI, where a missing server fails the PostgreSQL half; SQLite
    /// alone otherwise, and the PostgreSQL suites then say they were skipped and why.
    static let tested: [StoreEngineKind] = PostgresTestServer.isEnabled ? allCases : [.sqlite]

    var testDescription: String { rawValue }
}

/// A scratch store location, removed at the end of the test: a folder for SQLite files, or one
/// PostgreSQL database per store name.
final class StoreScratch {
    let directory: String
    let engine: StoreEngineKind
    private var databases: [String: PostgresScratchDatabase] = [:]

    init(engine: StoreEngineKind = .sqlite) throws {
        self.engine = engine
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("spacert-store-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A path in the folder.
    func path(_ name: String = "progress.sqlite") -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The location of the store called `name` on this scratch's engine, as `--db` takes it.
    func location(_ name: String = "progress.sqlite") throws -> String {
        switch engine {
        case .sqlite:
            return path(name)
        case .postgres:
            let database: PostgresScratchDatabase
            if let made = databases[name] {
                database = made
            } else {
                database = try PostgresScratchDatabase()
                databases[name] = database
            }
            return database.location.description
        }
    }

    /// The store called `name` on this scratch's engine (made on first use).
    func store(
        _ name: String = "progress.sqlite", parameters: SchedulerParameters = ProgressStore.defaultParameters,
        readOnly: Bool = false
    ) throws -> ProgressStore {
        try ProgressStore.open(
            try StoreLocation.parse(try location(name), origin: "test"),
            variables: PostgresTestServer.variables, parameters: parameters, readOnly: readOnly)
    }

    /// A new store with one trainee.
    func storeWithTrainee(_ name: String = "anna") throws -> (ProgressStore, Trainee) {
        let store = try store()
        return (store, try store.addTrainee(named: name, at: StoreFixture.start))
    }
}

/// The bytes of a file, for checking that a refused file was left alone.
func storeFileBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Whether opening `path` fails with a store error whose message contains `fragment`.
func expectStoreError(
    opening path: String, containing fragment: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    do {
        _ = try ProgressStore(path: path)
        Issue.record("expected the store at \(path) to be refused", sourceLocation: sourceLocation)
    } catch let error as SpacertError {
        guard case .store(let message) = error else {
            Issue.record("expected a store error, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a SpacertError, got \(error)", sourceLocation: sourceLocation)
    }
}

extension ProgressStore {
    /// The SQLite file underneath, for tests that look inside or tamper with it as an attacker
    /// with `sqlite3` would.
    var sqlDatabase: DatabaseQueue {
        get throws {
            guard let database = sqliteDatabase else {
                throw SpacertError.store("\(path) is not an SQLite store")
            }
            return database
        }
    }

    /// Reads the SQLite file underneath directly.
    func sqlRead<T>(_ body: (Database) throws -> T) throws -> T { try sqlDatabase.read(body) }

    /// Writes the SQLite file underneath directly, in one transaction.
    func sqlWrite<T>(_ body: (Database) throws -> T) throws -> T { try sqlDatabase.write(body) }
}
