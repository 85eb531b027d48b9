import CQREncode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A QR code symbol made by libqrencode: a square of dark and light modules, without the
/// quiet zone (leave four light modules around it when drawing).
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol may be damaged and still read; more costs space.
    public enum Correction: Sendable, Hashable, CaseIterable {
        /// About 7% recoverable.
        case low
        /// About 15% recoverable.
        case medium
        /// About 25% recoverable.
        case quartile
        /// About 30% recoverable.
        case high

        var level: QRecLevel {
            switch self {
            case .low: return QR_ECLEVEL_L
            case .medium: return QR_ECLEVEL_M
            case .quartile: return QR_ECLEVEL_Q
            case .high: return QR_ECLEVEL_H
            }
        }
    }

    /// Why no symbol could be made.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The symbol's version, 1 to 40.
    public let version: Int
    /// Modules on a side.
    public let size: Int
    /// Row by row, `true` for a dark module.
    public let modules: [Bool]

    /// The smallest symbol holding `bytes` in 8-bit mode at `correction`.
    public init(bytes: [UInt8], correction: Correction = .medium) throws(Failure) {
        guard !bytes.isEmpty else { throw Failure(description: "a QR code needs at least one byte") }
        errno = 0
        let made = bytes.withUnsafeBufferPointer {
            QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, correction.level)
        }
        guard let symbol = made else {
            let why =
                errno == ERANGE
                ? "\(bytes.count) bytes are more than the largest QR code holds at this correction level"
                : "libqrencode could not encode \(bytes.count) bytes (errno \(errno))"
            throw Failure(description: why)
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        version = Int(symbol.pointee.version)
        size = width
        modules = data.map { $0 & 1 == 1 }
    }

    /// The UTF-8 bytes of `text` in 8-bit mode.
    public init(text: String, correction: Correction = .medium) throws(Failure) {
        try self.init(bytes: Array(text.utf8), correction: correction)
    }

    /// Whether the module in `row` and `column` (from the top left, 0-based) is dark.
    public subscript(row: Int, column: Int) -> Bool {
        modules[row * size + column]
    }

    /// Each maximal run of dark modules in a row, as (row, first column, length): fewer shapes
    /// to draw than one per module.
    public var darkRuns: [(row: Int, column: Int, length: Int)] {
        var runs: [(row: Int, column: Int, length: Int)] = []
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[row, column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size && self[row, column] { column += 1 }
                runs.append((row, start, column - start))
            }
        }
        return runs
    }
}
