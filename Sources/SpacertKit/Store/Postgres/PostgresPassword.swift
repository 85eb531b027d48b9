import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The password for a ``PostgresLocation``, found as libpq finds it: `$PGPASSWORD`, else the
/// password file (`$PGPASSFILE`, else `~/.pgpass`).
///
/// The file's lines are `host:port:database:role:password`; `*` in one of the first four fields
/// matches anything, `\:` and `\\` stand for a colon and a backslash, and lines starting with `#`
/// are comments. The first line that matches wins. A socket location matches the host field
/// `localhost` when it uses the default socket folder, or the folder's own path.
///
/// libpq ignores a password file that others can read; spacert refuses it with an error saying
/// so (a password that silently stops working is harder to diagnose than a clear refusal).
public enum PostgresPassword {
    /// The largest password file read.
    static let maximumFileSize = 1 << 20

    /// The password, or nil when there is none (the server may not ask for one).
    public static func lookup(for location: PostgresLocation, variables: [String: String]) throws -> String? {
        if let password = variables["PGPASSWORD"], !password.isEmpty { return password }
        let path: String
        if let file = variables["PGPASSFILE"], !file.isEmpty {
            path = file
        } else if let home = variables["HOME"], !home.isEmpty {
            path = (home as NSString).appendingPathComponent(".pgpass")
        } else {
            return nil
        }
        guard let text = try readPasswordFile(path) else { return nil }
        return match(text, location: location)
    }

    /// The first password in the file's `text` whose fields match `location`.
    static func match(_ text: String, location: PostgresLocation) -> String? {
        let hosts: [String]
        switch location.endpoint {
        case .socket(let directory):
            hosts =
                directory == PostgresLocation.defaultSocketDirectory || directory == "/run/postgresql"
                ? ["localhost", directory] : [directory]
        case .tcp(let host):
            hosts = [host]
        }
        for line in text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.hasPrefix("#") { continue }
            guard let fields = splitFields(line), fields.count == 5 else { continue }
            func matches(_ field: String, _ candidates: [String]) -> Bool {
                field == "*" || candidates.contains(field)
            }
            if matches(fields[0], hosts), matches(fields[1], [String(location.port)]),
                matches(fields[2], [location.database]), matches(fields[3], [location.user])
            {
                return fields[4]
            }
        }
        return nil
    }

    /// The five fields of a line: the first four split at unescaped colons, the fifth the rest;
    /// backslash escapes are undone. Nil for a line with fewer than five fields.
    private static func splitFields(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields.count == 5 ? fields : nil
    }

    /// The file's text; nil when there is no file. A file that is not a regular file, that group
    /// or others may read or write, or that is too large is an error.
    private static func readPasswordFile(_ path: String) throws -> String? {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw SpacertError.store(
                "cannot read the PostgreSQL password file '\(path)': \(String(cString: strerror(code)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SpacertError.store("the PostgreSQL password file '\(path)' is not a plain file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw SpacertError.store(
                "the PostgreSQL password file '\(path)' may be read or written by others (mode "
                    + String(info.st_mode & 0o777, radix: 8) + "); make it private with 'chmod 600 \(path)'")
        }
        guard Int(info.st_size) <= maximumFileSize else {
            throw SpacertError.store(
                "the PostgreSQL password file '\(path)' is \(info.st_size) bytes; at most \(maximumFileSize) are read"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpacertError.store("cannot read the PostgreSQL password file '\(path)'")
        }
        guard data.count <= maximumFileSize, let text = String(data: data, encoding: .utf8) else {
            throw SpacertError.store("the PostgreSQL password file '\(path)' is not UTF-8 text")
        }
        return text
    }
}
