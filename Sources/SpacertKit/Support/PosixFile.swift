import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing files where the mode and the way they are made matter: keys made
/// exclusively with mode 0600, certificates replaced atomically, files read with their mode.
enum PosixFile {
    /// A system call that failed on a path, with its `errno`.
    struct Failure: Error, Equatable {
        /// What was being done, as in "cannot *read* 'path'".
        var action: String
        var path: String
        var code: Int32

        /// `cannot read 'path': no such file or directory`.
        var message: String { "cannot \(action) '\(path)': \(PosixFile.describe(code))" }
    }

    /// A regular file's bytes and permission bits.
    struct Contents {
        var data: Data
        /// The permission bits (`0o600`), read from the open file itself.
        var permissions: mode_t
    }

    /// `errno` as lower-case words: "no such file or directory".
    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Reads the regular file at `path` (following a symbolic link) with its permissions taken
    /// from the opened file, so what is checked is what is read. Throws ``Failure`` (`EFBIG`
    /// past `limit` bytes, `EISDIR` or `EINVAL` for a folder or other non-file).
    static func contents(of path: String, limit: Int) throws(Failure) -> Contents {
        // Non-blocking, so a named pipe given by mistake is refused below instead of waited on.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Failure(action: "read", path: path, code: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(action: "read", path: path, code: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(action: "read", path: path, code: EISDIR)
        default: throw Failure(action: "read", path: path, code: EINVAL)
        }
        guard info.st_size <= limit else { throw Failure(action: "read", path: path, code: EFBIG) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(action: "read", path: path, code: errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= limit else { throw Failure(action: "read", path: path, code: EFBIG) }
        }
        return Contents(data: data, permissions: info.st_mode & 0o7777)
    }

    /// Makes a new file at `path` holding `data` with exactly `permissions`, failing with
    /// `EEXIST` if anything (even a dangling link) is already there. A file left half written
    /// by a failed write is removed.
    static func createExclusively(_ path: String, data: Data, permissions: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw Failure(action: "create", path: path, code: errno) }
        do throws(Failure) {
            // The umask may have taken bits away; set exactly the mode asked for.
            guard fchmod(descriptor, permissions) == 0 else {
                throw Failure(action: "set the permissions of", path: path, code: errno)
            }
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw Failure(action: "write", path: path, code: errno) }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
    }

    /// Replaces the file at `path` with `data` in one step: a temporary file beside it is
    /// written, flushed and renamed over it, so a reader sees the old file or the new one,
    /// never a part.
    static func writeAtomically(_ path: String, data: Data, permissions: mode_t) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            let suffix = UInt64.random(in: 0...UInt64.max)
            temporary = (folder as NSString).appendingPathComponent(
                ".\(name).\(String(suffix, radix: 16)).tmp")
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw Failure(action: "create", path: temporary, code: errno) }
        do throws(Failure) {
            guard fchmod(descriptor, permissions) == 0 else {
                throw Failure(action: "set the permissions of", path: temporary, code: errno)
            }
            try writeAll(data, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw Failure(action: "write", path: temporary, code: errno) }
            close(descriptor)
            descriptor = -1
            guard rename(temporary, path) == 0 else {
                throw Failure(action: "write", path: path, code: errno)
            }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            throw error
        }
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Makes `folder` and its missing parents, new ones with `permissions`.
    static func makeFolders(_ folder: String, permissions: mode_t) throws(Failure) {
        guard !folder.isEmpty else { return }
        var info = stat()
        if stat(folder, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(action: "make the folder", path: folder, code: ENOTDIR)
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder { try makeFolders(parent, permissions: permissions) }
        if mkdir(folder, permissions) != 0, errno != EEXIST {
            throw Failure(action: "make the folder", path: folder, code: errno)
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(Failure) {
        var offset = 0
        while offset < data.count {
            let count = data.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(action: "write", path: path, code: errno)
            }
            offset += count
        }
    }
}
