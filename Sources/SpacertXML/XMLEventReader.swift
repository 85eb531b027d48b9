internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a bank reader asks of a streaming XML reader: the node it is on, its name, depth,
/// line, text and attributes. `XMLStreamReader` (libxml2's `xmlTextReader`) and
/// `XMLEventReader` (libxml2's SAX parser, no tree) both answer it the same way.
public protocol XMLNodeReading: AnyObject {
    func read() -> Bool
    var kind: XMLNodeKind { get }
    var nameIndex: Int { get }
    var depth: Int { get }
    var isEmptyElement: Bool { get }
    var line: Int { get }
    var localName: String { get }
    var namespaceURI: String? { get }
    var value: String { get }
    var problems: [XMLProblem] { get }
    func withValueBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
    func attribute(_ name: String) -> String?
    func nameSet(_ names: [String]) -> XMLNameSet
    func findAttributes(_ names: XMLNameSet)
    func withAttributeBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result)
        rethrows -> Result
    func attributeString(_ index: Int) -> String?
    func collectingErrors<T>(_ body: () throws -> T) rethrows -> T
    /// The column of the current start tag's `<` when the reader knows it as a search of the
    /// file's line would find it (see `columnsFor`); nil otherwise.
    var startTagColumn: Int? { get }
    /// Asks for `startTagColumn` on start tags with this local name.
    func columnsFor(_ name: String)
}

extension XMLStreamReader: XMLNodeReading {
    public var startTagColumn: Int? { nil }
    public func columnsFor(_ name: String) {}
}

/// A forward-only reader with `XMLStreamReader`'s answers, over libxml2's push parser with
/// the XSD validator plugged into its SAX events: no tree is built and freed node by node,
/// which makes reading a large bank about a third cheaper. The events of each piece of the
/// file are written down as the parser raises them and handed out one by one.
///
/// It reads well-formed UTF-8 documents only. At the first problem with the XML itself (not
/// well-formed, another encoding, a DOCTYPE or entity reference), or anything else only
/// `xmlTextReader` handles the way spacert reports it, it stops and sets `needsTreeReader`:
/// the caller then reads the file again with `XMLStreamReader`, whose findings are the
/// reference. Schema findings are the same as that reader's (the same validator, placed by
/// the same parser line).
public final class XMLEventReader: XMLNodeReading {
    private let collector = ProblemCollector()
    private let schema: XMLSchema?
    private let validation: xmlSchemaValidCtxtPtr?
    private var plug: xmlSchemaSAXPlugPtr?
    private let context: xmlParserCtxtPtr?
    private let sax: UnsafeMutablePointer<spacert_sax>
    private let file: UnsafeMutablePointer<FILE>?
    private let vocabulary: [UnsafePointer<xmlChar>?]
    private let nameSlots: [Int8]
    private let nameShift: Int
    private let state: UnsafeMutablePointer<State>
    private let attributeValues: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private let attributeLengths: UnsafeMutablePointer<Int>
    private let chunk: UnsafeMutablePointer<CChar>
    private static let chunkSize = 1 << 16

    private struct State {
        var index = -1
        var kind = XMLNodeKind.other
        var nameIndex = -1
        var finished = false
        var stopped = false
        var handlerInstalled = false
        var attributeCount = 0
        var needsTreeReader = false
    }

    /// The file being read.
    public let path: String

    /// Every problem found so far (schema problems only, unless `needsTreeReader`).
    public var problems: [XMLProblem] { collector.problems }

    /// Whether reading stopped at something only `XMLStreamReader` reports: read the file
    /// again with it.
    public var needsTreeReader: Bool { state.pointee.needsTreeReader }

    /// Opens `path` as `XMLStreamReader` does, with the same size cap. The file is not
    /// searched for a DOCTYPE first: the parser is stopped at one, before its declarations are
    /// read (`spacert_sax_subset`), and the tree reader, which searches first, takes over.
    public init(
        path: String, schema: XMLSchema?, vocabulary names: [String], maxBytes: Int
    ) throws(XMLOpenError) {
        LibXML.silenceGenericErrors()
        self.path = path
        self.schema = schema
        let size = try FileBytes.size(path: path)
        if size > maxBytes { throw .tooLarge(path: path, size: size, limit: maxBytes) }
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        sax = .allocate(capacity: 1)
        sax.initialize(to: spacert_sax())
        attributeValues = .allocate(capacity: XMLNameSet.maximumCount)
        attributeValues.initialize(repeating: nil, count: XMLNameSet.maximumCount)
        attributeLengths = .allocate(capacity: XMLNameSet.maximumCount)
        attributeLengths.initialize(repeating: 0, count: XMLNameSet.maximumCount)
        chunk = .allocate(capacity: Self.chunkSize)
        validation = schema.flatMap { xmlSchemaNewValidCtxt($0.pointer) }
        // The first four bytes go to the parser as it is made (for the encoding), as
        // xmlTextReader gives them.
        let head = fread(chunk, 1, 4, file)
        var plugged: xmlSchemaSAXPlugPtr?
        context = spacert_sax_open(
            sax, chunk, Int32(head), path, LibXML.safeOptions, validation, &plugged)
        plug = plugged
        if let context {
            vocabulary = names.map { xmlDictLookup(context.pointee.dict, $0, -1) }
        } else {
            vocabulary = []
            state.pointee.needsTreeReader = true
            state.pointee.stopped = true
        }
        (nameSlots, nameShift) = XMLStreamReader.perfectHash(vocabulary)
        if size == 0 || (schema != nil && validation == nil) || sax.pointee.bail != 0 {
            // The tree reader words these.
            state.pointee.needsTreeReader = true
            state.pointee.stopped = true
        }
    }

    deinit {
        if let plug { xmlSchemaSAXUnplug(plug) }
        if let context { xmlFreeParserCtxt(context) }
        if let validation { xmlSchemaFreeValidCtxt(validation) }
        spacert_sax_free(sax)
        sax.deallocate()
        state.deallocate()
        attributeValues.deallocate()
        attributeLengths.deallocate()
        chunk.deallocate()
        if let file { fclose(file) }
    }

    /// As `XMLStreamReader.collectingErrors(_:)`.
    public func collectingErrors<T>(_ body: () throws -> T) rethrows -> T {
        guard !state.pointee.handlerInstalled else { return try body() }
        let previous = spacert_structured_error()
        let previousContext = spacert_structured_error_context()
        return try withExtendedLifetime(collector) {
            xmlSetStructuredErrorFunc(
                Unmanaged.passUnretained(collector).toOpaque(), ProblemCollector.callback)
            state.pointee.handlerInstalled = true
            defer {
                state.pointee.handlerInstalled = false
                xmlSetStructuredErrorFunc(previousContext, previous)
            }
            return try body()
        }
    }

    /// Moves to the next node; false at the end, or when `needsTreeReader`.
    public func read() -> Bool {
        let state = state
        guard !state.pointee.stopped else { return false }
        state.pointee.attributeCount = 0
        while true {
            let index = state.pointee.index + 1
            let count = Int(sax.pointee.eventCount)
            if index < count {
                let event = sax.pointee.events[index]
                // A text at the end of what is parsed may go on in the next piece.
                if index < count - 1 || state.pointee.finished || event.kind < Int32(SPACERT_EV_TEXT)
                    || event.kind > Int32(SPACERT_EV_CDATA)
                {
                    state.pointee.index = index
                    deliver(event)
                    return true
                }
            }
            if state.pointee.finished {
                state.pointee.stopped = true
                return false
            }
            // Keep the open text (if any), then parse the next piece.
            let keepFrom = index
            let byteFrom = index < count ? sax.pointee.events[index].start : sax.pointee.byteCount
            spacert_sax_keep(sax, Int32(keepFrom), byteFrom)
            state.pointee.index = -1
            guard parseNextPiece() else {
                state.pointee.needsTreeReader = true
                state.pointee.stopped = true
                return false
            }
        }
    }

    /// Parses the next piece of the file; false when the tree reader must take over.
    private func parseNextPiece() -> Bool {
        guard let context, let file else { return false }
        let count = fread(chunk, 1, Self.chunkSize, file)
        if ferror(file) != 0 { return false }
        let terminate: Int32 = count == 0 ? 1 : 0
        let problemsBefore = collector.problems.count
        let result =
            state.pointee.handlerInstalled
            ? xmlParseChunk(context, chunk, Int32(count), terminate)
            : collectingErrors { xmlParseChunk(context, chunk, Int32(count), terminate) }
        if terminate == 1 { state.pointee.finished = true }
        if result != 0 || spacert_ctxt_well_formed(context) == 0 || sax.pointee.bail != 0
            || spacert_sax_foreign_encoding(context) != 0
        {
            return false
        }
        // A problem with the XML itself is the tree reader's to report (a schema message may
        // have replaced the last one before, so look from there).
        let problems = collector.problems
        for problem in problems[min(max(problemsBefore - 1, 0), problems.count)...]
        where problem.origin != .schema {
            return false
        }
        return true
    }

    private func deliver(_ event: spacert_event) {
        switch event.kind {
        case Int32(SPACERT_EV_ELEMENT):
            state.pointee.kind = .element
            state.pointee.nameIndex = lookUpName(event.name)
        case Int32(SPACERT_EV_END):
            state.pointee.kind = .endElement
            state.pointee.nameIndex = lookUpName(event.name)
        case Int32(SPACERT_EV_TEXT):
            // White space alone is not text, as xmlTextReader's blank nodes are not.
            let bytes = sax.pointee.bytes + event.start
            var blank = true
            for offset in 0..<event.length {
                let byte = bytes[offset]
                if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                    blank = false
                    break
                }
            }
            state.pointee.kind = blank ? .other : .text
            state.pointee.nameIndex = -1
        case Int32(SPACERT_EV_CDATA):
            state.pointee.kind = .text
            state.pointee.nameIndex = -1
        default:
            state.pointee.kind = .processingInstruction
            state.pointee.nameIndex = -1
        }
    }

    private var event: spacert_event { sax.pointee.events[state.pointee.index] }

    private func lookUpName(_ name: UnsafePointer<xmlChar>?) -> Int {
        guard let name else { return -1 }
        if nameShift >= 0 {
            let index = Int(nameSlots[(Int(bitPattern: name) >> nameShift) & 63])
            return index >= 0 && vocabulary[index] == name ? index : -1
        }
        return vocabulary.withUnsafeBufferPointer { names in
            for index in names.indices where names[index] == name { return index }
            return -1
        }
    }

    public var kind: XMLNodeKind { state.pointee.kind }
    public var nameIndex: Int { state.pointee.nameIndex }

    public var depth: Int {
        let depth = Int(event.depth)
        return depth >= 0 ? depth : Int(sax.pointee.depth)
    }

    public var isEmptyElement: Bool { state.pointee.kind == .element && event.empty != 0 }

    public var line: Int {
        let line = event.line
        if line > 0 { return line }
        return context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0
    }

    public var localName: String {
        let event = event
        if event.kind == Int32(SPACERT_EV_PI) {
            return String(cString: sax.pointee.bytes + event.target)
        }
        return event.name.map { String(cString: $0) } ?? ""
    }

    public var startTagColumn: Int? {
        let column = state.pointee.kind == .element ? Int(event.column) : 0
        return column > 0 ? column : nil
    }

    public func columnsFor(_ name: String) {
        sax.pointee.columnName = context.flatMap { xmlDictLookup($0.pointee.dict, name, -1) }
    }

    public var namespaceURI: String? { event.uri.map { String(cString: $0) } }

    public var value: String {
        let event = event
        guard event.kind >= Int32(SPACERT_EV_TEXT) else { return "" }
        return String(cString: sax.pointee.bytes + event.start)
    }

    public func withValueBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let event = event
        guard event.kind == Int32(SPACERT_EV_TEXT) || event.kind == Int32(SPACERT_EV_CDATA) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: sax.pointee.bytes + event.start, count: event.length))
    }

    public func attribute(_ name: String) -> String? {
        let event = event
        guard event.kind == Int32(SPACERT_EV_ELEMENT) else { return nil }
        for offset in 0..<Int(event.attrCount) {
            let attribute = sax.pointee.attrs[Int(event.attrStart) + offset]
            guard attribute.hasNamespace == 0, let attributeName = attribute.name,
                strcmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), name) == 0
            else { continue }
            return String(cString: sax.pointee.bytes + attribute.start)
        }
        return nil
    }

    public func nameSet(_ names: [String]) -> XMLNameSet {
        precondition(names.count <= XMLNameSet.maximumCount, "too many names")
        let pointers: [UnsafePointer<UInt8>?] = names.map { name in
            context.flatMap { xmlDictLookup($0.pointee.dict, name, -1) }
        }
        return XMLNameSet(owner: ObjectIdentifier(self), pointers: pointers)
    }

    public func findAttributes(_ names: XMLNameSet) {
        precondition(names.owner == ObjectIdentifier(self), "names interned by another reader")
        let count = names.pointers.count
        for index in 0..<count { attributeValues[index] = nil }
        let event = event
        if event.kind == Int32(SPACERT_EV_ELEMENT) {
            names.pointers.withUnsafeBufferPointer { pointers in
                for offset in 0..<Int(event.attrCount) {
                    let attribute = sax.pointee.attrs[Int(event.attrStart) + offset]
                    guard attribute.hasNamespace == 0, let name = attribute.name else { continue }
                    var found = -1
                    for index in 0..<count where pointers[index] == name {
                        found = index
                        break
                    }
                    if found < 0 {
                        for index in 0..<count
                        where pointers[index].map({ xmlStrEqual($0, name) != 0 }) ?? false {
                            found = index
                            break
                        }
                    }
                    guard found >= 0, attributeValues[found] == nil else { continue }
                    attributeValues[found] = UnsafePointer(sax.pointee.bytes + attribute.start)
                    attributeLengths[found] = attribute.length
                }
            }
        }
        state.pointee.attributeCount = count
    }

    public func withAttributeBytes<Result>(
        _ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result
    ) rethrows -> Result {
        guard index < state.pointee.attributeCount, let value = attributeValues[index] else {
            return try body(nil)
        }
        return try body(UnsafeBufferPointer(start: value, count: attributeLengths[index]))
    }

    public func attributeString(_ index: Int) -> String? {
        guard index < state.pointee.attributeCount, let value = attributeValues[index] else { return nil }
        return String(
            decoding: UnsafeBufferPointer(start: value, count: attributeLengths[index]), as: UTF8.self)
    }
}
