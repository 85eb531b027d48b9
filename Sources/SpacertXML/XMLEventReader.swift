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
    /// Where the parser's callbacks write the piece being parsed.
    private let sax: UnsafeMutablePointer<spacert_sax>
    /// The piece being read, and the one parsed next, waiting (see `Handoff`).
    private let current: UnsafeMutablePointer<spacert_batch>
    private let ready: UnsafeMutablePointer<spacert_batch>
    private let file: UnsafeMutablePointer<FILE>?
    private let vocabulary: [UnsafePointer<xmlChar>?]
    private let nameSlots: [Int8]
    private let nameShift: Int
    private let state: UnsafeMutablePointer<State>
    private let handoff: UnsafeMutablePointer<Handoff>
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var parser: pthread_t?
    private let attributeValues: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private let attributeLengths: UnsafeMutablePointer<Int>
    private let chunk: UnsafeMutablePointer<CChar>
    private static let chunkSize = 1 << 16

    /// Whether the file is parsed on a thread of its own, a piece ahead of the reading (on by
    /// default; `SPACERT_XML_THREAD=0` parses each piece on the reading thread when it is
    /// needed, for measuring).
    private static let threaded: Bool = {
        guard let value = getenv("SPACERT_XML_THREAD") else { return true }
        return String(cString: value) != "0"
    }()

    private struct State {
        var index = -1
        var kind = XMLNodeKind.other
        var nameIndex = -1
        var finished = false
        var stopped = false
        var handlerInstalled = false
        var attributeCount = 0
        var needsTreeReader = false
        /// How many problems had been found when the piece being read was parsed.
        var problemCount = 0
        var started = false
    }

    /// What the parsing thread hands over, under `lock`: `ready` is full, and what parsing
    /// it found.
    private struct Handoff {
        var full = false
        var failed = false
        var finished = false
        var problemCount = 0
        var cancelled = false
    }

    /// The file being read.
    public let path: String

    /// Every problem found in the pieces read so far (schema problems only, unless
    /// `needsTreeReader`). Parsing stops here.
    public var problems: [XMLProblem] {
        stopParsing()
        return Array(collector.problems.prefix(state.pointee.problemCount))
    }

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
        handoff = .allocate(capacity: 1)
        handoff.initialize(to: Handoff())
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        changed = .allocate(capacity: 1)
        pthread_cond_init(changed, nil)
        sax = .allocate(capacity: 1)
        sax.initialize(to: spacert_sax())
        current = .allocate(capacity: 1)
        current.initialize(to: spacert_batch())
        ready = .allocate(capacity: 1)
        ready.initialize(to: spacert_batch())
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
        }
        (nameSlots, nameShift) = XMLStreamReader.perfectHash(vocabulary)
        if context == nil || size == 0 || (schema != nil && validation == nil) || sax.pointee.bail != 0 {
            // The tree reader words these.
            state.pointee.needsTreeReader = true
            state.pointee.stopped = true
        }
    }

    deinit {
        stopParsing()
        if let plug { xmlSchemaSAXUnplug(plug) }
        if let context { xmlFreeParserCtxt(context) }
        if let validation { xmlSchemaFreeValidCtxt(validation) }
        spacert_sax_free(sax)
        spacert_batch_free(current)
        spacert_batch_free(ready)
        sax.deallocate()
        current.deallocate()
        ready.deallocate()
        state.deallocate()
        handoff.deallocate()
        pthread_cond_destroy(changed)
        changed.deallocate()
        pthread_mutex_destroy(lock)
        lock.deallocate()
        attributeValues.deallocate()
        attributeLengths.deallocate()
        chunk.deallocate()
        if let file { fclose(file) }
    }

    /// As `XMLStreamReader.collectingErrors(_:)`.
    public func collectingErrors<T>(_ body: () throws -> T) rethrows -> T {
        try collector.collecting(
            installed: state.pointee.handlerInstalled, mark: { state.pointee.handlerInstalled = $0 }, body)
    }

    /// Moves to the next node; false at the end, or when `needsTreeReader`.
    public func read() -> Bool {
        let state = state
        guard !state.pointee.stopped else { return false }
        state.pointee.attributeCount = 0
        while true {
            let index = state.pointee.index + 1
            if index < Int(current.pointee.eventCount) {
                state.pointee.index = index
                deliver(current.pointee.events[index])
                return true
            }
            if state.pointee.finished {
                state.pointee.stopped = true
                return false
            }
            state.pointee.index = -1
            guard takePiece() else {
                state.pointee.needsTreeReader = true
                state.pointee.stopped = true
                return false
            }
        }
    }

    /// Makes the next parsed piece `current`; false when the tree reader must take over.
    private func takePiece() -> Bool {
        let outcome: Handoff
        if Self.threaded {
            if !state.pointee.started {
                state.pointee.started = true
                startParsing()
            }
            pthread_mutex_lock(lock)
            while !handoff.pointee.full { pthread_cond_wait(changed, lock) }
            swap(&current.pointee, &ready.pointee)
            outcome = handoff.pointee
            handoff.pointee.full = false
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        } else {
            outcome = parseNextPiece(handlerInstalled: state.pointee.handlerInstalled)
            spacert_sax_handoff(sax, current, outcome.finished || outcome.failed ? 1 : 0)
        }
        state.pointee.problemCount = outcome.problemCount
        if outcome.finished { state.pointee.finished = true }
        return !outcome.failed
    }

    /// Starts the parsing thread, which parses the file a piece at a time into `ready`.
    private func startParsing() {
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<XMLEventReader>.fromOpaque(raw).takeUnretainedValue().parseAll()
                return nil
            }, Unmanaged.passUnretained(self).toOpaque())
        if started == 0 {
            parser = thread
        } else {
            // No thread: the piece is handed over as failed, and the tree reader reads the file.
            pthread_mutex_lock(lock)
            handoff.pointee.full = true
            handoff.pointee.failed = true
            pthread_mutex_unlock(lock)
        }
    }

    /// The parsing thread: each piece parsed, then handed over once `ready` is free.
    private func parseAll() {
        LibXML.silenceGenericErrors()
        withExtendedLifetime(collector) {
            // Problems are collected on this thread, where libxml2 reports them.
            xmlSetStructuredErrorFunc(
                Unmanaged.passUnretained(collector).toOpaque(), ProblemCollector.callback)
            while true {
                let outcome = parseNextPiece(handlerInstalled: true)
                pthread_mutex_lock(lock)
                while handoff.pointee.full && !handoff.pointee.cancelled { pthread_cond_wait(changed, lock) }
                if handoff.pointee.cancelled {
                    pthread_mutex_unlock(lock)
                    break
                }
                spacert_sax_handoff(sax, ready, outcome.finished || outcome.failed ? 1 : 0)
                handoff.pointee = outcome
                handoff.pointee.full = true
                pthread_cond_broadcast(changed)
                pthread_mutex_unlock(lock)
                if outcome.finished || outcome.failed { break }
            }
            xmlSetStructuredErrorFunc(nil, nil)
        }
    }

    /// Stops the parsing thread (if it runs) and waits for it.
    private func stopParsing() {
        guard let thread = parser else { return }
        pthread_mutex_lock(lock)
        handoff.pointee.cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
        pthread_join(thread, nil)
        parser = nil
    }

    /// Parses the next piece of the file into `sax`: whether the tree reader must take over
    /// (`failed`), whether it was the last, and how many problems are known after it.
    private func parseNextPiece(handlerInstalled: Bool) -> Handoff {
        var outcome = Handoff()
        guard let context, let file else {
            outcome.failed = true
            return outcome
        }
        let count = fread(chunk, 1, Self.chunkSize, file)
        if ferror(file) != 0 {
            outcome.failed = true
            return outcome
        }
        let terminate: Int32 = count == 0 ? 1 : 0
        let problemsBefore = collector.problems.count
        let result =
            handlerInstalled
            ? xmlParseChunk(context, chunk, Int32(count), terminate)
            : collectingErrors { xmlParseChunk(context, chunk, Int32(count), terminate) }
        outcome.finished = terminate == 1
        outcome.problemCount = collector.problems.count
        if result != 0 || spacert_ctxt_well_formed(context) == 0 || sax.pointee.bail != 0
            || spacert_sax_foreign_encoding(context) != 0
        {
            outcome.failed = true
            return outcome
        }
        // A problem with the XML itself is the tree reader's to report (a schema message may
        // have replaced the last one before, so look from there).
        let problems = collector.problems
        for problem in problems[min(max(problemsBefore - 1, 0), problems.count)...]
        where problem.origin != .schema {
            outcome.failed = true
            return outcome
        }
        return outcome
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
            let bytes = current.pointee.bytes + event.start
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

    private var event: spacert_event { current.pointee.events[state.pointee.index] }

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

    public var depth: Int { Int(event.depth) }

    public var isEmptyElement: Bool { state.pointee.kind == .element && event.empty != 0 }

    public var line: Int {
        max(event.line, 1)
    }

    public var localName: String {
        let event = event
        if event.kind == Int32(SPACERT_EV_PI) {
            return String(cString: current.pointee.bytes + event.target)
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
        return String(cString: current.pointee.bytes + event.start)
    }

    public func withValueBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let event = event
        guard event.kind == Int32(SPACERT_EV_TEXT) || event.kind == Int32(SPACERT_EV_CDATA) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: current.pointee.bytes + event.start, count: event.length))
    }

    public func attribute(_ name: String) -> String? {
        let event = event
        guard event.kind == Int32(SPACERT_EV_ELEMENT) else { return nil }
        for offset in 0..<Int(event.attrCount) {
            let attribute = current.pointee.attrs[Int(event.attrStart) + offset]
            guard attribute.hasNamespace == 0, let attributeName = attribute.name,
                strcmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), name) == 0
            else { continue }
            return String(cString: current.pointee.bytes + attribute.start)
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
                    let attribute = current.pointee.attrs[Int(event.attrStart) + offset]
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
                    attributeValues[found] = UnsafePointer(current.pointee.bytes + attribute.start)
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
