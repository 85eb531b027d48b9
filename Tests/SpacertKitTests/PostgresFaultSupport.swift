import Foundation
import Testing

@testable import SpacertKit

/// A PostgreSQL cluster of one test's own (Scripts/postgres-cluster.sh in a scratch folder), so
/// that the test may crash, restart or stop it without disturbing the shared test server.
final class PostgresPrivateCluster {
    private let folder: ScratchFolder
    /// The superuser's location in the cluster's database `spacert_test`.
    let location: PostgresLocation

    /// With `tls`, the cluster also takes TLS connections on localhost, with a certificate from
    /// a test authority in `tls/` (`location` is then that TCP one: `start-tls`).
    init(tls: Bool = false) throws {
        folder = try ScratchFolder()
        let url = try Self.script(tls ? "start-tls" : "start", folder.path)
        guard case .postgres(let location) = try StoreLocation.parse(url, origin: "postgres-cluster.sh")
        else {
            throw SpacertError.store("postgres-cluster.sh printed no postgres:// URL: \(url)")
        }
        self.location = location
    }

    deinit {
        _ = try? Self.script("halt", folder.path)
    }

    /// Restarts the server as after a crash: every connection is cut (`pg_ctl restart -m immediate`).
    func crash() throws { try Self.script("crash", folder.path) }

    /// Stops the server at once and leaves it stopped.
    func halt() throws { try Self.script("halt", folder.path) }

    /// Starts the stopped server again.
    func resume() throws { try Self.script("resume", folder.path) }

    /// A file in the cluster's scratch folder.
    func file(_ name: String) -> String { folder.path + "/" + name }

    /// Runs the cluster script; its standard output, trimmed. The output goes through files, not
    /// pipes: the server it starts inherits the script's descriptors and would hold a pipe open.
    @discardableResult
    private static func script(_ action: String, _ directory: String) throws -> String {
        let output = directory + "/script.out"
        let errors = directory + "/script.err"
        for path in [output, errors] {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SpacertError.store("cannot write \(path)")
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            repositoryRoot.appendingPathComponent("Scripts/postgres-cluster.sh").path, action, directory,
        ]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let complaint = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw SpacertError.store("postgres-cluster.sh \(action) failed: \(complaint)")
        }
        return printed.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs `body` on a thread of its own and waits for it at most `seconds`: a body that hangs
/// fails the test (and is left behind) instead of hanging the whole run.
func withinTimeLimit<T>(
    _ seconds: Double, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: @escaping @Sendable () throws -> T
) throws -> T {
    let outcome = Outcome<T>()
    let thread = Thread {
        let result = Result { try body() }
        outcome.set(result)
    }
    thread.stackSize = 4 << 20
    thread.start()
    guard let result = outcome.wait(seconds) else {
        Issue.record("\(what) did not finish within \(Int(seconds)) seconds", sourceLocation: sourceLocation)
        throw SpacertError.store("\(what) hung")
    }
    return try result.get()
}

/// A result handed from one thread to another.
private final class Outcome<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var value: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        lock.withLock { value = result }
        done.signal()
    }

    func wait(_ seconds: Double) -> Result<T, any Error>? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return lock.withLock { value }
    }
}
