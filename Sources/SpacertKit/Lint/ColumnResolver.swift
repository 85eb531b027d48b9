import Foundation

/// Finds the column of an element or attribute on a known line, for diagnostics only: the
/// streaming reader keeps lines, and columns are worked out afterwards from the file's text,
/// so the hot path never holds the file in memory.
enum ColumnResolver {
    /// Fills in missing columns of `diagnostics` (all from `file`) and of their notes there.
    static func resolve(_ diagnostics: inout [Diagnostic], in file: String) {
        var wanted = Set<Int>()
        for diagnostic in diagnostics
        where diagnostic.location.file == file && diagnostic.location.column == nil
            && diagnostic.element != nil
        {
            for line in max(1, diagnostic.location.line - 5)...diagnostic.location.line {
                wanted.insert(line)
            }
        }
        guard !wanted.isEmpty, let lines = readLines(wanted, of: file) else { return }
        for index in diagnostics.indices {
            let diagnostic = diagnostics[index]
            guard diagnostic.location.file == file, diagnostic.location.column == nil,
                let element = diagnostic.element
            else { continue }
            if let position = find(
                element: element, attribute: diagnostic.attribute, near: diagnostic.location.line, in: lines)
            {
                diagnostics[index].location.line = position.line
                diagnostics[index].location.column = position.column
            }
        }
    }

    /// The position of `<element` (and of `attribute=` after it, when given), searching the
    /// given line and then the lines above it (a start tag may span lines).
    static func find(element: String, attribute: String?, near line: Int, in lines: [Int: String]) -> (
        line: Int, column: Int
    )? {
        for candidate in stride(from: line, through: max(1, line - 5), by: -1) {
            guard let text = lines[candidate], let start = text.range(of: "<" + element) else { continue }
            guard let attribute else { return (candidate, column(of: start.lowerBound, in: text)) }
            for attributeLine in candidate...line {
                guard let attributeText = lines[attributeLine] else { continue }
                let from = attributeLine == candidate ? start.upperBound : attributeText.startIndex
                if let found = attributeText.range(
                    of: " " + attribute + "=", range: from..<attributeText.endIndex)
                {
                    return (
                        attributeLine,
                        column(of: attributeText.index(after: found.lowerBound), in: attributeText)
                    )
                }
            }
            return (candidate, column(of: start.lowerBound, in: text))
        }
        return nil
    }

    private static func column(of index: String.Index, in text: String) -> Int {
        text.unicodeScalars.distance(from: text.startIndex, to: index) + 1
    }

    private static func readLines(_ wanted: Set<Int>, of file: String) -> [Int: String]? {
        guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
        defer { try? handle.close() }
        let last = wanted.max() ?? 0
        var result: [Int: String] = [:]
        var line = 1
        var current: [UInt8] = []
        // Whether the current line is wanted: looked up once a line, not once a byte.
        var keep = wanted.contains(line)
        while line <= last, let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard let base = bytes.baseAddress else { return }
                // From one newline to the next with memchr; only wanted lines are copied.
                var from = 0
                while from < bytes.count {
                    guard let hit = memchr(base + from, 0x0A, bytes.count - from) else {
                        if keep { current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...])) }
                        break
                    }
                    let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if keep {
                        current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<end]))
                        result[line] = String(decoding: current, as: UTF8.self)
                    }
                    current.removeAll(keepingCapacity: true)
                    line += 1
                    keep = wanted.contains(line)
                    from = end + 1
                    if line > last { break }
                }
            }
        }
        if line <= last, wanted.contains(line) { result[line] = String(decoding: current, as: UTF8.self) }
        return result
    }
}
