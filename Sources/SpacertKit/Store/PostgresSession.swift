import Foundation
import PostgresNIO

/// One connection to a PostgreSQL server, used synchronously: a command-line tool asks, waits
/// and goes on, so the async client is wrapped here rather than spread through the commands.
///
/// postgres-nio stays inside the Store layer, as GRDB does. A failure to connect is a
/// ``SpacertError/store(_:)`` of one line; a failing statement is a ``PostgresFailure`` (its
/// SQLSTATE for the store code, its one line for people), never one of NIO's error types.
///
/// Not thread-safe: one session belongs to one thread at a time, like a GRDB `Database`.
final class PostgresSession {
    /// Where it is connected.
    let location: PostgresLocation
    private let connection: PostgresConnection
    private let logger: Logger
    private var inTransaction = false

    /// How long connecting may take before the attempt is given up.
    static let connectTimeout: Int64 = 10
    /// How long one statement may take by default (waiting for a lock included) before the
    /// connection is closed and the statement fails: a server that stops answering must not hang
    /// a terminal.
    static let defaultStatementTimeout: Int64 = 60
    /// This session's limit, in seconds.
    let statementTimeout: Int64
    /// How many times a transaction that lost a serialization conflict is run again (after a
    /// random pause of up to 2, 4, 8, ... 200 ms).
    static let conflictRetries = 12

    /// How a transaction is isolated from others.
    enum Isolation: String {
        /// Every transaction behaves as if it ran alone; the loser of a conflict is run again.
        case serializable = "SERIALIZABLE"
        /// PostgreSQL's default; with a per-trainee advisory lock for the writes that need order.
        case readCommitted = "READ COMMITTED"
    }

    /// Connects to `location` with `password` (nil when the server should not ask for one).
    init(
        location: PostgresLocation, password: String?,
        statementTimeout: Int64 = PostgresSession.defaultStatementTimeout
    ) throws {
        self.location = location
        self.statementTimeout = statementTimeout
        var logger = Logger(label: "spacert.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case .socket:
            configuration = .init(
                unixSocketPath: location.socketPath ?? "", username: location.user, password: password,
                database: location.database)
        case .tcp(let host):
            configuration = .init(
                host: host, port: location.port, username: location.user, password: password,
                database: location.database, tls: try Self.tls(location.sslMode))
            if location.sslMode == .verifyFull { configuration.options.tlsServerName = host }
        }
        configuration.options.connectTimeout = .seconds(Self.connectTimeout)
        // An answer is acknowledged only once it is on the server's disk.
        configuration.options.additionalStartupParameters = [
            ("application_name", "spacert"), ("synchronous_commit", "on"),
        ]
        let future = PostgresConnection.connect(
            on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
            logger: logger)
        do {
            connection = try future.wait()
        } catch {
            throw PostgresFailure.describe(error, location: location).storeError
        }
    }

    deinit {
        if !connection.isClosed { connection.close().whenComplete { _ in } }
    }

    /// Closes the connection (an open transaction is rolled back by the server).
    func close() {
        guard !connection.isClosed else { return }
        _ = try? connection.close().wait()
    }

    /// Runs one statement; `query`'s interpolations are sent as parameters, never as SQL text.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        let future = connection.query(query, logger: logger)
        // The watchdog: a statement still running after the timeout closes the connection,
        // which fails the statement instead of waiting for ever.
        let connection = self.connection
        let fired = WatchdogFlag()
        let watchdog = connection.eventLoop.scheduleTask(in: .seconds(statementTimeout)) {
            fired.set()
            connection.close().whenComplete { _ in }
        }
        defer { watchdog.cancel() }
        do {
            return try future.wait().rows
        } catch {
            if fired.isSet {
                throw PostgresFailure(
                    sqlState: nil, serverMessage: nil,
                    message:
                        "the PostgreSQL server at \(location.description) did not finish a statement within "
                        + "\(statementTimeout) seconds; the connection was closed and nothing uncommitted was kept"
                )
            }
            throw PostgresFailure.describe(error, location: location)
        }
    }

    /// Runs SQL text without parameters (a schema statement).
    func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in one transaction, all or nothing: committed when it returns, rolled back
    /// when it throws. With `lockingTrainee`, the transaction first takes that trainee's advisory
    /// lock, so that two machines writing for one trainee take turns.
    ///
    /// A serialization failure or deadlock (SQLSTATE 40001, 40P01) runs `body` again from the
    /// start, up to ``conflictRetries`` times: `body` must do nothing outside the database that
    /// cannot be done twice.
    func transaction<T>(
        _ isolation: Isolation = .serializable, lockingTrainee trainee: Int64? = nil,
        _ body: (PostgresSession) throws -> T
    ) throws -> T {
        precondition(!inTransaction, "PostgreSQL transactions do not nest")
        inTransaction = true
        defer { inTransaction = false }
        var attempt = 0
        while true {
            attempt += 1
            do {
                try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                if let trainee {
                    try query(
                        "SELECT pg_advisory_xact_lock(\(PostgresLock.trainee), \(Int32(truncatingIfNeeded: trainee)))"
                    )
                }
                let value = try body(self)
                try execute("COMMIT")
                return value
            } catch {
                if !connection.isClosed { _ = try? execute("ROLLBACK") }
                if let failure = error as? PostgresFailure, failure.isConflict,
                    attempt <= Self.conflictRetries
                {
                    continue
                }
                throw error
            }
        }
    }
}

/// The advisory lock classes spacert takes (the first key of the two-key form): spacert's own
/// database holds no other user of advisory locks, but the classes keep them apart anyway.
enum PostgresLock {
    /// Bringing the schema up to date: one migrating process at a time.
    static let migration: Int32 = 0x5350_5201
    /// One trainee's writes (second key: the trainee's id).
    static let trainee: Int32 = 0x5350_5202
}

/// A PostgreSQL failure: the server's SQLSTATE when it gave one, and the one line for people.
struct PostgresFailure: Error, CustomStringConvertible {
    /// The server's SQLSTATE, or nil for a failure of the connection itself.
    let sqlState: String?
    /// The server's message, unchanged (for callers that turn a state into their own words).
    let serverMessage: String?
    /// The one line.
    let message: String

    var description: String { message }
    var storeError: SpacertError { .store(message) }

    /// A serialization failure or a deadlock: the transaction may simply be run again.
    var isConflict: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Longest server message repeated in a line.
    private static let messageLimit = 240

    /// `error` from postgres-nio in one line naming `location` (which holds no password).
    static func describe(_ error: any Error, location: PostgresLocation) -> PostgresFailure {
        if let failure = error as? PostgresFailure { return failure }
        let at = "the PostgreSQL server at \(location.description)"
        guard let error = error as? PSQLError else {
            return PostgresFailure(
                sqlState: nil, serverMessage: nil, message: "\(at) failed: \(short(error))")
        }
        let role = "role '\(location.user)'"
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?"
            let said = clip(error.serverInfo?[.message] ?? "no message")
            let message: String
            switch state {
            case "28P01":
                message =
                    "\(at) refused the password of \(role) (the password comes from PGPASSWORD or ~/.pgpass)"
            case "28000":
                message = "\(at) does not let \(role) connect: \(said)"
            case "3D000":
                message =
                    "\(at) has no database '\(location.database)'; create it (createdb -O \(location.user) "
                    + "\(location.database)) or name another one"
            case "42501":
                message = "\(role) lacks a privilege on \(at): \(said)"
            case "53300":
                message = "\(at) has no free connection slot: \(said)"
            case "57P01", "57P02", "57P03":
                message = "\(at) is shutting down or starting up: \(said)"
            default:
                message = "\(at): \(said) (SQLSTATE \(state))"
            }
            return PostgresFailure(
                sqlState: state, serverMessage: error.serverInfo?[.message], message: message)
        case .authMechanismRequiresPassword:
            return PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message: "\(at) asks \(role) for a password; give it in PGPASSWORD or ~/.pgpass")
        case .unsupportedAuthMechanism, .saslError:
            return PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message:
                    "\(at) asks \(role) to log in in a way spacert cannot (use scram-sha-256, md5 or trust)")
        case .sslUnsupported:
            return PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message: "\(at) does not offer TLS, which sslmode=\(location.sslMode.rawValue) requires")
        case .connectionError:
            return PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message: connectionFailure(error.underlying, at: at, location))
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message: "the connection to \(at) was lost (the server may have restarted); what was not "
                    + "committed was not kept")
        default:
            return PostgresFailure(sqlState: nil, serverMessage: nil, message: "\(at) failed: \(error.code)")
        }
    }

    /// Why the connection could not be made.
    private static func connectionFailure(
        _ underlying: (any Error)?, at: String, _ location: PostgresLocation
    )
        -> String
    {
        var code: Int32?
        if let io = underlying as? IOError {
            code = io.errnoCode
        } else if let nio = underlying as? NIOConnectionError {
            code = nio.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }.first
            if code == nil, nio.dnsAAAAError != nil || nio.dnsAError != nil, nio.connectionErrors.isEmpty {
                return "\(at) cannot be reached: its host name does not resolve"
            }
        } else if let channel = underlying as? ChannelError, case .connectTimeout = channel {
            return "\(at) did not answer within \(PostgresSession.connectTimeout) seconds"
        }
        switch code {
        case ENOENT?:
            return "\(at) is not running (there is no socket \(location.socketPath ?? ""))"
        case ECONNREFUSED?:
            return "\(at) refused the connection (is the server running?)"
        case EACCES?:
            return "\(at) cannot be reached: permission denied on its socket"
        case let code?:
            return "\(at) cannot be reached: \(String(cString: strerror(code)))"
        case nil:
            return "\(at) cannot be reached: \(short(underlying.map { $0 } ?? PostgresFailureNoReason()))"
        }
    }

    private static func clip(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > messageLimit ? String(line.prefix(messageLimit)) + "…" : line
    }

    private static func short(_ error: any Error) -> String { clip(String(describing: error)) }
}

/// Set once by the statement watchdog (on the event loop), read by the waiting thread.
private final class WatchdogFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

private struct PostgresFailureNoReason: Error, CustomStringConvertible {
    var description: String { "no reason given" }
}

extension PostgresSession {
    /// The TLS policy of `mode` (TCP only). `allow` is treated as `prefer`; `require` encrypts
    /// without checking the certificate, as libpq does; `verify-ca` checks the chain against the
    /// system's trusted roots, `verify-full` the host name as well.
    fileprivate static func tls(_ mode: PostgresLocation.SSLMode) throws
        -> PostgresConnection.Configuration.TLS
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .allow, .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw SpacertError.store("cannot set up TLS for PostgreSQL: \(error)")
        }
        return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
    }
}
