import Foundation
import Testing

@testable import SpacertKit

/// The synchronous PostgreSQL connection of the Store layer, against a real server.
// Skipped (with this reason) only outside CI when no server is named; in CI a missing server fails.
@Suite(
    .enabled(
        if: PostgresTestServer.isEnabled,
        "SPACERT_TEST_POSTGRES names no PostgreSQL server; start one with Scripts/postgres-cluster.sh start DIR"
    ))
struct PostgresSessionTests {
    /// The one line a failure to connect to `location` gives.
    private func connectionFailure(_ location: PostgresLocation, password: String?) -> String? {
        do {
            let session = try PostgresSession(location: location, password: password)
            session.close()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func statementsRoundTripValuesAsParameters() throws {
        let scratch = try PostgresScratchDatabase()
        let session = try scratch.administratorSession()
        defer { session.close() }
        let hostile = "Ånna'; DROP TABLE x; --\u{1F486}"
        let rows = try session.query("SELECT \(hostile)::text, \(Int64(41)) + 1, \(0.25)::float8")
        let (text, number, fraction) = try #require(rows.first).decode((String, Int64, Double).self)
        #expect(text == hostile && number == 42 && fraction == 0.25)
        let settings = try session.query("SELECT current_setting('synchronous_commit')")
        #expect(try settings.first?.decode(String.self) == "on")
    }

    @Test func transactionCommitsOrLeavesNothing() throws {
        let scratch = try PostgresScratchDatabase()
        let session = try scratch.administratorSession()
        defer { session.close() }
        try session.execute("CREATE TABLE t (n integer PRIMARY KEY)")
        _ = try session.transaction { try $0.query("INSERT INTO t VALUES (1)") }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try session.transaction { session in
                try session.query("INSERT INTO t VALUES (2)")
                throw Stop()
            }
        }
        // A failing statement rolls back the statements before it in the same transaction.
        #expect(throws: PostgresFailure.self) {
            try session.transaction { session in
                try session.query("INSERT INTO t VALUES (3)")
                try session.query("INSERT INTO t VALUES (1)")
            }
        }
        let rows = try session.query("SELECT n FROM t ORDER BY n").map { try $0.decode(Int32.self) }
        #expect(rows == [1])
    }

    /// A transaction that loses a serialization conflict is run again from the start: another
    /// connection changes the row between this one's read and its write, the first run fails
    /// with 40001, the second sees the new value, and no change is lost.
    @Test func serializableConflictIsRunAgain() throws {
        let scratch = try PostgresScratchDatabase()
        let session = try scratch.administratorSession()
        let other = try scratch.administratorSession()
        defer {
            session.close()
            other.close()
        }
        try session.execute("CREATE TABLE counter (trainee bigint PRIMARY KEY, n integer NOT NULL)")
        try session.execute("INSERT INTO counter VALUES (7, 10)")
        var runs = 0
        try session.transaction(.serializable) { session in
            runs += 1
            let n = try #require(try session.query("SELECT n FROM counter WHERE trainee = 7").first).decode(
                Int32.self)
            if runs == 1 { try other.execute("UPDATE counter SET n = n + 100 WHERE trainee = 7") }
            try session.query("UPDATE counter SET n = \(n + 1) WHERE trainee = 7")
        }
        #expect(runs == 2)
        #expect(try session.query("SELECT n FROM counter").first?.decode(Int32.self) == 111)
    }

    /// A conflict that never ends gives up after the retries with the server's one line.
    @Test func endlessConflictGivesUp() throws {
        let scratch = try PostgresScratchDatabase()
        let session = try scratch.administratorSession()
        let other = try scratch.administratorSession()
        defer {
            session.close()
            other.close()
        }
        try session.execute("CREATE TABLE counter (trainee bigint PRIMARY KEY, n integer NOT NULL)")
        try session.execute("INSERT INTO counter VALUES (7, 0)")
        var runs = 0
        do {
            try session.transaction(.serializable) { session in
                runs += 1
                _ = try session.query("SELECT n FROM counter WHERE trainee = 7")
                try other.execute("UPDATE counter SET n = n + 1 WHERE trainee = 7")
                try session.query("UPDATE counter SET n = -1 WHERE trainee = 7")
            }
            Issue.record("the conflicting transaction committed")
        } catch let failure as PostgresFailure {
            #expect(failure.sqlState == "40001")
            #expect(failure.message.contains("could not serialize access"))
        }
        #expect(runs == PostgresSession.conflictRetries + 1)
        #expect(try session.query("SELECT n FROM counter").first?.decode(Int32.self) == Int32(runs))
    }

    /// Eight connections add to one counter by reading it and writing it back under READ
    /// COMMITTED: the per-trainee advisory lock makes them take turns, so no increment is lost.
    @Test func traineeLockSerializesWrites() throws {
        let scratch = try PostgresScratchDatabase()
        let setup = try scratch.administratorSession()
        try setup.execute("CREATE TABLE counter (trainee bigint PRIMARY KEY, n integer NOT NULL)")
        try setup.execute("INSERT INTO counter VALUES (7, 0)")
        setup.close()
        let workers = 8
        let rounds = 15
        let failures = FailureList()
        let location = scratch.location
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                let session = try PostgresTestServer.session(location)
                defer { session.close() }
                for _ in 0..<rounds {
                    try session.transaction(.readCommitted, lockingTrainee: 7) { session in
                        let n = try session.query("SELECT n FROM counter WHERE trainee = 7").first!.decode(
                            Int32.self)
                        try session.query("UPDATE counter SET n = \(n + 1) WHERE trainee = 7")
                    }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let check = try scratch.administratorSession()
        defer { check.close() }
        let total = try check.query("SELECT n FROM counter WHERE trainee = 7").first?.decode(Int32.self)
        #expect(total == Int32(workers * rounds))
    }

    @Test func noServerIsOneLine() throws {
        let scratch = try ScratchFolder()
        let location = PostgresLocation(
            user: "spa", endpoint: .socket(directory: scratch.path), database: "x")
        let message = try #require(connectionFailure(location, password: nil))
        #expect(message.contains("is not running (there is no socket \(scratch.path)/.s.PGSQL.5432)"))
        #expect(!message.contains("\n") && !message.contains("NIO"))
    }

    @Test func refusedConnectionIsOneLine() throws {
        // A socket file nobody listens on: connecting to it is refused.
        let scratch = try ScratchFolder()
        let path = scratch.join(".s.PGSQL.5432")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() where index < buffer.count - 1 {
                buffer[index] = byte
            }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(descriptor)
        try #require(bound == 0)
        let location = PostgresLocation(
            user: "spa", endpoint: .socket(directory: scratch.path), database: "x")
        let message = try #require(connectionFailure(location, password: nil))
        #expect(message.contains("refused the connection (is the server running?)"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func wrongOrMissingPasswordIsOneLine() throws {
        let scratch = try PostgresScratchDatabase()
        let role = try scratch.makeRole("desk", password: "right-password")
        let wrong = try #require(connectionFailure(role, password: "wrong-password"))
        #expect(wrong.contains("refused the password of role '\(role.user)'"), "\(wrong)")
        #expect(wrong.contains("PGPASSWORD or ~/.pgpass") && !wrong.contains("wrong-password"))
        let none = try #require(connectionFailure(role, password: nil))
        #expect(none.contains("asks role '\(role.user)' for a password"), "\(none)")
        #expect(connectionFailure(role, password: "right-password") == nil)
    }

    /// A statement that does not finish in time closes the connection with one line, instead of
    /// hanging the terminal.
    @Test func silentServerDoesNotHang() throws {
        let scratch = try PostgresScratchDatabase()
        let session = try PostgresSession(location: scratch.location, password: nil, statementTimeout: 1)
        defer { session.close() }
        let started = Date()
        do {
            try session.execute("SELECT pg_sleep(30)")
            Issue.record("the statement was not stopped")
        } catch let failure as PostgresFailure {
            #expect(failure.message.contains("did not finish a statement within 1 seconds"), "\(failure)")
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func missingDatabaseIsOneLine() throws {
        var location = try PostgresTestServer.administrator()
        location.database = "spacert_no_such_database"
        let message = try #require(connectionFailure(location, password: nil))
        #expect(message.contains("has no database 'spacert_no_such_database'"), "\(message)")
        #expect(!message.contains("\n"))
    }
}

/// Failures collected from several threads.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
