import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines from standard input, each at most ``limit`` bytes: a longer line is never held whole
/// (it is read through and dropped) and comes back as ``tooLong``, which the sessions answer with
/// an error that states the limit without echoing the line.
public final class InputLines {
    /// The longest line read: 1 MiB.
    public static let limit = 1_048_576
    /// What a line over the limit reads as.
    public static let tooLong = "\u{0}spacert: input line over the limit"
    /// The error for a line over the limit.
    public static let tooLongMessage = "an input line is longer than 1 MiB (1,048,576 bytes); it was skipped"

    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var start = 0
    private var end = 0

    public init(descriptor: Int32 = 0) {
        self.descriptor = descriptor
    }

    /// The next line without its newline, ``tooLong``, or nil at the end of input.
    public func next() -> String? {
        var line: [UInt8] = []
        var over = false
        while true {
            if start == end {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    if line.isEmpty && !over { return nil }
                    break
                }
                start = 0
                end = count
            }
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                if !over { line += buffer[start..<newline] }
                start = newline + 1
                break
            }
            if !over { line += buffer[start..<end] }
            start = end
            if line.count > Self.limit {
                over = true
                line = []
            }
        }
        if over || line.count > Self.limit { return Self.tooLong }
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
