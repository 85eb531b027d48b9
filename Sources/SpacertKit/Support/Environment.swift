import Foundation

/// Where spacert finds its inputs and what time it is, from flags and the environment,
/// as `docs/PROTOCOL.md` specifies.
public struct SpacertEnvironment: Sendable {
    public var variables: [String: String]

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The banks folder: `--banks`, else `$SPACERT_BANKS`, else `./QuestionBanks`.
    public func banksDirectory(flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = variables["SPACERT_BANKS"], !value.isEmpty { return value }
        return "QuestionBanks"
    }

    /// The store: `--db`, else `$SPACERT_DB`, else `$XDG_DATA_HOME/spacert/spacert.sqlite`
    /// (`~/.local/share/spacert/spacert.sqlite`).
    public func storePath(flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = variables["SPACERT_DB"], !value.isEmpty { return value }
        let dataHome: String
        if let xdg = variables["XDG_DATA_HOME"], !xdg.isEmpty {
            dataHome = xdg
        } else {
            let home = variables["HOME"] ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return (dataHome as NSString).appendingPathComponent("spacert/spacert.sqlite")
    }

    /// The spa's private signing key: `--key`, else `$SPACERT_KEY`, else
    /// `$XDG_CONFIG_HOME/spacert/signing-key` (`~/.config/spacert/signing-key`). Its public key
    /// is `<path>.pub`.
    public func signingKeyPath(flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = variables["SPACERT_KEY"], !value.isEmpty { return value }
        let configHome: String
        if let xdg = variables["XDG_CONFIG_HOME"], !xdg.isEmpty {
            configHome = xdg
        } else {
            let home = variables["HOME"] ?? NSHomeDirectory()
            configHome = (home as NSString).appendingPathComponent(".config")
        }
        return (configHome as NSString).appendingPathComponent("spacert/signing-key")
    }

    /// The current time: `$SPACERT_NOW` (ISO 8601 with an offset) when set, else the clock.
    public func now() throws -> Date {
        guard let value = variables["SPACERT_NOW"], !value.isEmpty else { return Date() }
        guard let date = ISO8601.parse(value) else {
            throw SpacertError.invalidInput(
                "SPACERT_NOW is '\(value)'; expected ISO 8601 with an offset, for example 2026-01-05T09:00:00Z"
            )
        }
        return date
    }

    /// The clock of a session: the real clock, or with `$SPACERT_NOW` that time moving on
    /// with the real seconds since this call (so time limits and steps work in simulations).
    public func sessionClock() throws -> () -> Date {
        let now = try self.now()
        guard variables["SPACERT_NOW"] != nil else { return { Date() } }
        let started = Date()
        return { now.addingTimeInterval(Date().timeIntervalSince(started)) }
    }

    /// The login name, the default trainee.
    public var loginName: String {
        variables["USER"] ?? variables["LOGNAME"] ?? NSUserName()
    }
}

/// ISO 8601 dates with an offset required, with or without fractional seconds.
public enum ISO8601 {
    /// The formatters, made once (making one costs far more than using it), used under a lock.
    nonisolated(unsafe) private static let plain: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
    nonisolated(unsafe) private static let fractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    private static let lock = NSLock()

    /// Parses `2026-01-05T09:00:00Z`, `2026-01-05T09:00:00.250+05:30`; nil without an offset.
    public static func parse(_ text: String) -> Date? {
        lock.lock()
        defer { lock.unlock() }
        return plain.date(from: text) ?? fractional.date(from: text)
    }

    /// `2026-01-05T09:00:00Z`, in UTC.
    public static func format(_ date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return plain.string(from: date)
    }

    /// `2026-01-05T09:00:00.250Z`, in UTC, to the millisecond.
    public static func formatMilliseconds(_ date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return fractional.string(from: date)
    }
}

/// A failure that stops a command from running (exit 2), with a message for people.
public enum SpacertError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A file, folder or value that could not be read or understood.
    case invalidInput(String)
    /// The progress store cannot be opened or used.
    case store(String)

    public var description: String {
        switch self {
        case .invalidInput(let message), .store(let message): return message
        }
    }
}
