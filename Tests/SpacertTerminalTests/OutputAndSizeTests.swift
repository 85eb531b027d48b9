import Testing

@testable import SpacertTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Output and terminal size")
struct OutputAndSizeTests {
    @Test("a write is complete even when the pipe takes it in pieces")
    func largeWrite() async throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        let readEnd = fds[0]
        let writeEnd = fds[1]
        let reader = Task.detached { () -> Int in
            var total = 0
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress!, $0.count) }
                if count <= 0 { return total }
                total += count
            }
        }
        let text = String(repeating: "日本語 massage ", count: 60_000)
        #expect(LineOutput(fileDescriptor: writeEnd).write(text))
        close(writeEnd)
        #expect(await reader.value == text.utf8.count)
        close(readEnd)
    }

    @Test("a closed pipe makes write return false instead of killing the process")
    func brokenPipe() throws {
        ignoreSigpipe()
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        #expect(!LineOutput(fileDescriptor: fds[1]).writeLine("nobody reads this"))
    }

    @Test("a pipe is not a terminal; a pseudo-terminal is")
    func isTerminal() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { fds.forEach { close($0) } }
        #expect(!LineOutput(fileDescriptor: fds[1]).isTerminal)
        let pty = try #require(PseudoTerminal())
        defer {
            pty.closeTerminal()
            pty.closeController()
        }
        #expect(LineOutput(fileDescriptor: pty.terminal).isTerminal)
    }

    @Test("size from the terminal, then COLUMNS and LINES, then 80x24")
    func sizeFallbacks() throws {
        let pty = try #require(PseudoTerminal())
        defer {
            pty.closeTerminal()
            pty.closeController()
        }
        pty.resize(columns: 100, rows: 30)
        #expect(
            TerminalSize.current(fileDescriptors: [pty.terminal], environment: ["COLUMNS": "50"])
                == TerminalSize(columns: 100, rows: 30))

        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { fds.forEach { close($0) } }
        #expect(TerminalSize.query(fileDescriptor: fds[0]) == nil)
        #expect(
            TerminalSize.current(fileDescriptors: [fds[0]], environment: ["COLUMNS": "120", "LINES": "40"])
                == TerminalSize(columns: 120, rows: 40))
        #expect(
            TerminalSize.current(fileDescriptors: [fds[0]], environment: ["COLUMNS": " 90 "])
                == TerminalSize(columns: 90, rows: 24))
        #expect(
            TerminalSize.current(fileDescriptors: [fds[0]], environment: ["COLUMNS": "wide", "LINES": "0"])
                == TerminalSize.fallback)
        #expect(
            TerminalSize.current(fileDescriptors: [], environment: [:]) == TerminalSize(columns: 80, rows: 24)
        )
    }
}
