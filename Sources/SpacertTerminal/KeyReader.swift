#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads keys from a terminal descriptor, waking up for window resizes as well.
///
/// Polls the input and the SIGWINCH self-pipe (`ResizeSignal`) together, so a blocking `next()`
/// returns `.resize` as soon as the window changes. A lone ESC is reported as `.escape` after
/// `escapeTimeoutMilliseconds` with no following byte. End of input, a closed terminal (EIO) or a
/// hang-up give `.eof`, and every later call gives `.eof` again.
public struct KeyReader: Sendable {
    /// The descriptor read from (usually standard input, in raw mode).
    public let fileDescriptor: Int32
    /// How long to wait after an ESC for the rest of a sequence before reporting `.escape`.
    public var escapeTimeoutMilliseconds: Int32
    private let resizeDescriptor: Int32?
    private var decoder = KeyDecoder()
    private var queue: [Key] = []
    private var ended = false
    private var lastByteTime = ContinuousClock.now

    /// Creates a reader for `fileDescriptor`; with `watchResize` it installs the SIGWINCH handler.
    public init(fileDescriptor: Int32 = 0, watchResize: Bool = true, escapeTimeoutMilliseconds: Int32 = 30) {
        self.fileDescriptor = fileDescriptor
        self.escapeTimeoutMilliseconds = escapeTimeoutMilliseconds
        resizeDescriptor = watchResize ? ResizeSignal.install() : nil
    }

    /// Waits as long as it takes for the next key or event.
    public mutating func next() -> Key {
        next(timeoutMilliseconds: -1) ?? .eof
    }

    /// Waits at most `timeoutMilliseconds` (negative: forever) for the next key or event; nil when
    /// the time ran out first (for a ticking clock on screen).
    public mutating func next(timeoutMilliseconds: Int32) -> Key? {
        let clock = ContinuousClock()
        let deadline: ContinuousClock.Instant? =
            timeoutMilliseconds < 0 ? nil : clock.now.advanced(by: .milliseconds(Int(timeoutMilliseconds)))
        while true {
            if !queue.isEmpty { return queue.removeFirst() }
            if ended { return .eof }

            var wait: Int32 = deadline.map(Self.millisecondsLeft(until:)) ?? -1
            var escapeDeadline: ContinuousClock.Instant?
            if decoder.hasPendingBytes {
                let expiry = lastByteTime.advanced(by: .milliseconds(Int(escapeTimeoutMilliseconds)))
                escapeDeadline = expiry
                let escapeWait = Self.millisecondsLeft(until: expiry)
                wait = wait < 0 ? escapeWait : min(wait, escapeWait)
            }

            var descriptors = [pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)]
            if let resizeDescriptor {
                descriptors.append(pollfd(fd: resizeDescriptor, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), wait)
            if ready < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                ended = true
                continue
            }
            if ready == 0 {
                if let escapeDeadline, clock.now >= escapeDeadline {
                    queue += decoder.flush()
                    continue
                }
                if let deadline, clock.now >= deadline { return nil }
                continue
            }
            if descriptors.count > 1, descriptors[1].revents & Int16(POLLIN) != 0 {
                if ResizeSignal.drain() { return .resize }
            }
            let events = descriptors[0].revents
            if events & Int16(POLLNVAL) != 0 {
                ended = true
            } else if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                readAvailable()
            }
        }
    }

    /// Whole milliseconds from now to `deadline`, rounded up, at least 0.
    private static func millisecondsLeft(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return Int32(clamping: seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond)
    }

    /// Reads what is there and decodes it; marks the end on 0 bytes or a hard error such as EIO.
    private mutating func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { systemRead(fileDescriptor, $0.baseAddress!, $0.count) }
        if count > 0 {
            lastByteTime = .now
            queue += decoder.decode(buffer[0..<count])
        } else if count == 0 {
            queue += decoder.flush()
            ended = true
        } else if errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK {
            queue += decoder.flush()
            ended = true
        }
    }
}
