import Foundation

/// Where the progress store is, as `--db` or `$SPACERT_DB` names it: a file path selects an
/// SQLite store (as always), a `postgres://` (or `postgresql://`) URL a PostgreSQL one.
///
/// This is the one parser of that text. A PostgreSQL location never carries a password: it comes
/// from `PGPASSWORD` or the password file (``PostgresPassword``), so it does not end up in shell
/// histories, process listings or error messages.
public enum StoreLocation: Equatable, Sendable {
    /// An SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// The longest location accepted, in UTF-8 bytes.
    public static let maximumLength = 1024

    /// Reads `text`, which came from `origin` (`--db` or `SPACERT_DB`, for the error message).
    /// Throws a ``SpacertError/invalidInput(_:)`` of one line for a location it cannot use.
    public static func parse(_ text: String, origin: String) throws -> StoreLocation {
        let lower = text.lowercased()
        for scheme in ["postgres://", "postgresql://"] where lower.hasPrefix(scheme) {
            let rest = String(text.unicodeScalars.dropFirst(scheme.unicodeScalars.count))
            return .postgres(try PostgresLocation.parse(rest, origin: origin, whole: text))
        }
        if let scheme = urlScheme(of: text) {
            throw SpacertError.invalidInput(
                "\(origin) names a '\(scheme)://' store; give a file path (SQLite) or a postgres:// URL")
        }
        return .sqlite(path: text)
    }

    /// `mysql` for `mysql://...`: letters, digits, `+`, `-` and `.` after a letter, then `://`.
    private static func urlScheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            scheme.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "+-.".unicodeScalars.contains($0))
            })
        else { return nil }
        return String(scheme)
    }
}

/// A PostgreSQL database: `postgres://ROLE@HOST:PORT/DATABASE?sslmode=MODE&host=/socket/folder`.
///
/// - The role is required; the database defaults to the role's name, as with libpq.
/// - Without a host the server is reached through the Unix socket in `/var/run/postgresql`;
///   `?host=/folder` names another socket folder, `?host=name` a TCP host.
/// - The port defaults to 5432 (for a socket it names the file `.s.PGSQL.PORT`).
/// - `sslmode` is libpq's: `disable`, `allow`, `prefer` (the default), `require`, `verify-ca`,
///   `verify-full`. It applies to TCP only; a Unix socket is never encrypted.
/// - `sslrootcert=FILE`, as in libpq, names the PEM file of the certificate authorities the
///   server's certificate must chain to (a spa group's own CA); without it,
///   `~/.postgresql/root.crt` when there is one, else the system's trusted roots.
public struct PostgresLocation: Equatable, Sendable {
    /// How the server is reached.
    public enum Endpoint: Equatable, Sendable {
        /// The Unix socket `.s.PGSQL.<port>` in this folder.
        case socket(directory: String)
        /// TCP to this host name or address.
        case tcp(host: String)
    }

    /// libpq's `sslmode`.
    public enum SSLMode: String, CaseIterable, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var endpoint: Endpoint
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// The certificate authorities' PEM file (`sslrootcert`), when given.
    public var sslRootCert: String?

    /// libpq's default socket folder on Debian.
    public static let defaultSocketDirectory = "/var/run/postgresql"
    /// PostgreSQL keeps at most this many bytes of a role or database name (NAMEDATALEN - 1).
    public static let maximumNameLength = 63

    public init(
        user: String, endpoint: Endpoint, port: Int = 5432, database: String, sslMode: SSLMode = .prefer,
        sslRootCert: String? = nil
    ) {
        self.user = user
        self.endpoint = endpoint
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// The socket file, for a socket endpoint.
    public var socketPath: String? {
        guard case .socket(let directory) = endpoint else { return nil }
        return (directory as NSString).appendingPathComponent(".s.PGSQL.\(port)")
    }

    /// The location as a URL, for messages (it never holds a password).
    public var description: String {
        switch endpoint {
        case .socket(let directory):
            return "postgres://\(user)@:\(port)/\(database)?host=\(directory)"
        case .tcp(let host):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(user)@\(shown):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
                + (sslRootCert.map { "&sslrootcert=\($0)" } ?? "")
        }
    }

    /// Parses what follows `postgres://`; `whole` is the full text, for the length check.
    static func parse(_ rest: String, origin: String, whole: String) throws -> PostgresLocation {
        func refuse(_ reason: String) -> SpacertError {
            SpacertError.invalidInput("\(origin) is not a usable PostgreSQL location: \(reason)")
        }
        guard whole.utf8.count <= StoreLocation.maximumLength else {
            throw refuse(
                "it is \(whole.utf8.count) bytes long; at most \(StoreLocation.maximumLength) are accepted")
        }
        if let bad = whole.unicodeScalars.first(where: isControl) {
            throw refuse("it holds the control character U+\(hex(bad.value))")
        }
        if whole.contains("#") {
            throw refuse("'#' has no meaning in a store location (write %23 in a name)")
        }

        // Authority, path and query.
        var remainder = Substring(rest)
        var query = Substring("")
        if let mark = remainder.firstIndex(of: "?") {
            query = remainder[remainder.index(after: mark)...]
            remainder = remainder[..<mark]
        }
        var authority = remainder
        var path = Substring("")
        if let slash = remainder.firstIndex(of: "/") {
            authority = remainder[..<slash]
            path = remainder[remainder.index(after: slash)...]
        }
        guard let at = authority.lastIndex(of: "@") else {
            throw refuse("it names no role; write postgres://ROLE@HOST/DATABASE")
        }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        if userInfo.contains(":") {
            throw refuse(
                "it holds a password, which a location must not (it would show in process lists and "
                    + "shell histories); put the password in PGPASSWORD or ~/.pgpass")
        }
        let user = try decodeName(userInfo, what: "the role name", refuse: refuse)

        // Host and port from the authority: `host`, `host:port`, `[v6]:port`, `:port` or nothing.
        var host = ""
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw refuse("its '[' host has no ']'") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("unexpected text after ']'") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        host = try percentDecode(host, what: "the host", refuse: refuse)
        if host.contains("/") { throw refuse("a socket folder goes in ?host=/folder, not before the '/'") }

        let databaseText =
            path.isEmpty ? nil : try decodeName(path, what: "the database name", refuse: refuse)
        if let databaseText, databaseText.contains("/") {
            throw refuse("the database name '\(databaseText)' holds a '/'")
        }

        // The query: sslmode, sslrootcert, host and port, each at most once.
        var sslMode = SSLMode.prefer
        var sslRootCert: String?
        var seen = Set<String>()
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try percentDecode(String(parts[0]), what: "a parameter name", refuse: refuse)
            let value =
                parts.count == 2 ? try percentDecode(String(parts[1]), what: "'\(key)'", refuse: refuse) : ""
            guard seen.insert(key).inserted else { throw refuse("'\(key)' is given twice") }
            switch key {
            case "password":
                throw refuse(
                    "it holds a password, which a location must not (it would show in process lists and "
                        + "shell histories); put the password in PGPASSWORD or ~/.pgpass")
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw refuse(
                        "sslmode '\(value)' is not one of "
                            + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                sslMode = mode
            case "sslrootcert":
                guard !value.isEmpty else { throw refuse("?sslrootcert= is empty") }
                sslRootCert = value
            case "host":
                guard host.isEmpty else {
                    throw refuse("the host is given twice (before the '/' and in ?host=)")
                }
                guard !value.isEmpty else { throw refuse("?host= is empty") }
                host = value
            case "port":
                guard portText == nil else {
                    throw refuse("the port is given twice (after the host and in ?port=)")
                }
                portText = Substring(value)
            default:
                throw refuse("unknown parameter '\(key)' (spacert reads sslmode, sslrootcert, host and port)")
            }
        }

        var port = 5432
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = Int(portText), (1...65_535).contains(number)
            else { throw refuse("the port '\(portText)' is not a number from 1 to 65535") }
            port = number
        }
        let endpoint: Endpoint
        if host.isEmpty {
            endpoint = .socket(directory: defaultSocketDirectory)
        } else if host.hasPrefix("/") {
            endpoint = .socket(directory: host)
        } else {
            guard host.unicodeScalars.allSatisfy({ $0.isASCII && !$0.properties.isWhitespace }) else {
                throw refuse("the host '\(host)' is not a host name or address")
            }
            endpoint = .tcp(host: host)
        }
        return PostgresLocation(
            user: user, endpoint: endpoint, port: port, database: databaseText ?? user, sslMode: sslMode,
            sslRootCert: sslRootCert)
    }

    private static func decodeName(
        _ text: Substring, what: String, refuse: (String) -> SpacertError
    ) throws -> String {
        let name = try percentDecode(String(text), what: what, refuse: refuse)
        guard !name.isEmpty else { throw refuse("\(what) is empty") }
        guard name.utf8.count <= maximumNameLength else {
            throw refuse(
                "\(what) is \(name.utf8.count) bytes long; PostgreSQL keeps at most \(maximumNameLength)")
        }
        return name
    }

    /// `%XX` decoded as UTF-8; a bad escape, invalid UTF-8 or a decoded control character is refused.
    private static func percentDecode(
        _ text: String, what: String, refuse: (String) -> SpacertError
    ) throws -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
            else {
                throw refuse("\(what) has a '%' not followed by two hex digits")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw refuse("\(what) is not valid UTF-8 once decoded")
        }
        if let bad = decoded.unicodeScalars.first(where: isControl) {
            throw refuse("\(what) holds the control character U+\(hex(bad.value))")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// C0, DEL, C1, and the invisible format characters (bidi overrides, zero widths).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
