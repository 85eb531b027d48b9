import Foundation
import Testing

@testable import SpacertXML

/// The DOCTYPE pre-scan reads a bank a piece at a time: a `<!DOCTYPE` split between two pieces
/// is still found, at the same line and column, whatever the piece size.
@Suite struct DoctypeScanTests {
    func write(_ bytes: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "doctype-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bank.xml").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "found at the same place with any piece size, in UTF-8 and both UTF-16 orders",
        arguments: [String.Encoding.utf8, .utf16LittleEndian, .utf16BigEndian])
    func pieces(encoding: String.Encoding) throws {
        let lines = (1...40).map { "<!-- line \($0) of padding -->" }.joined(separator: "\n")
        let text = "<?xml version=\"1.0\"?>\n<bank>\n" + lines + "\n  <!DOCTYPE bank>\n</bank>\n"
        let path = try write(try #require(text.data(using: encoding)))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let whole = try #require(try Prolog.doctypePosition(inFile: path, pieceSize: 1 << 20))
        #expect(whole.line == 43 && whole.column == 3, "\(whole)")
        for size in [1, 7, 17, 18, 64, 100, 333] {
            let found = try Prolog.doctypePosition(inFile: path, pieceSize: size)
            #expect(
                found?.line == whole.line && found?.column == whole.column,
                "piece size \(size): \(String(describing: found))")
        }
    }

    @Test("a bank without a DOCTYPE has none, whatever the piece size; an empty file neither")
    func none() throws {
        let path = try write(Data((String(repeating: "<!-- <!DOCTYP -->\n", count: 50) + "<bank/>\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        for size in [1, 9, 18, 4096] {
            #expect(try Prolog.doctypePosition(inFile: path, pieceSize: size) == nil)
        }
        let empty = try write(Data())
        #expect(try Prolog.doctypePosition(inFile: empty) == nil)
    }
}
