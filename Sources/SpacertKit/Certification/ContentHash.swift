import Crypto
import Foundation

/// The SHA-256 of one file's exact bytes, named relative to the banks folder, so a
/// certificate can say exactly which policy and bank content it was earned on.
public struct ContentHash: Sendable, Hashable, Codable {
    /// The file's path relative to the banks folder (`techniques.xml`).
    public var file: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String

    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }

    /// Hashes the file at `path`, naming it relative to `directory`.
    public init(path: String, relativeTo directory: String) throws {
        // The shared guard: a regular file only (a FIFO is refused, not waited on).
        let data: Data
        do throws(PosixFile.Failure) {
            data = try PosixFile.contents(of: path, limit: 1 << 30).data
        } catch let failure {
            throw SpacertError.invalidInput(failure.message)
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        file = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        sha256 = Self.hex(data)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// One hash over several files, independent of the order given: SHA-256 of
    /// `sha256sum`-style lines (`<hex>  <file>\n`) sorted by file name.
    public static func combined(_ hashes: [ContentHash]) -> String {
        let lines = hashes.sorted { $0.file < $1.file }.map { "\($0.sha256)  \($0.file)\n" }.joined()
        return hex(Data(lines.utf8))
    }
}
