import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The size of the terminal window in character cells.
public struct TerminalSize: Sendable, Hashable {
    /// Width in columns.
    public var columns: Int
    /// Height in rows.
    public var rows: Int

    /// Creates a size of `columns` by `rows`.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The size assumed when nothing better is known: 80 by 24.
    public static let fallback = TerminalSize(columns: 80, rows: 24)

    /// The current size: asks the terminal with `ioctl(TIOCGWINSZ)` on each of `fileDescriptors`
    /// in turn, then reads `$COLUMNS` and `$LINES`, then falls back to 80 by 24.
    public static func current(
        fileDescriptors: [Int32] = [1, 0, 2],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalSize {
        for fd in fileDescriptors {
            if let size = query(fileDescriptor: fd) { return size }
        }
        return fromEnvironment(environment) ?? fallback
    }

    /// The size the terminal on `fileDescriptor` reports, or nil if it is not a terminal (or reports 0).
    public static func query(fileDescriptor: Int32) -> TerminalSize? {
        var window = winsize()
        guard ioctl(fileDescriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0
        else { return nil }
        return TerminalSize(columns: Int(window.ws_col), rows: Int(window.ws_row))
    }

    /// The size that `COLUMNS` and `LINES` give (a missing one is taken from 80 by 24), or nil when
    /// neither holds a positive number.
    public static func fromEnvironment(_ environment: [String: String]) -> TerminalSize? {
        func positive(_ name: String) -> Int? {
            guard let text = environment[name]?.trimmingSpaces, let value = Int(text), value > 0 else {
                return nil
            }
            return value
        }
        let columns = positive("COLUMNS")
        let rows = positive("LINES")
        guard columns != nil || rows != nil else { return nil }
        return TerminalSize(columns: columns ?? fallback.columns, rows: rows ?? fallback.rows)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
