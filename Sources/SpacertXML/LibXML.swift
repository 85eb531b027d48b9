internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One-time set-up of libxml2, shared by every reader and schema in the process.
enum LibXML {
    /// Initialises the parser and installs a deny-all external entity loader, once.
    static let ready: Void = {
        xmlInitParser()
        spacert_install_deny_loader()
        spacert_silence_generic_errors()
    }()

    /// Silences libxml2's unworded generic errors on the calling thread (the handler is per thread).
    static func silenceGenericErrors() {
        _ = ready
        spacert_silence_generic_errors()
    }

    /// Parser options for editor-supplied XML: no network, big line numbers, and never
    /// NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
    static let safeOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// Runs `body` with libxml2's per-thread generic and structured error handlers silenced,
    /// so nothing the library says reaches stderr; the handlers are restored afterwards.
    static func quietly<T>(_ body: () throws -> T) rethrows -> T {
        _ = ready
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try body()
    }
}

/// Collects errors reported through libxml2's structured error callbacks.
final class ProblemCollector {
    var problems: [XMLProblem] = []
    /// libxml2's own words for each problem, to pair messages that say the same thing.
    private var raws: [String] = []
    var sawFatal = false

    func record(_ error: UnsafePointer<xmlError>) {
        let level = spacert_error_level(error)
        let domain = spacert_error_domain(error)
        let raw = spacert_error_message(error).map { String(cString: $0) } ?? "unknown error"
        let isSchema =
            domain == Int32(XML_FROM_SCHEMASV.rawValue) || domain == Int32(XML_FROM_SCHEMASP.rawValue)
        let isFatal = level == Int32(XML_ERR_FATAL.rawValue)
        let line = Int(spacert_error_line(error))
        // libxml2 follows a facet failure with a second "not a valid value of the atomic
        // type" message for the same value: one message per mistake is enough. The
        // enumeration message (it lists the allowed values) is the better one; for other
        // facets the type's description is.
        func subject(_ message: String) -> Substring {
            message.firstRange(of: "': ").map { message[..<$0.lowerBound] } ?? Substring(message)
        }
        if isSchema, raw.contains("is not a valid value of the"), let lastRaw = raws.last,
            lastRaw.contains("[facet '"), subject(lastRaw) == subject(raw),
            problems.last?.line == line
        {
            if lastRaw.contains("[facet 'enumeration']") { return }
            problems.removeLast()
            raws.removeLast()
        }
        raws.append(raw)
        let column = Int(spacert_error_column(error))
        let named = MessageWording.subject(raw, schema: isSchema)
        problems.append(
            XMLProblem(
                line: line,
                column: isSchema || column <= 0 ? nil : column,
                message: MessageWording.reword(raw, schema: isSchema),
                origin: isSchema ? .schema : .syntax,
                isFatal: isFatal, element: named.element, attribute: named.attribute))
    }

    /// The C callback: a global function that finds the collector through its context pointer.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ProblemCollector>.fromOpaque(context).takeUnretainedValue().record(error)
    }
}

extension ProblemCollector {
    /// Runs `body` with libxml2's per-thread structured error handler pointed at this
    /// collector, restoring the handler that was there before. `installed` says whether the
    /// reader already did (then `body` just runs); `mark` records it for the duration. Shared
    /// by the tree reader and the event reader.
    func collecting<T>(installed: Bool, mark: (Bool) -> Void, _ body: () throws -> T) rethrows -> T {
        guard !installed else { return try body() }
        let previous = spacert_structured_error()
        let previousContext = spacert_structured_error_context()
        return try withExtendedLifetime(self) {
            xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque(), ProblemCollector.callback)
            mark(true)
            defer {
                mark(false)
                xmlSetStructuredErrorFunc(previousContext, previous)
            }
            return try body()
        }
    }
}
