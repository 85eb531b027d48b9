internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A compiled XSD schema, shared read-only by every reader that validates against it.
public final class XMLSchema: @unchecked Sendable {
    let pointer: xmlSchemaPtr
    /// The file the schema was compiled from.
    public let path: String

    /// Compiles the schema at `path`. The file is read into memory first, so the deny-all
    /// entity loader never has to make an exception for it; includes and imports are refused.
    public init(path: String) throws(XMLOpenError) {
        LibXML.silenceGenericErrors()
        self.path = path
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path, limit: 4 << 20) } catch { throw error }
        let collector = ProblemCollector()
        let compiled: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(context) }
                return withExtendedLifetime(collector) {
                    xmlSchemaSetParserStructuredErrors(
                        context, ProblemCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
                    return LibXML.quietly { xmlSchemaParse(context) }
                }
            }
        }
        guard let compiled else {
            let messages = collector.problems.map { "line \($0.line): \($0.message)" }
            throw .badSchema(path: path, problems: messages.isEmpty ? ["unknown error"] : messages)
        }
        pointer = compiled
    }

    deinit { xmlSchemaFree(pointer) }
}

/// Reads small files whole, without Foundation (this module must not import it).
enum FileBytes {
    /// The size of the file at `path`, or an error saying why it cannot be read.
    static func size(path: String) throws(XMLOpenError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .unreadable(path: path, reason: "it is a directory")
        }
        // Only regular files: a FIFO (or device, or socket) named *.xml would block the read.
        if (info.st_mode & S_IFMT) != S_IFREG {
            throw .unreadable(
                path: path, reason: "it is not a regular file (a pipe, device or socket is never read)")
        }
        return Int(info.st_size)
    }

    /// At most `limit` bytes from the start of the file (the whole file when it is smaller).
    static func read(path: String, limit: Int) throws(XMLOpenError) -> [UInt8] {
        _ = try size(path: path)
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, limit, file) }
        if ferror(file) != 0 {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}
