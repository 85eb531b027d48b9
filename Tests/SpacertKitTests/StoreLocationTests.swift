import Foundation
import Testing

@testable import SpacertKit

/// `--db` / `SPACERT_DB`: a path is SQLite, a postgres:// URL is PostgreSQL, and anything spacert
/// cannot use is one clear line.
struct StoreLocationTests {
    private func postgres(_ text: String) throws -> PostgresLocation {
        guard case .postgres(let location) = try StoreLocation.parse(text, origin: "--db") else {
            Issue.record("'\(text)' was not read as a PostgreSQL location")
            throw SpacertError.invalidInput("not postgres")
        }
        return location
    }

    /// The one-line message of the refusal of `text`.
    private func refusal(_ text: String) -> String? {
        do {
            _ = try StoreLocation.parse(text, origin: "--db")
            return nil
        } catch let error as SpacertError {
            guard case .invalidInput(let message) = error else { return "wrong kind: \(error)" }
            return message
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test func pathsStaySQLite() throws {
        for path in [
            "progress.sqlite", "/var/spa/progress.sqlite", "a/b:c/d.sqlite", "postgres.sqlite",
            "./postgres:x",
        ] {
            #expect(try StoreLocation.parse(path, origin: "--db") == .sqlite(path: path))
        }
    }

    @Test func fullURL() throws {
        let location = try postgres("postgres://frontdesk@db.spa.example:6543/spacert?sslmode=verify-full")
        #expect(
            location
                == PostgresLocation(
                    user: "frontdesk", endpoint: .tcp(host: "db.spa.example"), port: 6543,
                    database: "spacert",
                    sslMode: .verifyFull))
        // The spa group's own certificate authority, percent-escapes decoded; shown in messages.
        let own = try postgres(
            "postgres://frontdesk@db.spa.example/spacert?sslmode=verify-ca&sslrootcert=/etc/spa/ca%20root.pem"
        )
        #expect(own.sslRootCert == "/etc/spa/ca root.pem" && own.sslMode == .verifyCA)
        #expect(own.description.hasSuffix("?sslmode=verify-ca&sslrootcert=/etc/spa/ca root.pem"))
    }

    @Test func socketFolderDefaultsAndPercentEscapes() throws {
        let socket = try postgres("postgresql://spa@/spacert_test?host=/tmp/pg%20sock")
        #expect(socket.endpoint == .socket(directory: "/tmp/pg sock"))
        #expect(socket.port == 5432 && socket.sslMode == .prefer && socket.database == "spacert_test")
        #expect(socket.socketPath == "/tmp/pg sock/.s.PGSQL.5432")

        let bare = try postgres("POSTGRES://anna%40north@")
        #expect(bare.user == "anna@north")
        #expect(bare.database == "anna@north")
        #expect(bare.endpoint == .socket(directory: PostgresLocation.defaultSocketDirectory))

        let v6 = try postgres("postgres://spa@[::1]:5433/db")
        #expect(v6.endpoint == .tcp(host: "::1") && v6.port == 5433)
    }

    @Test func portInQuery() throws {
        #expect(try postgres("postgres://spa@/db?host=/run/pg&port=6000").port == 6000)
    }

    @Test func passwordIsRefusedWithoutEchoingIt() throws {
        for text in ["postgres://spa:s3cret-pw@host/db", "postgres://spa@host/db?password=s3cret-pw"] {
            let message = try #require(refusal(text))
            #expect(message.contains("PGPASSWORD or ~/.pgpass"))
            #expect(!message.contains("s3cret-pw"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func hostileInputGetsOneLine() throws {
        let cases: [(String, String)] = [
            ("postgres://spa@host:0/db", "not a number from 1 to 65535"),
            ("postgres://spa@host:65536/db", "not a number from 1 to 65535"),
            ("postgres://spa@host:54x/db", "not a number from 1 to 65535"),
            ("postgres://spa@host:99999999999999999999/db", "not a number from 1 to 65535"),
            ("postgres://spa@host:/db", "not a number from 1 to 65535"),
            ("postgres://spa@host/db?sslmode=maybe", "sslmode 'maybe' is not one of disable, allow, prefer"),
            ("postgres://spa@host/db?sslmode=require&sslmode=disable", "'sslmode' is given twice"),
            ("postgres://spa@host/db?sslrootcert=", "?sslrootcert= is empty"),
            ("postgres://spa@host/db?sslrootcert=a&sslrootcert=b", "'sslrootcert' is given twice"),
            ("postgres://spa@host/db?application_name=x", "unknown parameter 'application_name'"),
            ("postgres://host/db", "names no role"),
            ("postgres://@host/db", "the role name is empty"),
            ("postgres://spa@host/db\nrm -rf", "control character U+000A"),
            ("postgres://spa@host/d\u{202E}b", "control character U+202E"),
            ("postgres://spa@host/db%00", "control character U+0000"),
            ("postgres://spa@host/db%0a", "control character U+000A"),
            ("postgres://spa@host/db%zz", "'%' not followed by two hex digits"),
            ("postgres://spa@host/db%ff", "not valid UTF-8"),
            ("postgres://spa@host/a/b", "holds a '/'"),
            ("postgres://spa@host/db#frag", "'#' has no meaning"),
            ("postgres://spa@host/db?host=/tmp", "the host is given twice"),
            ("postgres://spa@[::1/db", "has no ']'"),
            (
                "postgres://spa@/" + String(repeating: "d", count: 64),
                "64 bytes long; PostgreSQL keeps at most 63"
            ),
            ("postgres://spa@/db?" + String(repeating: "x", count: 5000), "5019 bytes long; at most 1024"),
            ("mysql://spa@host/db", "names a 'mysql://' store"),
            ("file:///tmp/x.sqlite", "names a 'file://' store"),
        ]
        for (text, expected) in cases {
            let message = refusal(text)
            #expect(message?.contains(expected) == true, "\(text.prefix(60)): \(message ?? "accepted")")
            #expect(message?.hasPrefix("--db ") == true)
            #expect(message?.contains("\n") == false)
            #expect((message?.utf8.count ?? 0) < 400)
        }
    }

    @Test func environmentChoosesTheOrigin() throws {
        let environment = SpacertEnvironment(variables: [
            "SPACERT_DB": "postgres://spa@/db?sslmode=bogus", "HOME": "/h",
        ])
        #expect(throws: SpacertError.self) { try environment.storeLocation(flag: nil) }
        do {
            _ = try environment.storeLocation(flag: nil)
        } catch {
            #expect("\(error)".hasPrefix("SPACERT_DB is not a usable PostgreSQL location"))
        }
        #expect(try environment.storeLocation(flag: "x.sqlite") == .sqlite(path: "x.sqlite"))
        #expect(
            try SpacertEnvironment(variables: ["HOME": "/h"]).storeLocation(flag: nil)
                == .sqlite(path: "/h/.local/share/spacert/spacert.sqlite"))
    }
}

/// The password comes from PGPASSWORD or libpq's password file, never from the location.
struct PostgresPasswordTests {
    private let socket = PostgresLocation(
        user: "spa", endpoint: .socket(directory: "/tmp/s"), database: "spacert")
    private let tcp = PostgresLocation(
        user: "frontdesk", endpoint: .tcp(host: "db.spa.example"), port: 6543, database: "spacert")

    @Test func environmentComesFirst() throws {
        let scratch = try ScratchFolder()
        let file = scratch.join("pgpass")
        try "*:*:*:*:from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        #expect(
            try PostgresPassword.lookup(for: tcp, variables: ["PGPASSWORD": "env", "PGPASSFILE": file])
                == "env")
        #expect(try PostgresPassword.lookup(for: tcp, variables: ["PGPASSFILE": file]) == "from-file")
        #expect(try PostgresPassword.lookup(for: tcp, variables: ["HOME": scratch.path]) == nil)
        try "*:*:*:*:home\n".write(toFile: scratch.join(".pgpass"), atomically: true, encoding: .utf8)
        chmod(scratch.join(".pgpass"), 0o600)
        #expect(try PostgresPassword.lookup(for: tcp, variables: ["HOME": scratch.path]) == "home")
    }

    @Test func fieldsWildcardsEscapesAndFirstMatch() {
        let text = """
            # comment:*:*:*:no
            db.spa.example:5432:spacert:frontdesk:wrong-port
            db.spa.example:6543:other:frontdesk:wrong-db
            db.spa.example:6543:spacert:frontdesk:pa\\:ss\\\\word:with:colons
            *:*:*:*:later
            /tmp/s:5432:spacert:spa:socket-pw
            short:line
            """
        #expect(PostgresPassword.match(text, location: tcp) == "pa:ss\\word:with:colons")
        #expect(PostgresPassword.match(text, location: socket) == "later")
        #expect(
            PostgresPassword.match("/tmp/s:5432:spacert:spa:socket-pw\r\n", location: socket) == "socket-pw")
        #expect(PostgresPassword.match("localhost:*:*:spa:local\n", location: socket) == nil)
        let defaultSocket = PostgresLocation(
            user: "spa", endpoint: .socket(directory: PostgresLocation.defaultSocketDirectory), database: "x")
        #expect(PostgresPassword.match("localhost:*:*:spa:local\n", location: defaultSocket) == "local")
        #expect(PostgresPassword.match("db.spa.example:*:*:anna:x\n", location: tcp) == nil)
    }

    @Test func fileOthersCanReadIsRefused() throws {
        let scratch = try ScratchFolder()
        let file = scratch.join("pgpass")
        try "*:*:*:*:pw\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        do {
            _ = try PostgresPassword.lookup(for: tcp, variables: ["PGPASSFILE": file])
            Issue.record("a world-readable password file was used")
        } catch {
            #expect("\(error)".contains("may be read or written by others (mode 644)"))
            #expect("\(error)".contains("chmod 600"))
        }
        #expect(throws: SpacertError.self) {
            try PostgresPassword.lookup(for: tcp, variables: ["PGPASSFILE": scratch.path])
        }
    }
}
