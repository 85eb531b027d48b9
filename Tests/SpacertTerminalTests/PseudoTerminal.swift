#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pseudo-terminal pair for tests: the program side (`terminal`) and the keyboard/screen side
/// (`controller`).
struct PseudoTerminal {
    let controller: Int32
    let terminal: Int32

    /// Opens a new pair, or nil where pseudo-terminals are unavailable.
    ///
    /// The Glibc module does not export `posix_openpt` and friends (they need `_XOPEN_SOURCE`), so
    /// they are looked up with `dlsym`.
    init?() {
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let library = dlopen(nil, RTLD_NOW)
        guard let openSymbol = dlsym(library, "posix_openpt"), let grantSymbol = dlsym(library, "grantpt"),
            let unlockSymbol = dlsym(library, "unlockpt"), let nameSymbol = dlsym(library, "ptsname")
        else { return nil }
        let controller = unsafeBitCast(openSymbol, to: IntFunction.self)(O_RDWR | O_NOCTTY)
        guard controller >= 0, unsafeBitCast(grantSymbol, to: IntFunction.self)(controller) == 0,
            unsafeBitCast(unlockSymbol, to: IntFunction.self)(controller) == 0,
            let name = unsafeBitCast(nameSymbol, to: NameFunction.self)(controller)
        else { return nil }
        let terminal = open(name, O_RDWR | O_NOCTTY)
        guard terminal >= 0 else {
            close(controller)
            return nil
        }
        self.controller = controller
        self.terminal = terminal
    }

    /// Types bytes as if on the keyboard.
    func type(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress!, $0.count) }
    }

    /// Sets the window size the terminal side reports.
    func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(controller, UInt(TIOCSWINSZ), &size)
    }

    /// What the program wrote to the screen side, waiting up to `milliseconds` for the first byte.
    func screenOutput(milliseconds: Int32 = 500) -> String {
        var bytes: [UInt8] = []
        var descriptor = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        var wait = milliseconds
        while poll(&descriptor, 1, wait) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            wait = 50
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The terminal side's current settings.
    func settings() -> termios {
        var settings = termios()
        _ = tcgetattr(terminal, &settings)
        return settings
    }

    /// Closes both sides (the controller first: the terminal side then reads EIO).
    func closeController() {
        close(controller)
    }

    func closeTerminal() {
        close(terminal)
    }
}

/// A control character value (`VMIN`, `VTIME`) of a termios.
func controlCharacter(_ settings: termios, _ index: Int32) -> UInt8 {
    withUnsafeBytes(of: settings.c_cc) { $0[Int(index)] }
}
