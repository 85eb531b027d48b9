import Foundation

/// Where spacert finds its inputs and what time it is, from flags and the environment,
/// as `PROTOCOL.md` specifies.
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

    /// Parses only a real calendar instant: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z`
    /// or `±HH:MM`; the year 1970 to 9999, the day one the month has (29 February in leap years
    /// only), hours 0–23, minutes and seconds 0–59, the offset within ±14:00, nothing after.
    public static func parseStrict(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard let year = number(0..<4), byte(4, is: "-"), let month = number(5..<7), byte(7, is: "-"),
            let day = number(8..<10), byte(10, is: "T"), let hour = number(11..<13), byte(13, is: ":"),
            let minute = number(14..<16), byte(16, is: ":"), let second = number(17..<19),
            (1970...9999).contains(year), (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let digits = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > digits, index - digits <= 9 else { return nil }
        }
        if byte(index, is: "Z") {
            index += 1
        } else if byte(index, is: "+") || byte(index, is: "-") {
            guard let hours = number((index + 1)..<(index + 3)), byte(index + 3, is: ":"),
                let minutes = number((index + 4)..<(index + 6)), minutes < 60, hours * 60 + minutes <= 14 * 60
            else { return nil }
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        return parse(text)
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
