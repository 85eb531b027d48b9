import Testing

@testable import SpacertTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw mode, key reading and resize events on a real pseudo-terminal. Serialized: the terminal
/// mode and the SIGWINCH handler are process-wide.
@Suite("Raw terminal and key reader", .serialized)
struct RawTerminalTests {
    @Test("enter sets raw-ish mode with output processing on; restore puts everything back, once")
    func enterAndRestore() throws {
        let pty = try #require(PseudoTerminal())
        defer {
            pty.closeTerminal()
            pty.closeController()
        }
        let before = pty.settings()
        #expect(before.c_lflag & tcflag_t(ICANON) != 0)

        let raw = RawTerminal(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal)
        try raw.enter(hideCursor: true, alternateScreen: true)
        #expect(raw.isActive)
        let during = pty.settings()
        for flag in [ICANON, ECHO, ISIG] {
            #expect(during.c_lflag & tcflag_t(flag) == 0)
        }
        #expect(during.c_iflag & tcflag_t(IXON) == 0)
        #expect(during.c_iflag & tcflag_t(ICRNL) == 0)
        #expect(during.c_oflag & tcflag_t(OPOST) != 0)
        #expect(controlCharacter(during, VMIN) == 1)
        #expect(controlCharacter(during, VTIME) == 0)
        #expect(pty.screenOutput() == "\u{1B}[?1049h\u{1B}[?25l")

        let second = RawTerminal(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal)
        #expect(throws: RawTerminalError.alreadyActive) { try second.enter() }

        raw.restore()
        #expect(!raw.isActive)
        let after = pty.settings()
        #expect(after.c_lflag == before.c_lflag)
        #expect(after.c_iflag == before.c_iflag)
        #expect(after.c_oflag == before.c_oflag)
        #expect(pty.screenOutput() == "\u{1B}[0m\u{1B}[?1049l\u{1B}[?25h")
        raw.restore()
        #expect(pty.screenOutput(milliseconds: 50) == "")
    }

    @Test("restore happens when the RawTerminal goes away")
    func restoreOnDeinit() throws {
        let pty = try #require(PseudoTerminal())
        defer {
            pty.closeTerminal()
            pty.closeController()
        }
        do {
            let raw = RawTerminal(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal)
            try raw.enter(hideCursor: false, alternateScreen: false)
            #expect(pty.settings().c_lflag & tcflag_t(ICANON) == 0)
        }
        #expect(pty.settings().c_lflag & tcflag_t(ICANON) != 0)
        #expect(pty.screenOutput() == "\u{1B}[0m\u{1B}[?25h")
    }

    @Test("a pipe is not a terminal")
    func pipeIsNotATerminal() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { fds.forEach { close($0) } }
        let raw = RawTerminal(inputDescriptor: fds[0], outputDescriptor: fds[1])
        #expect(throws: RawTerminalError.notATerminal) { try raw.enter() }
        #expect(!raw.isActive)
    }

    @Test("typed keys arrive decoded; Ctrl-C is a key; a lone Escape after the timeout")
    func readsKeys() throws {
        let pty = try #require(PseudoTerminal())
        defer { pty.closeTerminal() }
        let raw = RawTerminal(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal)
        try raw.enter(hideCursor: false, alternateScreen: false)
        defer { raw.restore() }
        var reader = KeyReader(fileDescriptor: pty.terminal)

        pty.type(Array("a日".utf8) + [0x1B, 0x5B, 0x42, 0x03, 0x0D])
        #expect(reader.next() == .char("a"))
        #expect(reader.next() == .char("日"))
        #expect(reader.next() == .down)
        #expect(reader.next() == .ctrl("c"))
        #expect(reader.next() == .enter)

        pty.type([0x1B])
        #expect(reader.next() == .escape)

        // A short caller timeout does not cut the escape timeout short.
        pty.type([0x1B])
        #expect(reader.next(timeoutMilliseconds: 5) == nil)
        pty.type([0x5B, 0x41])
        #expect(reader.next() == .up)

        reader.escapeTimeoutMilliseconds = 300  // generous, so a busy machine does not split the arrow
        pty.type([0x1B, 0x4F])
        usleep(5_000)
        pty.type([0x43])
        #expect(reader.next() == .right)

        #expect(reader.next(timeoutMilliseconds: 40) == nil)

        pty.closeController()
        #expect(reader.next() == .eof)
        #expect(reader.next() == .eof)
    }

    @Test("SIGWINCH wakes a blocked read with .resize, and the new size is readable")
    func resizeEvent() throws {
        let pty = try #require(PseudoTerminal())
        defer {
            pty.closeTerminal()
            pty.closeController()
        }
        var reader = KeyReader(fileDescriptor: pty.terminal)
        pty.resize(columns: 33, rows: 11)
        kill(getpid(), SIGWINCH)
        #expect(reader.next(timeoutMilliseconds: 1000) == .resize)
        #expect(TerminalSize.query(fileDescriptor: pty.terminal) == TerminalSize(columns: 33, rows: 11))
        kill(getpid(), SIGWINCH)
        kill(getpid(), SIGWINCH)
        #expect(reader.next(timeoutMilliseconds: 1000) == .resize)
        #expect(reader.next(timeoutMilliseconds: 30) == nil)  // both signals folded into one event
    }

    @Test("a pipe's end of input is .eof, after the keys in it")
    func pipeEndOfInput() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        var reader = KeyReader(fileDescriptor: fds[0], watchResize: false)
        _ = LineOutput(fileDescriptor: fds[1]).write("ab\u{1B}")
        close(fds[1])
        #expect(reader.next() == .char("a"))
        #expect(reader.next() == .char("b"))
        #expect(reader.next() == .escape)
        #expect(reader.next() == .eof)
    }
}
