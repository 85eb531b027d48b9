import ArgumentParser
import Foundation
import SpacertFSRS
import SpacertReplay

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `spacert replay`: recompute FSRS card states from review histories.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Recompute FSRS-6 card states from review histories (JSON in, JSON out).",
        discussion: "Reads FILE, or stdin without one. See docs/PROTOCOL.md for the shapes.")

    @Argument(
        help: "A JSON file of review histories (default: stdin).", completion: .file(extensions: ["json"]))
    var file: String?

    /// Runs the phases one after another and prints their times to stderr (for the benchmark).
    @Flag(help: .hidden)
    var timings = false

    func run() throws {
        if timings {
            try Self.runTimed(file: file)
        } else {
            try Self.run(file: file)
        }
    }

    /// `spacert replay [FILE]` without the argument parser: `Spacert.main` calls this for
    /// `replay` alone or with a file name, sparing the start-up work of parsing the whole command
    /// tree for a command whose cost is otherwise a few milliseconds. It reads the C arguments
    /// as they are (making `CommandLine.arguments` costs a type look-up by mangled name).
    ///
    /// Returns false, having done nothing, for any other arguments (options, `--help`, more
    /// than one file), which the argument parser then handles.
    static func runFast(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Bool {
        guard argc == 2 || argc == 3, let command = argv[1], strcmp(command, "replay") == 0 else {
            return false
        }
        var file: String?
        if argc == 3 {
            guard let argument = argv[2], argument[0] != CChar(UInt8(ascii: "-")) else { return false }
            file = String(cString: argument)
        }
        do {
            try run(file: file)
        } catch {
            // ExitCode(1), the error already reported.
            Foundation.exit(1)
        }
        return true
    }

    /// Reads the input, replays it and writes the output to stdout with `write(2)`.
    private static func run(file: String?) throws {
        let input = readInput(file)
        defer { input.release() }
        let output = StandardOutput()
        do {
            try replay(bytes: input.bytes) { chunk in try output.write(chunk) }
            try output.write(UnsafeRawBufferPointer(start: newline.utf8Start, count: 1))
        } catch let error as ReplayError {
            Diagnostics.say("spacert: error: \(error.description)")
            throw ExitCode(1)
        } catch let failure as StandardOutput.Failure {
            failure.finish()
        }
    }

    /// `--timings`: reading, then the replay as usual (its output to stdout), then decoding, the
    /// scheduler alone and the replay into memory again, each timed, as one line on stderr of
    /// `name=seconds` pairs (see ``ReplayPhases``).
    private static func runTimed(file: String?) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let input = readInput(file)
        defer { input.release() }
        let read = start.duration(to: clock.now)
        let output = StandardOutput()
        do {
            let phases = try ReplayPhases.measure(input.bytes) { chunk in try output.write(chunk) }
            try output.write(UnsafeRawBufferPointer(start: newline.utf8Start, count: 1))
            func seconds(_ duration: Duration) -> String {
                let (whole, attoseconds) = duration.components
                return String(Double(whole) + Double(attoseconds) * 1e-18)
            }
            Diagnostics.say(
                "timings: read=\(seconds(read)) engine=\(seconds(phases.engine)) write=\(seconds(phases.write)) "
                    + "decode=\(seconds(phases.decode)) schedule=\(seconds(phases.schedule)) "
                    + "replay=\(seconds(phases.replay)) reviews=\(phases.reviews) cards=\(phases.cards) "
                    + "bytes=\(phases.outputBytes) threads=\(phases.threads)")
        } catch let error as ReplayError {
            Diagnostics.say("spacert: error: \(error.description)")
            throw ExitCode(1)
        } catch let failure as StandardOutput.Failure {
            failure.finish()
        }
    }

    private static let newline: StaticString = "\n"

    /// The input file (mapped) or stdin (read whole); exits 2 with a message if it cannot be read.
    private static func readInput(_ file: String?) -> InputBytes {
        do {
            return try InputBytes(path: file)
        } catch {
            Diagnostics.fail("\(file ?? "stdin"): cannot read: \(String(cString: strerror(error.code)))")
        }
    }
}

/// The bytes of the input: a regular file mapped into memory, anything else (stdin, a pipe)
/// read whole into a buffer.
private struct InputBytes {
    /// Why the input could not be read: an `errno` value.
    struct Failure: Error {
        let code: Int32
    }

    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    init(path: String?) throws(Failure) {
        let descriptor = path.map { open($0, O_RDONLY | O_CLOEXEC) } ?? 0
        guard descriptor >= 0 else { throw Failure(code: errno) }
        defer { if path != nil { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(code: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw Failure(code: EISDIR) }
        if status.st_mode & S_IFMT == S_IFREG && status.st_size > 0 {
            let size = Int(status.st_size)
            #if os(Linux)
                // Map every page now, in one call, rather than fault them in one by one.
                let flags = MAP_PRIVATE | MAP_POPULATE
            #else
                let flags = MAP_PRIVATE
            #endif
            if let memory = mmap(nil, size, PROT_READ, flags, descriptor, 0), memory != MAP_FAILED {
                bytes = UnsafeRawBufferPointer(start: memory, count: size)
                mapped = true
                return
            }
        }
        // Not a regular file (or not mappable): read until the end.
        var capacity = max(Int(status.st_size) + 1, 1 << 16)
        var buffer = malloc(capacity)!
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                buffer = realloc(buffer, capacity)!
            }
            let got = read(descriptor, buffer + count, capacity - count)
            if got > 0 {
                count += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                let code = errno
                free(buffer)
                throw Failure(code: code)
            }
        }
        bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        mapped = false
    }

    /// Unmaps or frees the bytes.
    func release() {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }
}

/// Standard output through `write(2)`: no copies, no buffering.
private struct StandardOutput {
    /// A write that failed: a closed pipe (`spacert replay | head`) ends quietly, anything
    /// else is an error.
    struct Failure: Error {
        let code: Int32

        /// Exits: 0 after a closed pipe, else 2 with a message.
        func finish() -> Never {
            if code == EPIPE { exit(0) }
            Diagnostics.fail("cannot write the output: \(String(cString: strerror(code)))")
        }
    }

    /// Writes every byte, retrying after interruptions and partial writes.
    func write(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        guard var pointer = chunk.baseAddress else { return }
        var left = chunk.count
        while left > 0 {
            #if canImport(Glibc)
                let written = Glibc.write(1, pointer, left)
            #else
                let written = Darwin.write(1, pointer, left)
            #endif
            if written > 0 {
                pointer += written
                left -= written
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var descriptor = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 1000)
            } else {
                throw Failure(code: written < 0 ? errno : EIO)
            }
        }
    }
}
