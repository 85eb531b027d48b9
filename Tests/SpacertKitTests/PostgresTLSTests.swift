import Foundation
import Testing

@testable import SpacertKit

/// TLS to a PostgreSQL server on the network, as a spa group's branches reach it: a private
/// cluster that takes TLS connections only, with a certificate for "localhost" from a test
/// certificate authority (`postgres-cluster.sh start-tls`).
@Suite(
    "PostgreSQL over TLS: the server's certificate checked against the spa group's own authority",
    .enabled(
        if: PostgresTestServer.isEnabled,
        "needs PostgreSQL's server programs ($SPACERT_TEST_POSTGRES, or CI, which installs them)"))
struct PostgresTLSTests {
    /// `spacert trainee list` against `url`.
    static func list(_ url: String, home: String) throws -> ProcessResult {
        try runSpacert(["trainee", "list", "--db", url], environment: ["HOME": home, "NO_COLOR": "1"])
    }

    @Test func certificatesAreCheckedAsSslmodeSays() throws {
        let cluster = try PostgresPrivateCluster(tls: true)
        defer { try? cluster.halt() }
        let location = cluster.location
        #expect(location.sslMode == .verifyFull)
        let ca = try #require(location.sslRootCert)
        let home = try ScratchFolder()
        let url = location.description
        func with(_ query: String, host: String = "localhost") -> String {
            "postgres://spa@\(host):\(location.port)/spacert_test?\(query)"
        }

        // The test authority named: verify-full and verify-ca connect, and the store is made.
        let full = try Self.list(url, home: home.path)
        #expect(full.status == 0, "\(full.stderr)")
        #expect((full.stdout + full.stderr).hasPrefix("no trainees yet"), "\(full.stdout)\(full.stderr)")
        #expect(try Self.list(with("sslmode=verify-ca&sslrootcert=\(ca)"), home: home.path).status == 0)

        // Without it the system's roots do not know the test authority: one line, exit 2.
        let unknown = try Self.list(with("sslmode=verify-full"), home: home.path)
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains("showed a certificate that could not be verified"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("?sslrootcert=FILE"))
        #expect(unknown.stderr.split(separator: "\n").count == 1 && !unknown.stderr.contains("NIOSSL"))
        // ~/.postgresql/root.crt stands in for sslrootcert, as in libpq.
        try FileManager.default.createDirectory(
            atPath: home.path + "/.postgresql", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ca, toPath: home.path + "/.postgresql/root.crt")
        #expect(try Self.list(with("sslmode=verify-full"), home: home.path).status == 0)
        let other = ca.replacingOccurrences(of: "/ca.pem", with: "/other-ca.pem")
        let bare = try ScratchFolder()

        // Another authority: refused, naming the file.
        let wrong = try Self.list(with("sslmode=verify-full&sslrootcert=\(other)"), home: bare.path)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("not signed by an authority in '\(other)'"), "\(wrong.stderr)")
        // require: encrypted without a check, unless a root file is given, then the chain is checked.
        #expect(try Self.list(with("sslmode=require"), home: bare.path).status == 0)
        #expect(try Self.list(with("sslmode=require&sslrootcert=\(other)"), home: bare.path).status == 2)
        // The server takes no connection without TLS.
        let plain = try Self.list(with("sslmode=disable"), home: bare.path)
        #expect(plain.status == 2 && plain.stderr.contains("no encryption"), "\(plain.stderr)")

        // verify-full checks the name: an address cannot match; verify-ca does not check it.
        let address = try Self.list(
            with("sslmode=verify-full&sslrootcert=\(ca)", host: "127.0.0.1"), home: bare.path)
        #expect(address.status == 2)
        #expect(address.stderr.contains("use sslmode=verify-ca"), "\(address.stderr)")
        #expect(
            try Self.list(with("sslmode=verify-ca&sslrootcert=\(ca)", host: "127.0.0.1"), home: bare.path)
                .status
                == 0)

        // A root file that is missing, a folder, not PEM, or a pipe: one line each, no wait.
        let scratch = try ScratchFolder()
        let notPEM = scratch.path + "/notes.txt"
        try "not a certificate\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        let pipe = scratch.path + "/pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        for (file, said) in [
            (scratch.path + "/missing.pem", "no such file"), (scratch.path, "is a directory"),
            (notPEM, "holds no PEM certificate"), (pipe, "invalid argument"),
        ] {
            let run = try Self.list(with("sslmode=verify-full&sslrootcert=\(file)"), home: bare.path)
            #expect(run.status == 2, "\(file)")
            #expect(run.stderr.contains(said) && run.stderr.contains("sslrootcert"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }
}
