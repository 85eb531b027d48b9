import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the first bytes of a store file say, read without letting SQLite touch the file.
///
/// Everything that would make spacert refuse a file is found here or in
/// ``ProgressStore``'s schema check before anything is written, so a refused file is never
/// changed.
enum StoreFile {
    /// What is at the store's path.
    enum Status: Equatable {
        /// Nothing yet: a new store will be made (its folders are made now).
        case missing
        /// An empty file, as `touch` makes: a new store will be made in it.
        case empty
        /// An SQLite database with these header fields.
        case database(userVersion: Int32, applicationID: Int32)
    }

    /// The length of an SQLite file header.
    private static let headerLength = 100

    /// Looks at `path`, making the folders of a new store, and throws a ``SpacertError/store(_:)``
    /// for anything that is not an intact SQLite file.
    static func inspect(_ path: String) throws -> Status {
        // A database address (postgres://role:secret@host/db, say) is not a file name: nothing
        // is made from it, and it is not echoed (it may hold a password).
        if let scheme = path.range(of: "://").map({ path[..<$0.lowerBound] }),
            !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "+" || $0 == "-") })
        {
            throw SpacertError.invalidInput(
                "--db / SPACERT_DB names a '\(scheme.prefix(20))://' address, not a file; an SQLite store "
                    + "is named by its path (a PostgreSQL one by a postgres:// URL, through ProgressStore.open)"
            )
        }
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            guard code == ENOENT else { throw SpacertError.store(cannotRead(path, code)) }
            try makeParentFolders(of: path)
            return .missing
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SpacertError.store("'\(path)' is not a file; the progress store must be a file")
        }
        let size = Int64(info.st_size)
        if size == 0 { return .empty }

        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SpacertError.store(cannotRead(path, errno)) }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: headerLength)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, headerLength) }
        guard count >= 0 else { throw SpacertError.store(cannotRead(path, errno)) }

        let magic = Array("SQLite format 3\0".utf8)
        guard count == headerLength, Array(header[0..<16]) == magic else {
            throw SpacertError.store(notAStore(path, "the file is not an SQLite database"))
        }
        let storedPageSize = Int64(bigEndian16(header, at: 16))
        let pageSize = storedPageSize == 1 ? 65_536 : storedPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw SpacertError.store(notAStore(path, "the file is damaged: its header is not valid"))
        }
        // The page count in the header is valid when its "version valid for" matches the change
        // counter. A file shorter than that was cut off. With a write-ahead log beside it the
        // header may lag behind, so the check is made only without one.
        let pageCount = Int64(bigEndian32(header, at: 28))
        let changeCounter = bigEndian32(header, at: 24)
        let validFor = bigEndian32(header, at: 92)
        if validFor == changeCounter, pageCount > 0, !hasWriteAheadLog(path) {
            let expected = pageCount * pageSize
            if size < expected {
                throw SpacertError.store(
                    notAStore(
                        path,
                        "the file is damaged: it has \(size) of the \(expected) bytes its header promises"))
            }
        }
        return .database(
            userVersion: Int32(bitPattern: bigEndian32(header, at: 60)),
            applicationID: Int32(bitPattern: bigEndian32(header, at: 68)))
    }

    /// `'path': not a spacert progress store (reason)`.
    static func notAStore(_ path: String, _ reason: String) -> String {
        "'\(path)': not a spacert progress store (\(reason))"
    }

    /// The refusal of a store written by a newer spacert.
    static func newer(_ path: String, version: Int) -> String {
        "'\(path)' was written by a newer spacert (store version \(version); this spacert reads up to "
            + "version \(StoreSchema.version)); upgrade spacert to use it. The file was left as it is"
    }

    private static func cannotRead(_ path: String, _ code: Int32) -> String {
        "cannot read the progress store '\(path)': \(String(cString: strerror(code)))"
    }

    private static func hasWriteAheadLog(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-wal", &info) == 0 && info.st_size > 0
    }

    private static func makeParentFolders(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SpacertError.store(
                "cannot make the folder '\(folder)' for the progress store: \(error.localizedDescription)")
        }
    }

    private static func bigEndian16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    private static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (offset..<offset + 4).reduce(0) { $0 << 8 | UInt32(bytes[$1]) }
    }
}
