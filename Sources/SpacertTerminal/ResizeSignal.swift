#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGWINCH (the window was resized) into a readable byte on a self-pipe.
///
/// `KeyReader` polls the pipe next to the keyboard, so a blocking key read wakes up and returns
/// `.resize`. The handler only calls `write(2)`, which is async-signal-safe.
public enum ResizeSignal {
    /// Installs the SIGWINCH handler once and returns the pipe's read end (non-blocking), or nil
    /// if the pipe could not be made.
    @discardableResult
    public static func install() -> Int32? {
        if resizePipeRead >= 0 { return resizePipeRead }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        resizePipeWrite = fds[1]
        resizePipeRead = fds[0]
        installSignalHandler(SIGWINCH, resizeSignalHandler, flags: Int32(SA_RESTART))
        return resizePipeRead
    }

    /// Empties the pipe; returns whether a resize happened since the last call.
    @discardableResult
    public static func drain() -> Bool {
        guard resizePipeRead >= 0 else { return false }
        var happened = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(resizePipeRead, $0.baseAddress!, 64) }
            if count > 0 {
                happened = true
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return happened
            }
        }
    }
}

/// Read end of the SIGWINCH self-pipe, or -1 before `ResizeSignal.install()`.
nonisolated(unsafe) private var resizePipeRead: Int32 = -1

/// Write end of the SIGWINCH self-pipe, used only by the signal handler.
nonisolated(unsafe) private var resizePipeWrite: Int32 = -1

/// The SIGWINCH handler: writes one byte to the self-pipe and keeps `errno` as it was.
private let resizeSignalHandler: SignalHandler = { _ in
    let savedErrno = errno
    var byte: UInt8 = 1
    _ = systemWrite(resizePipeWrite, &byte, 1)
    errno = savedErrno
}
