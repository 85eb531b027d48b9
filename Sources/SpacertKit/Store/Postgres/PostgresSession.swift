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
    /// The connection; replaced by ``reconnect()``.
    private var connection: PostgresConnection
    /// How to connect again after the server dropped the connection.
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private var inTransaction = false
    /// Set when a statement found the connection lost (the server closed it, restarted or went
    /// away), not when the session's own watchdog closed it.
    private(set) var connectionLost = false
    /// Whether the last statement failed before it left this machine (the connection was
    /// already closed): the server never saw it.
    private var lastStatementUnsent = false

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
    /// How long ``reconnect()`` keeps trying by default while the server is away or starting up
    /// (a restart after a crash takes a few seconds), in seconds.
    static let defaultReconnectPatience: Double = 20
    /// This session's patience, in seconds.
    let reconnectPatience: Double
    /// How many times ``transaction(_:lockingTrainee:_:)`` runs a transaction again, on a new
    /// connection, after the old one was lost before its COMMIT was sent.
    static let lostConnectionRetries = 1

    /// How a transaction is isolated from others.
    enum Isolation: String {
        /// Every transaction behaves as if it ran alone; the loser of a conflict is run again.
        case serializable = "SERIALIZABLE"
        /// PostgreSQL's default; with a per-trainee advisory lock for the writes that need order.
        case readCommitted = "READ COMMITTED"
        /// One consistent view of the store, nothing written: what a report or an audit reads.
        case snapshot = "REPEATABLE READ, READ ONLY"
    }

    /// Connects to `location` with `password` (nil when the server should not ask for one).
    init(
        location: PostgresLocation, password: String?,
        home: String? = ProcessInfo.processInfo.environment["HOME"],
        statementTimeout: Int64 = PostgresSession.defaultStatementTimeout,
        reconnectPatience: Double = PostgresSession.defaultReconnectPatience
    ) throws {
        self.location = location
        self.statementTimeout = statementTimeout
        self.reconnectPatience = reconnectPatience
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
                database: location.database, tls: try Self.tls(location, home: home))
        // postgres-nio names the host to the server (SNI) unless it is an address, which
        // SNI cannot carry; verify-full then checks the certificate against the host either way.
        }
        configuration.options.connectTimeout = .seconds(Self.connectTimeout)
        // An answer is acknowledged only once it is on the server's disk.
        configuration.options.additionalStartupParameters = [
            ("application_name", "spacert"), ("synchronous_commit", "on"),
        ]
        self.configuration = configuration
        do {
            connection = try Self.connect(configuration, location: location, logger: logger)
        } catch {
            throw PostgresFailure.describe(error, location: location).storeError
        }
    }

    deinit { Self.release(connection) }

    /// Whether the connection is open, as far as this side knows (a server that dropped it
    /// without a word is found out by the next statement).
    var isConnected: Bool { !connection.isClosed }

    /// Closes the connection (an open transaction is rolled back by the server).
    func close() {
        guard !connection.isClosed else { return }
        let connection = self.connection
        // Bounded: a server that does not answer the goodbye must not hang the caller.
        _ = try? Self.wait(connection.close(), seconds: 5)
    }

    /// Drops the connection and makes a new one, trying for up to ``reconnectPatience`` seconds
    /// while the server is away or starting up (after `pg_ctl restart`, a crash, a failover).
    /// Whatever the old connection had not committed is gone. Fails with one line when the
    /// server does not come back in time, or refuses the login.
    func reconnect() throws {
        Self.release(connection)
        let deadline = Date().addingTimeInterval(reconnectPatience)
        var pause = 0.1
        while true {
            do {
                connection = try Self.connect(configuration, location: location, logger: logger)
                connectionLost = false
                return
            } catch {
                let failure = PostgresFailure.describe(error, location: location)
                guard failure.connectionLost, Date().addingTimeInterval(pause) < deadline else {
                    throw PostgresFailure(
                        sqlState: failure.sqlState, serverMessage: failure.serverMessage,
                        message: failure.connectionLost
                            ? "the connection to the PostgreSQL server at \(location.description) was lost and it "
                                + "could not be reached again within \(Int(reconnectPatience)) seconds (\(failure.message))"
                            : failure.message,
                        connectionLost: failure.connectionLost)
                }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 1)
            }
        }
    }

    /// Runs one statement; `query`'s interpolations are sent as parameters, never as SQL text.
    ///
    /// Every wait is bounded: the statement fails after ``statementTimeout`` seconds at the
    /// latest (the connection is then closed), and at once when the connection is already gone.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        let connection = self.connection
        let logger = self.logger
        lastStatementUnsent = false
        if connection.isClosed {
            lastStatementUnsent = true
            throw lost(nil)
        }
        let loop = connection.eventLoop
        // The statement is handed to the connection on its own event loop, and only while the
        // channel is still open: postgres-nio writes a statement to a closed channel without
        // ever completing its future, so a statement sent after the server dropped the
        // connection would wait for ever (the hang of docs/POSTGRES.md).
        let sent = loop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            guard !connection.isClosed else { return loop.makeFailedFuture(PostgresSessionClosed()) }
            return connection.query(query, logger: logger)
        }
        let timeout = statementTimeout
        do {
            return try Self.wait(sent, seconds: timeout) {
                // The watchdog: a statement still running after the timeout closes the
                // connection, and the caller stops waiting whatever postgres-nio does.
                connection.close().whenComplete { _ in _ = connection }
            }.rows
        } catch is PostgresSessionTimeout {
            throw PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message:
                    "the PostgreSQL server at \(location.description) did not finish a statement within "
                    + "\(timeout) seconds; the connection was closed and nothing uncommitted was kept",
                timedOut: true)
        } catch is PostgresSessionClosed {
            lastStatementUnsent = true
            throw lost(nil)
        } catch {
            let failure = PostgresFailure.describe(error, location: location)
            if failure.connectionLost { connectionLost = true }
            throw failure
        }
    }

    /// The failure of a statement that found the connection gone.
    private func lost(_ underlying: PostgresFailure?) -> PostgresFailure {
        connectionLost = true
        return underlying ?? PostgresFailure.connectionLost(at: location)
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
    ///
    /// A lost connection: found before the transaction starts, the session reconnects first;
    /// lost before COMMIT was sent, nothing was kept, so the session reconnects and runs `body`
    /// again once (``lostConnectionRetries``); lost while the COMMIT was on its way, the outcome
    /// is unknown and the failure says so (``PostgresFailure/outcomeUnknown``): it is never
    /// reported as a success, and never run again blindly.
    func transaction<T>(
        _ isolation: Isolation = .serializable, lockingTrainee trainee: Int64? = nil,
        _ body: (PostgresSession) throws -> T
    ) throws -> T {
        try transaction(
            isolation, locking: trainee.map { (PostgresLock.trainee, Int32(truncatingIfNeeded: $0)) }, body)
    }

    /// Runs `body` in one transaction, as ``transaction(_:lockingTrainee:_:)`` says, first
    /// taking the advisory lock `lock` (class and key) when one is given.
    func transaction<T>(
        _ isolation: Isolation, locking lock: (Int32, Int32)?, _ body: (PostgresSession) throws -> T
    ) throws -> T {
        precondition(!inTransaction, "PostgreSQL transactions do not nest")
        inTransaction = true
        defer { inTransaction = false }
        var conflicts = 0
        var reconnects = 0
        while true {
            var committing = false
            // A connection found lost before the transaction begins is made again first; when
            // that fails, the server stayed away for the whole patience: no second wait.
            if connection.isClosed || connectionLost { try reconnect() }
            do {
                try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                if let (lockClass, key) = lock {
                    try query("SELECT pg_advisory_xact_lock(\(lockClass), \(key))")
                }
                let value = try body(self)
                committing = true
                try execute("COMMIT")
                return value
            } catch {
                let failure = error as? PostgresFailure
                // The body may wrap the store's failures in its own errors: the session's own
                // record of the lost connection decides.
                let gone = connectionLost || failure?.connectionLost == true
                // A COMMIT that never left (the connection was found closed first) is no commit.
                if committing && !lastStatementUnsent && (gone || failure?.timedOut == true) {
                    throw PostgresFailure.commitOutcomeUnknown(at: location, cause: failure)
                }
                if gone {
                    if reconnects < Self.lostConnectionRetries {
                        reconnects += 1
                        try reconnect()
                        continue
                    }
                    throw error
                }
                if !connection.isClosed { _ = try? execute("ROLLBACK") }
                if let failure, failure.isConflict, conflicts < Self.conflictRetries {
                    conflicts += 1
                    continue
                }
                throw error
            }
        }
    }

    /// Connects once, waiting at most the connect timeout and a little more for the login.
    private static func connect(
        _ configuration: PostgresConnection.Configuration, location: PostgresLocation, logger: Logger
    ) throws -> PostgresConnection {
        let future = PostgresConnection.connect(
            on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
            logger: logger)
        do {
            return try wait(future, seconds: connectTimeout + 5) {
                // Too late: a connection that still comes is closed at once.
                future.whenSuccess { release($0) }
            }
        } catch is PostgresSessionTimeout {
            throw PostgresFailure(
                sqlState: nil, serverMessage: nil,
                message: "the PostgreSQL server at \(location.description) did not let spacert log in within "
                    + "\(connectTimeout + 5) seconds",
                connectionLost: true, timedOut: true)
        }
    }

    /// Waits for `future` at most `seconds`; then fails with ``PostgresSessionTimeout`` and runs
    /// `expired` (on the event loop, after the failure is decided, so that what `expired` does
    /// to the connection cannot be mistaken for the cause).
    private static func wait<Value: Sendable>(
        _ future: EventLoopFuture<Value>, seconds: Int64,
        expired: @escaping @Sendable () -> Void = {}
    ) throws -> Value {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: Value.self)
        future.cascade(to: promise)
        let timer = loop.scheduleTask(in: .seconds(seconds)) {
            promise.fail(PostgresSessionTimeout())
            expired()
        }
        defer { timer.cancel() }
        return try promise.futureResult.wait()
    }

    /// Closes `connection` without waiting, keeping it alive until it is closed (postgres-nio
    /// insists that a connection be closed before it goes).
    private static func release(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        connection.close().whenComplete { _ in _ = connection }
    }
}

/// A statement found the channel closed before it was sent.
private struct PostgresSessionClosed: Error {}
/// A wait ran out of time.
private struct PostgresSessionTimeout: Error {}

/// The advisory lock classes spacert takes (the first key of the two-key form): spacert's own
/// database holds no other user of advisory locks, but the classes keep them apart anyway.
enum PostgresLock {
    /// Bringing the schema up to date: one migrating process at a time.
    static let migration: Int32 = 0x5350_5201
    /// One trainee's writes (second key: the trainee's id).
    static let trainee: Int32 = 0x5350_5202
    /// Appending to the exam ledger and its checkpoints (second key: 0): one hash chain, one
    /// writer at a time.
    static let ledger: Int32 = 0x5350_5203
    /// Everything else a command writes (trainees, flags, certificates; second key: 0): rare,
    /// short writes that take turns rather than conflict and run again.
    static let store: Int32 = 0x5350_5204
}

/// A PostgreSQL failure: the server's SQLSTATE when it gave one, and the one line for people.
struct PostgresFailure: Error, CustomStringConvertible {
    /// The server's SQLSTATE, or nil for a failure of the connection itself.
    let sqlState: String?
    /// The server's message, unchanged (for callers that turn a state into their own words).
    let serverMessage: String?
    /// The one line.
    let message: String
    /// The connection is gone or the server cannot be reached now (it closed the connection,
    /// restarted, is shutting down or starting up): worth trying again on a new connection.
    var connectionLost = false
    /// The session's own time limit ran out (and it closed the connection).
    var timedOut = false
    /// The connection was lost while a COMMIT was on its way: the transaction may or may not
    /// have been kept.
    var outcomeUnknown = false

    var description: String { message }
    var storeError: SpacertError { .store(message) }

    /// A serialization failure or a deadlock: the transaction may simply be run again.
    var isConflict: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection was found gone.
    static func connectionLost(at location: PostgresLocation) -> PostgresFailure {
        PostgresFailure(
            sqlState: nil, serverMessage: nil,
            message: "the PostgreSQL server at \(location.description) closed the connection (it may have "
                + "restarted); what was not committed was not kept",
            connectionLost: true)
    }

    /// The connection was lost during COMMIT.
    static func commitOutcomeUnknown(at location: PostgresLocation, cause: PostgresFailure?)
        -> PostgresFailure
    {
        PostgresFailure(
            sqlState: cause?.sqlState, serverMessage: cause?.serverMessage,
            message: "the connection to the PostgreSQL server at \(location.description) was lost while it "
                + "committed; whether that work was kept is not known: look before doing it again",
            connectionLost: true, outcomeUnknown: true)
    }

    /// Longest server message repeated in a line.
    private static let messageLimit = 240

    /// `error` from postgres-nio in one line naming `location` (which holds no password).
    static func describe(_ error: any Error, location: PostgresLocation) -> PostgresFailure {
        if let failure = error as? PostgresFailure { return failure }
        let at = "the PostgreSQL server at \(location.description)"
        guard let error = error as? PSQLError else {
            if error is ChannelError || error is IOError { return connectionLost(at: location) }
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
            // Shutting down, crashed, starting up, or a connection exception (class 08).
            let gone = ["57P01", "57P02", "57P03"].contains(state) || state.hasPrefix("08")
            return PostgresFailure(
                sqlState: state, serverMessage: error.serverInfo?[.message], message: message,
                connectionLost: gone)
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
            let (message, gone) = connectionFailure(error.underlying, at: at, location)
            return PostgresFailure(sqlState: nil, serverMessage: nil, message: message, connectionLost: gone)
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return connectionLost(at: location)
        default:
            return PostgresFailure(sqlState: nil, serverMessage: nil, message: "\(at) failed: \(error.code)")
        }
    }

    /// Why the connection could not be made, and whether it is worth trying again shortly (the
    /// server is not there now, or dropped the connection).
    private static func connectionFailure(
        _ underlying: (any Error)?, at: String, _ location: PostgresLocation
    ) -> (message: String, transient: Bool) {
        if let problem = tlsFailure(underlying, at: at, location) { return (problem, false) }
        var code: Int32?
        if let io = underlying as? IOError {
            code = io.errnoCode
        } else if let nio = underlying as? NIOConnectionError {
            code = nio.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }.first
            if code == nil, nio.dnsAAAAError != nil || nio.dnsAError != nil, nio.connectionErrors.isEmpty {
                return ("\(at) cannot be reached: its host name does not resolve", false)
            }
        } else if let channel = underlying as? ChannelError, case .connectTimeout = channel {
            return ("\(at) did not answer within \(PostgresSession.connectTimeout) seconds", true)
        }
        switch code {
        case ENOENT?:
            return ("\(at) is not running (there is no socket \(location.socketPath ?? ""))", true)
        case ECONNREFUSED?:
            return ("\(at) refused the connection (is the server running?)", true)
        case ECONNRESET?, EPIPE?:
            return (connectionLost(at: location).message, true)
        case EACCES?:
            return ("\(at) cannot be reached: permission denied on its socket", false)
        case let code?:
            return ("\(at) cannot be reached: \(String(cString: strerror(code)))", false)
        case nil:
            return (
                "\(at) cannot be reached: \(short(underlying.map { $0 } ?? PostgresFailureNoReason()))", false
            )
        }
    }

    /// The server's certificate failed the check `sslmode` asks for, in words; nil for any other
    /// failure.
    private static func tlsFailure(_ underlying: (any Error)?, at: String, _ location: PostgresLocation)
        -> String?
    {
        guard let underlying else { return nil }
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            guard case .tcp(let host) = location.endpoint else { return nil }
            return host.isAddress
                ? "\(at): sslmode=verify-full checks the certificate's host name, which an address such as '\(host)' "
                    + "cannot be checked against; connect by the name in the certificate, or use sslmode=verify-ca"
                : "\(at) showed a certificate that is not for '\(host)' (sslmode=verify-full checks the host name)"
        }
        if underlying is NIOSSLError, String(describing: underlying).contains("CERTIFICATE_VERIFY_FAILED") {
            let roots =
                location.sslRootCert.map { "an authority in '\($0)' (sslrootcert)" }
                ?? "an authority the system trusts (or ~/.postgresql/root.crt); name the spa group's own "
                + "authority with ?sslrootcert=FILE"
            return
                "\(at) showed a certificate that could not be verified: it is out of date, or not signed by \(roots)"
        }
        return nil
    }

    private static func clip(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > messageLimit ? String(line.prefix(messageLimit)) + "…" : line
    }

    private static func short(_ error: any Error) -> String { clip(String(describing: error)) }
}

private struct PostgresFailureNoReason: Error, CustomStringConvertible {
    var description: String { "no reason given" }
}

extension PostgresSession {
    /// The TLS policy of `location` (TCP only), as libpq's: `allow` is treated as `prefer`;
    /// `require` encrypts without checking the certificate, unless there is a root certificate
    /// file, when it checks the chain as `verify-ca` does; `verify-ca` checks the chain, and
    /// `verify-full` the host name as well. The chain must lead to a certificate of the root
    /// file: `sslrootcert`, else `~/.postgresql/root.crt` when there is one, else the system's
    /// trusted roots.
    static func tls(_ location: PostgresLocation, home: String?) throws
        -> PostgresConnection.Configuration.TLS
    {
        let mode = location.sslMode
        var configuration = TLSConfiguration.makeClientConfiguration()
        // $HOME, as for ~/.pgpass (PostgresPassword).
        let defaultRoot = home.flatMap {
            $0.isEmpty ? nil : ($0 as NSString).appendingPathComponent(".postgresql/root.crt")
        }
        let rootFile =
            location.sslRootCert
            ?? defaultRoot.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        switch mode {
        case .disable:
            return .disable
        case .allow, .prefer:
            configuration.certificateVerification = .none
        case .require:
            configuration.certificateVerification = rootFile == nil ? .none : .noHostnameVerification
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        if let rootFile, configuration.certificateVerification != .none {
            configuration.trustRoots = .certificates(try Self.rootCertificates(rootFile))
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw SpacertError.store("cannot set up TLS for PostgreSQL: \(error)")
        }
        return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
    }

    /// The certificates of a PEM file of root certificates, or a one-line reason (the location's
    /// length is bounded when it is parsed; messages go through the one sanitiser on output).
    private static func rootCertificates(_ path: String) throws -> [NIOSSLCertificate] {
        let data: Data
        do {
            data = try PosixFile.contents(of: path, limit: 1 << 20).data
        } catch {
            throw SpacertError.store("\(error.message) (the root certificates, sslrootcert)")
        }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(data)), !certificates.isEmpty
        else {
            throw SpacertError.store(
                "the root certificate file '\(path)' (sslrootcert) holds no PEM certificate")
        }
        return certificates
    }

}

extension String {
    /// Whether this is an IPv4 or IPv6 address rather than a host name.
    fileprivate var isAddress: Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, self, &v4) == 1 || inet_pton(AF_INET6, self, &v6) == 1
    }
}
