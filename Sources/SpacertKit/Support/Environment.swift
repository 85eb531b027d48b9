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

    /// The store's location, read by the one parser (``StoreLocation/parse(_:origin:)``): a path
    /// is an SQLite store, a `postgres://` URL a PostgreSQL one. Same precedence as
    /// ``storePath(flag:)``; a location spacert cannot use is a one-line error (exit 2).
    public func storeLocation(flag: String?) throws -> StoreLocation {
        let origin: String
        if let flag, !flag.isEmpty {
            origin = "--db"
        } else if let value = variables["SPACERT_DB"], !value.isEmpty {
            origin = "SPACERT_DB"
        } else {
            origin = "the default store path"
        }
        return try StoreLocation.parse(storePath(flag: flag), origin: origin)
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

    /// The copy of the exam ledger's newest checkpoint outside the store: `--checkpoint-file`,
    /// else `$SPACERT_CHECKPOINT`, else `<signing key>.checkpoint` beside the key.
    public func checkpointPath(flag: String?, keyPath: String) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = variables["SPACERT_CHECKPOINT"], !value.isEmpty { return value }
        return LedgerSigner.defaultOutsidePath(keyPath: keyPath)
    }

    /// The current time: `$SPACERT_NOW` when set, else the clock. `SPACERT_NOW` must be a real
    /// calendar instant (see ``ISO8601/parseStrict(_:)``); anything else is an error (exit 2)
    /// giving the form expected.
    public func now() throws -> Date {
        guard let value = variables["SPACERT_NOW"], !value.isEmpty else { return Date() }
        guard let date = ISO8601.parseStrict(value) else {
            throw SpacertError.invalidInput(
                "SPACERT_NOW is '\(value)'; expected a real date and time from 1970 to 9999 with an offset "
                    + "within ±14:00 and nothing after it, as YYYY-MM-DDTHH:MM:SS[.fraction] then Z or ±HH:MM, "
                    + "for example 2026-01-05T09:00:00Z")
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
