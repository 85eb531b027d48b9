#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes text straight to a file descriptor with `write(2)`, with no buffering.
///
/// Retries after `EINTR` and after partial writes, waits out `EAGAIN` on a non-blocking descriptor,
/// and reports a closed pipe (`EPIPE`) by returning false instead of failing loudly, so
/// `spacert ... | head` ends quietly. Call `ignoreSigpipe()` once at start so a closed pipe gives
/// `EPIPE` rather than killing the process. Do not mix with buffered `print` on the same descriptor.
public struct LineOutput: Sendable, Hashable {
    /// The descriptor written to.
    public let fileDescriptor: Int32

    /// Creates a writer for `fileDescriptor`.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Standard output, descriptor 1.
    public static let standardOutput = LineOutput(fileDescriptor: 1)

    /// Standard error, descriptor 2.
    public static let standardError = LineOutput(fileDescriptor: 2)

    /// Whether the descriptor is a terminal (`isatty`), for `colorEnabled(mode:isTTY:environment:)`.
    public var isTerminal: Bool {
        isatty(fileDescriptor) == 1
    }

    /// Writes `text` as UTF-8; returns false if it could not all be written (closed pipe, error).
    @discardableResult
    public func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { writeAll(fileDescriptor, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `text` and a line feed; returns false if it could not all be written.
    @discardableResult
    public func writeLine(_ text: String) -> Bool {
        write(text + "\n")
    }

    /// Writes raw bytes; returns false if they could not all be written.
    @discardableResult
    public func write(bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fileDescriptor, $0) }
    }
}

/// Makes a write to a closed pipe fail with `EPIPE` instead of killing the process with SIGPIPE.
public func ignoreSigpipe() {
    _ = signal(SIGPIPE, SIG_IGN)
}

/// Writes every byte of `buffer` to `fd`, retrying on `EINTR`, partial writes and `EAGAIN`.
func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
    guard let base = buffer.baseAddress else { return true }
    var offset = 0
    while offset < buffer.count {
        let written = systemWrite(fd, base + offset, buffer.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0 && errno == EINTR {
            continue
        } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, 1000)
        } else {
            return false
        }
    }
    return true
}

/// `write(2)`, named so that it does not clash with the `write` methods above.
func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, pointer, count)
    #else
        return Darwin.write(fd, pointer, count)
    #endif
}

/// `read(2)`, named to match `systemWrite`.
func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.read(fd, pointer, count)
    #else
        return Darwin.read(fd, pointer, count)
    #endif
}
