internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the reader is positioned on.
public enum XMLNodeKind: Sendable, Equatable {
    /// A start tag (`isEmptyElement` tells whether it is also the end).
    case element
    /// An end tag.
    case endElement
    /// Character data or a CDATA section.
    case text
    /// A processing instruction, `<?target data?>`: `localName` is its target, `value` its data.
    case processingInstruction
    /// Anything else: whitespace between elements, comments, processing instructions.
    case other
}

/// A forward-only, streaming XML reader over libxml2's `xmlTextReader`, with optional
/// XSD validation in the same pass and the security policy built in: any DOCTYPE or entity
/// reference stops the read with a problem, external entities are never loaded, and files
/// over the size cap are refused before parsing.
///
/// Element names are compared against a vocabulary given up front (interned pointers), so a
/// caller dispatches on `nameIndex` without building strings for every node.
public final class XMLStreamReader {
    private let reader: xmlTextReaderPtr
    private let collector = ProblemCollector()
    /// Kept alive as long as the reader: libxml2 validates against it while reading.
    private let schema: XMLSchema?
    private let vocabulary: [UnsafePointer<xmlChar>?]
    /// A perfect hash of the vocabulary's interned pointers: `(pointer >> nameShift) & 63`
    /// picks the only slot a name can be in (-1: none), or `nameShift` is -1 and names are
    /// searched one by one.
    private let nameSlots: [Int8]
    private let nameShift: Int
    /// The reader's changing state, behind a pointer: a class's stored `var`s cost a dynamic
    /// exclusivity check on every access, and `read()` and its accessors run once per node.
    @usableFromInline let state: UnsafeMutablePointer<State>
    /// Attribute values found by the last `findAttributes(_:)`, borrowed from libxml2 or,
    /// where `State.ownedMask` says so, owned and freed on the next look-up, read or deinit.
    private let attributeValues: UnsafeMutablePointer<UnsafePointer<xmlChar>?>
    /// The current node's name or text, as `read()` found them on the node.
    private let facts: UnsafeMutablePointer<spacert_node_facts>

    /// What the reader knows about where it is.
    @usableFromInline struct State {
        @usableFromInline var kind = XMLNodeKind.other
        @usableFromInline var nameIndex = -1
        @usableFromInline var depth = 0
        @usableFromInline var isEmptyElement = false
        var stopped = false
        var checkedEncoding = false
        /// Whether `collectingErrors(_:)` has the collector installed, so `read()` need not.
        var handlerInstalled = false
        var attributeCount = 0
        var ownedMask: UInt32 = 0
    }

    /// The file being read.
    public let path: String

    /// Every problem found so far: syntax, schema, and security refusals, in document order
    /// of discovery.
    public var problems: [XMLProblem] { collector.problems }

    /// Opens `path` for reading. Throws when the file cannot be read or is over `maxBytes`;
    /// problems inside the file are reported through `problems`, never thrown.
    public init(
        path: String, schema: XMLSchema?, vocabulary names: [String], maxBytes: Int
    ) throws(XMLOpenError) {
        LibXML.silenceGenericErrors()
        self.path = path
        self.schema = schema
        let size = try FileBytes.size(path: path)
        if size > maxBytes { throw .tooLarge(path: path, size: size, limit: maxBytes) }
        // Look at the whole file before libxml2 does, a piece at a time (memory stays flat
        // however large the bank): a DOCTYPE anywhere (in UTF-8 or UTF-16) never reaches the
        // parser.
        let doctype = try Prolog.doctypePosition(inFile: path)
        guard let reader = xmlReaderForFile(path, nil, LibXML.safeOptions) else {
            throw .unreadable(path: path, reason: "libxml2 could not open it")
        }
        self.reader = reader
        // Allocated once nothing more can throw, so deinit always frees them.
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        attributeValues = .allocate(capacity: XMLNameSet.maximumCount)
        attributeValues.initialize(repeating: nil, count: XMLNameSet.maximumCount)
        facts = .allocate(capacity: 1)
        facts.initialize(to: spacert_node_facts(name: nil, value: nil))
        if let schema {
            _ = xmlTextReaderSetSchema(reader, schema.pointer)
        }
        vocabulary = names.map { xmlTextReaderConstString(reader, $0) }
        (nameSlots, nameShift) = Self.perfectHash(vocabulary)
        if size == 0 {
            collector.problems.append(
                XMLProblem(line: 1, column: 1, message: "the file is empty", origin: .syntax, isFatal: true))
            state.pointee.stopped = true
        } else if let doctype {
            collector.problems.append(
                XMLProblem(
                    line: doctype.line, column: doctype.column,
                    message:
                        "a DOCTYPE is not allowed in this file (it could load other files or expand entities)",
                    origin: .syntax, isFatal: true))
            state.pointee.stopped = true
        }
    }

    deinit {
        releaseAttributes()
        attributeValues.deallocate()
        facts.deallocate()
        state.deallocate()
        xmlFreeTextReader(reader)
    }

    /// Runs `body`, which reads this reader, with its error collector installed once as
    /// libxml2's per-thread structured handler, instead of around every `read()`; the
    /// handler that was there before is restored afterwards. Reads are synchronous, so the
    /// handler sees only this thread's work, and nesting with other readers is safe.
    public func collectingErrors<T>(_ body: () throws -> T) rethrows -> T {
        try collector.collecting(
            installed: state.pointee.handlerInstalled, mark: { state.pointee.handlerInstalled = $0 }, body)
    }

    /// Moves to the next node. Returns false at the end of the document, or after a problem
    /// that stops the read (not well-formed, DOCTYPE, entity reference).
    public func read() -> Bool {
        guard !state.pointee.stopped else { return false }
        if state.pointee.ownedMask != 0 { releaseAttributes() }
        state.pointee.attributeCount = 0
        // The reader's own structured handler crashes libxml2 2.9.14 on a fatal error once a
        // schema is plugged in (the plug replaces the parser's userData), so errors are taken
        // through the per-thread handler: installed once by `collectingErrors(_:)`, or else
        // set around this synchronous read.
        let result =
            state.pointee.handlerInstalled
            ? xmlTextReaderRead(reader) : collectingErrors { xmlTextReaderRead(reader) }
        guard result == 1 else {
            state.pointee.stopped = true
            if result < 0 && !collector.sawFatal && collector.problems.isEmpty {
                collector.problems.append(
                    XMLProblem(
                        line: parserLine, column: nil, message: "the file could not be parsed",
                        origin: .syntax, isFatal: true))
            }
            return false
        }
        if !state.pointee.checkedEncoding { checkEncoding() }
        // Plain branches, most frequent first: a jump table's one indirect branch mispredicts
        // more often on the alternating stream of node types.
        let type = spacert_reader_node_type(reader, facts)
        if type == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
            state.pointee.kind = .element
            state.pointee.nameIndex = lookUpName()
            state.pointee.depth = Int(xmlTextReaderDepth(reader))
            state.pointee.isEmptyElement = xmlTextReaderIsEmptyElement(reader) == 1
            return true
        }
        if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) {
            state.pointee.kind = .endElement
            state.pointee.nameIndex = lookUpName()
            state.pointee.depth = Int(xmlTextReaderDepth(reader))
            state.pointee.isEmptyElement = false
            return true
        }
        if type == Int32(XML_READER_TYPE_TEXT.rawValue) || type == Int32(XML_READER_TYPE_CDATA.rawValue) {
            state.pointee.kind = .text
        } else if type == Int32(XML_READER_TYPE_PROCESSING_INSTRUCTION.rawValue) {
            state.pointee.kind = .processingInstruction
        } else if type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
            refuse("a DOCTYPE is not allowed in this file (it could load other files or expand entities)")
            return false
        } else if type == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue)
            || type == Int32(XML_READER_TYPE_ENTITY.rawValue)
        {
            let name = localName
            refuse(
                "entity reference '&\(name);' is not allowed; write the character itself (only &amp; &lt; &gt; &quot; &apos; and &#...; are accepted)"
            )
            return false
        } else {
            state.pointee.kind = .other
        }
        state.pointee.nameIndex = -1
        state.pointee.depth = -1
        state.pointee.isEmptyElement = false
        return true
    }

    private func refuse(_ message: String) {
        collector.problems.append(
            XMLProblem(line: line, column: nil, message: message, origin: .syntax, isFatal: true))
        state.pointee.stopped = true
    }

    private func checkEncoding() {
        state.pointee.checkedEncoding = true
        guard let encoding = xmlTextReaderConstEncoding(reader) else { return }
        let name = String(cString: encoding)
        let folded = name.uppercased()
        if folded != "UTF-8" && folded != "UTF8" {
            collector.problems.append(
                XMLProblem(
                    line: 1, column: nil,
                    message:
                        "the file is encoded as '\(name)'; save it as UTF-8 (and declare encoding=\"UTF-8\")",
                    origin: .syntax, isFatal: false))
        }
    }

    /// The kind of the current node.
    @inlinable public var kind: XMLNodeKind { state.pointee.kind }

    /// The index of the current element's (or end tag's) local name in the vocabulary, or -1.
    @inlinable public var nameIndex: Int { state.pointee.nameIndex }

    private func lookUpName() -> Int {
        guard let name = facts.pointee.name ?? xmlTextReaderConstLocalName(reader) else { return -1 }
        if nameShift >= 0 {
            let index = Int(nameSlots[(Int(bitPattern: name) >> nameShift) & 63])
            return index >= 0 && vocabulary[index] == name ? index : -1
        }
        return vocabulary.withUnsafeBufferPointer { names in
            for index in names.indices where names[index] == name { return index }
            return -1
        }
    }

    /// A shift that sends every pointer of `names` to its own slot of 64, and the slots.
    static func perfectHash(_ names: [UnsafePointer<xmlChar>?]) -> (slots: [Int8], shift: Int) {
        guard names.count <= 64, names.allSatisfy({ $0 != nil }) else { return ([], -1) }
        for shift in 0..<16 {
            var slots = [Int8](repeating: -1, count: 64)
            var unique = true
            for (index, name) in names.enumerated() {
                let slot = (Int(bitPattern: name) >> shift) & 63
                if slots[slot] >= 0 {
                    unique = false
                    break
                }
                slots[slot] = Int8(index)
            }
            if unique { return (slots, shift) }
        }
        return ([], -1)
    }

    /// The current node's local name.
    public var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// The current node's namespace URI, if any.
    public var namespaceURI: String? {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
    }

    /// Whether the current element is written `<x/>`.
    @inlinable public var isEmptyElement: Bool { state.pointee.isEmptyElement }

    /// The text of a text node.
    public var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// Appends the UTF-8 bytes of a text node to `buffer`, without building a String.
    public func appendValue(to buffer: inout [UInt8]) {
        guard let value = xmlTextReaderConstValue(reader) else { return }
        buffer.append(
            contentsOf: UnsafeBufferPointer(
                start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
    }

    /// Calls `body` with the UTF-8 bytes of a text node (empty for other nodes), borrowed
    /// from libxml2 for the call only: copy what must outlive it.
    @inlinable
    public func withValueBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        try body(borrowedValueBytes())
    }

    /// The text node's bytes for `withValueBytes(_:)`; valid until the next `read()`.
    @usableFromInline func borrowedValueBytes() -> UnsafeBufferPointer<UInt8> {
        let known = state.pointee.kind == .text ? facts.pointee.value : nil
        guard let value = known ?? xmlTextReaderConstValue(reader) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(
            start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))
    }

    /// The depth of the current node (the root element is 0).
    @inlinable public var depth: Int {
        let depth = state.pointee.depth
        // Found by read() for elements and end tags only; asked for other nodes.
        return depth >= 0 ? depth : libraryDepth
    }

    /// libxml2's depth of the current node, for nodes `read()` did not find it for.
    @usableFromInline var libraryDepth: Int { Int(xmlTextReaderDepth(reader)) }

    /// The line of the current node (where its start tag is), 1-based.
    public var line: Int {
        let line = Int(spacert_reader_node_line(reader))
        return line > 0 ? line : parserLine
    }

    private var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The value of attribute `name` (no namespace) on the current element.
    public func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { spacert_xml_free(value) }
        return String(cString: value)
    }

    /// Looks up every name of `names` on the current element in one pass, as `attribute(_:)`
    /// would one by one; read the results with `withAttributeBytes(_:_:)` or `attributeString(_:)`
    /// until the next look-up or `read()`.
    public func findAttributes(_ names: XMLNameSet) {
        precondition(names.owner == ObjectIdentifier(self), "names interned by another reader")
        if state.pointee.ownedMask != 0 { releaseAttributes() }
        let count = names.pointers.count
        names.pointers.withUnsafeBufferPointer { pointers in
            var built = spacert_reader_attributes(reader, pointers.baseAddress, Int32(count), attributeValues)
            state.pointee.ownedMask = built
            while built != 0 {
                let index = built.trailingZeroBitCount
                built &= built - 1
                attributeValues[index] = UnsafePointer(xmlTextReaderGetAttribute(reader, pointers[index]))
            }
        }
        state.pointee.attributeCount = count
    }

    /// Calls `body` with the bytes of the value of name `index` of the last
    /// `findAttributes(_:)`, nil when the element has no such attribute; the bytes are
    /// borrowed for the call only: copy what must outlive it.
    @inlinable
    public func withAttributeBytes<Result>(
        _ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result
    ) rethrows -> Result {
        try body(borrowedAttributeBytes(index))
    }

    /// The attribute's bytes for `withAttributeBytes(_:_:)`; valid until the next look-up or
    /// `read()`.
    @usableFromInline func borrowedAttributeBytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard index < state.pointee.attributeCount, let value = attributeValues[index] else { return nil }
        return UnsafeBufferPointer(
            start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self)))
    }

    /// The value of name `index` of the last `findAttributes(_:)` as a string, nil when the
    /// element has no such attribute.
    public func attributeString(_ index: Int) -> String? {
        guard index < state.pointee.attributeCount, let value = attributeValues[index] else { return nil }
        return String(cString: value)
    }

    private func releaseAttributes() {
        var owned = state.pointee.ownedMask
        while owned != 0 {
            let index = owned.trailingZeroBitCount
            owned &= owned - 1
            if let value = attributeValues[index] {
                spacert_xml_free(UnsafeMutableRawPointer(mutating: value))
            }
            attributeValues[index] = nil
        }
        state.pointee.ownedMask = 0
        state.pointee.attributeCount = 0
    }

    /// Interns attribute names for `findAttributes(_:)` (at most `XMLNameSet.maximumCount`).
    public func nameSet(_ names: [String]) -> XMLNameSet {
        precondition(names.count <= XMLNameSet.maximumCount, "too many names")
        let pointers: [UnsafePointer<UInt8>?] = names.map { xmlTextReaderConstString(reader, $0) }
        return XMLNameSet(owner: ObjectIdentifier(self), pointers: pointers)
    }

    /// Every attribute on the current element as (qualified name, value), in written order.
    public func attributes() -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return result }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            result.append((name, value))
        }
        _ = xmlTextReaderMoveToElement(reader)
        return result
    }
}

/// Attribute names interned in one reader's dictionary, looked up together on an element
/// with `XMLStreamReader.findAttributes(_:)`; valid only with the reader that made them.
public struct XMLNameSet {
    /// The most names one set can hold.
    public static let maximumCount = 32
    /// The reader whose dictionary holds the names.
    let owner: ObjectIdentifier
    let pointers: [UnsafePointer<UInt8>?]
}

extension XMLStreamReader {
    /// The local name of the root element of the file at `path`, read from its first bytes
    /// without parsing (so a caller can choose a reader and schema); nil when none is found.
    public static func rootElementName(path: String) -> String? {
        guard let head = try? FileBytes.read(path: path, limit: 1 << 16) else { return nil }
        return Prolog.rootName(in: head)
    }
}

/// A scan of the bytes before the root element.
enum Prolog {
    /// The root element's local name, after the XML declaration, comments and any DOCTYPE.
    static func rootName(in bytes: [UInt8]) -> String? {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        func skip(past pattern: [UInt8]) -> Bool {
            while index + pattern.count <= bytes.count {
                if bytes[index..<index + pattern.count].elementsEqual(pattern) {
                    index += pattern.count
                    return true
                }
                index += 1
            }
            return false
        }
        while index < bytes.count {
            if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { return nil }
            switch bytes[index + 1] {
            case UInt8(ascii: "?"):
                guard skip(past: Array("?>".utf8)) else { return nil }
            case UInt8(ascii: "!"):
                let comment = bytes[index...].starts(with: Array("<!--".utf8))
                guard skip(past: Array((comment ? "-->" : ">").utf8)) else { return nil }
            default:
                var end = index + 1
                while end < bytes.count,
                    ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[end])
                {
                    end += 1
                }
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                return name.split(separator: ":").last.map(String.init)
            }
        }
        return nil
    }

    /// The line and column of a `<!DOCTYPE` anywhere in the file at `path`, in UTF-8 or UTF-16
    /// (either byte order), if there is one. The file is read in pieces of `pieceSize` bytes,
    /// each searched with the end of the one before (so a word split between two pieces is
    /// found), and lines are counted as the pieces go by. The search jumps from one `!` to the
    /// next with `memchr` (a `!` is rare in a bank), and lines are counted the same way: the
    /// scan costs a small share of what parsing the file does.
    static func doctypePosition(inFile path: String, pieceSize: Int = 1 << 20) throws(XMLOpenError) -> (
        line: Int, column: Int
    )? {
        _ = try FileBytes.size(path: path)
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let word = Array("<!DOCTYPE".utf8)
        // UTF-8, UTF-16LE, UTF-16BE, tried in that order (a UTF-16LE file also holds the
        // big-endian pattern one byte early). `bang` is where the pattern's `!` is; after a
        // newline's 0x0A byte, the next line starts `next` bytes on.
        let patterns: [(bytes: [UInt8], bang: Int, width: Int, next: Int)] = [
            (word, 1, 1, 1), (word.flatMap { [$0, 0] }, 2, 2, 2), (word.flatMap { [0, $0] }, 3, 2, 1),
        ]
        let overlap = word.count * 2 - 1
        let size = max(pieceSize, 1)
        // The window: the kept end of the last piece, then the new piece.
        var window = [UInt8](repeating: 0, count: overlap + size)
        var kept = 0
        // The file offset of the window's first byte; the lines before it, and the offset of
        // the last newline before it (-1: none yet).
        var windowStart = 0
        var lines = 1
        var lastNewline = -1
        var first = true
        while true {
            let count = window.withUnsafeMutableBytes { fread($0.baseAddress! + kept, 1, size, file) }
            if ferror(file) != 0 {
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            let filled = kept + count
            if first, count > 0 {
                first = false
                if let found = prologDoctype(in: Array(window[0..<filled])) { return found }
            }
            let found: (line: Int, column: Int)? = window.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[0..<filled])
                for pattern in patterns {
                    guard let index = find(pattern.bytes, bang: pattern.bang, in: bytes) else { continue }
                    let before = newlines(in: UnsafeBufferPointer(rebasing: bytes[0..<index]))
                    let last = before.last >= 0 ? windowStart + before.last : lastNewline
                    let start = last >= 0 ? last + pattern.next : 0
                    return (lines + before.count, (windowStart + index - start) / pattern.width + 1)
                }
                return nil
            }
            if let found { return found }
            if count == 0 { return nil }
            // Keep the window's end for the next piece; count the lines of what is let go.
            let keep = min(overlap, filled)
            let leaving = filled - keep
            let counted = window.withUnsafeBufferPointer {
                newlines(in: UnsafeBufferPointer(rebasing: $0[0..<leaving]))
            }
            lines += counted.count
            if counted.last >= 0 { lastNewline = windowStart + counted.last }
            window.withUnsafeMutableBufferPointer { all in
                for index in 0..<keep { all[index] = all[leaving + index] }
            }
            kept = keep
            windowStart += leaving
        }
    }

    /// The first index of `pattern` in `bytes`, whose byte at `bang` is a `!`, found from one
    /// `!` of `bytes` to the next.
    private static func find(_ pattern: [UInt8], bang: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, bytes.count >= pattern.count else { return nil }
        var from = bang
        while from < bytes.count {
            guard let hit = memchr(base + from, 0x21, bytes.count - from) else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let start = position - bang
            if start + pattern.count <= bytes.count
                && pattern.withUnsafeBufferPointer({
                    memcmp(base + start, $0.baseAddress!, pattern.count) == 0
                })
            {
                return start
            }
            from = position + 1
        }
        return nil
    }

    /// How many newline bytes `bytes` holds, and the index of the last one (-1: none).
    private static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> (count: Int, last: Int) {
        guard let base = bytes.baseAddress else { return (0, -1) }
        var count = 0
        var last = -1
        var from = 0
        while from < bytes.count, let hit = memchr(base + from, 0x0A, bytes.count - from) {
            last = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            count += 1
            from = last + 1
        }
        return (count, last)
    }

    /// The line and column of a `<!DOCTYPE` (or `<!doctype`) in the prolog, if there is one.
    static func prologDoctype(in bytes: [UInt8]) -> (line: Int, column: Int)? {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        func starts(_ literal: String) -> Bool {
            let pattern = Array(literal.utf8)
            guard index + pattern.count <= bytes.count else { return false }
            return Array(bytes[index..<index + pattern.count]) == pattern
        }
        func skip(past literal: String) -> Bool {
            let pattern = Array(literal.utf8)
            while index + pattern.count <= bytes.count {
                if Array(bytes[index..<index + pattern.count]) == pattern {
                    index += pattern.count
                    return true
                }
                index += 1
            }
            return false
        }
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            default:
                if starts("<?") {
                    guard skip(past: "?>") else { return nil }
                } else if starts("<!--") {
                    guard skip(past: "-->") else { return nil }
                } else if starts("<!DOCTYPE") || starts("<!doctype") {
                    var line = 1
                    var lineStart = 0
                    for position in 0..<index where bytes[position] == 0x0A {
                        line += 1
                        lineStart = position + 1
                    }
                    return (line, index - lineStart + 1)
                } else {
                    return nil
                }
            }
        }
        return nil
    }
}
