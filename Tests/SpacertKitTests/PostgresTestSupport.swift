import Foundation
import Testing

@testable import SpacertKit

/// The PostgreSQL server the tests use: `$SPACERT_TEST_POSTGRES`, a postgres:// URL
/// (`Scripts/postgres-cluster.sh start DIR` makes a private one and prints it; `.ci/run` does so).
///
/// Without it the PostgreSQL suites are skipped with that reason, except in CI (`CI=true`),
/// where they run and fail: a missing server must never pass unnoticed.
enum PostgresTestServer {
    static let variables = ProcessInfo.processInfo.environment

    /// Run the PostgreSQL suites: a server is named, or this is CI.
    static let isEnabled = url != nil || variables["CI"] == "true"

    static var url: String? {
        guard let value = variables["SPACERT_TEST_POSTGRES"], !value.isEmpty else { return nil }
        return value
    }

    /// The administrator's location (the role in the URL must be able to create databases and roles).
    static func administrator() throws -> PostgresLocation {
        let url = try #require(
            Self.url, "SPACERT_TEST_POSTGRES is not set: in CI, .ci/run must start a PostgreSQL cluster")
        guard case .postgres(let location) = try StoreLocation.parse(url, origin: "SPACERT_TEST_POSTGRES")
        else {
            Issue.record("SPACERT_TEST_POSTGRES is not a postgres:// URL")
            throw SpacertError.invalidInput("SPACERT_TEST_POSTGRES is not a postgres:// URL")
        }
        return location
    }

    /// A session as the administrator, in `database` (default: the URL's).
    static func administratorSession(database: String? = nil) throws -> PostgresSession {
        var location = try administrator()
        if let database { location.database = database }
        return try PostgresSession(
            location: location, password: try PostgresPassword.lookup(for: location, variables: variables))
    }

    /// A session at `location` with the password found as spacert finds it.
    static func session(_ location: PostgresLocation) throws -> PostgresSession {
        try PostgresSession(
            location: location, password: try PostgresPassword.lookup(for: location, variables: variables))
    }

    /// `psql`, from the server's programs.
    static func psql() throws -> String {
        let candidates =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin/psql" } + ["/usr/bin/psql"]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "no psql")
    }
}

/// A database of its own for one test, dropped (with any login roles the test made) at the end.
final class PostgresScratchDatabase {
    let name: String
    /// The scratch database, as the administrator.
    let location: PostgresLocation
    private var roles: [String] = []

    init() throws {
        name =
            "spacert_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try PostgresTestServer.administratorSession()
        defer { admin.close() }
        try admin.execute("CREATE DATABASE \(name)")
        var location = admin.location
        location.database = name
        self.location = location
    }

    deinit {
        guard let admin = try? PostgresTestServer.administratorSession() else { return }
        defer { admin.close() }
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for role in roles { _ = try? admin.execute("DROP ROLE IF EXISTS \(role)") }
    }

    /// A session in the scratch database as the administrator.
    func administratorSession() throws -> PostgresSession {
        try PostgresTestServer.administratorSession(database: name)
    }

    /// Makes a login role with `password` (in `group`, when given), dropped with the database.
    func makeRole(_ suffix: String, password: String, group: String? = nil) throws -> PostgresLocation {
        let role = "\(name)_\(suffix)"
        let admin = try administratorSession()
        defer { admin.close() }
        try admin.execute(
            "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'" + (group.map { " IN ROLE \($0)" } ?? ""))
        roles.append(role)
        var location = self.location
        location.user = role
        return location
    }

    /// Runs a SQL file with psql as the administrator, in the scratch database.
    func runScript(_ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PostgresTestServer.psql())
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path, connectionString()]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql -f \(path): \(message)")
        if process.terminationStatus != 0 { throw SpacertError.store("psql failed: \(message)") }
    }

    /// libpq's key=value form of the scratch database's location (no password: the administrator
    /// is trusted on the socket, or finds it where libpq does).
    private func connectionString() -> String {
        var parts = ["user=\(location.user)", "dbname=\(name)", "port=\(location.port)"]
        switch location.endpoint {
        case .socket(let directory): parts.append("host=\(directory)")
        case .tcp(let host): parts.append("host=\(host)")
        }
        return parts.joined(separator: " ")
    }
}
