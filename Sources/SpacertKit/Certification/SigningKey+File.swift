import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The key files: two short text files, a header line naming the format and then the raw 32
/// bytes in base64.
///
/// ```
/// spacert ed25519 private key v1
/// 9mX2...=
/// ```
///
/// The private key has mode 0600 and is made exclusively: spacert never replaces a key, since
/// every certificate signed with the old one would stop verifying. The public key sits next to
/// it as `<path>.pub` with mode 0644.
enum SigningKeyFileFormat {
    static let privateHeader = "spacert ed25519 private key v1"
    static let publicHeader = "spacert ed25519 public key v1"
    /// Far more than a key file needs; anything larger is not one.
    static let maximumBytes = 4096

    /// The file's text for `raw` under `header`.
    static func text(header: String, raw: Data) -> String {
        "\(header)\n\(raw.base64EncodedString())\n"
    }

    /// The raw 32 bytes from a key file's text, or nil when it is not in this format.
    static func raw(from data: Data, header: String) -> Data? {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count == 2, lines[0] == header,
            let raw = Data(base64Encoded: lines[1]), raw.count == 32
        else { return nil }
        return raw
    }
}

extension SigningKey {
    /// Where the public key of the private key at `path` lives: `<path>.pub`.
    public static func publicKeyPath(for path: String) -> String { path + ".pub" }

    /// Writes `key` (a new random one by default) to `path` with mode 0600 and its public key
    /// to `<path>.pub` with mode 0644, making missing folders with mode 0700. Refuses, changing
    /// nothing, when either file already exists.
    @discardableResult
    public static func create(at path: String, key: SigningKey = .generate()) throws -> SigningKey {
        let publicPath = publicKeyPath(for: path)
        var info = stat()
        if lstat(path, &info) == 0 { throw SpacertError.invalidInput(exists(path)) }
        if lstat(publicPath, &info) == 0 {
            throw SpacertError.invalidInput(
                "a public key already exists at '\(publicPath)' with no private key beside it; "
                    + "move it away first to make a new key")
        }
        do throws(PosixFile.Failure) {
            try PosixFile.makeFolders((path as NSString).deletingLastPathComponent, permissions: 0o700)
            let privateText = SigningKeyFileFormat.text(
                header: SigningKeyFileFormat.privateHeader, raw: key.rawRepresentation)
            try PosixFile.createExclusively(path, data: Data(privateText.utf8), permissions: 0o600)
        } catch let failure {
            if failure.code == EEXIST { throw SpacertError.invalidInput(exists(path)) }
            throw SpacertError.invalidInput(failure.message)
        }
        do throws(PosixFile.Failure) {
            let publicText = SigningKeyFileFormat.text(
                header: SigningKeyFileFormat.publicHeader, raw: key.publicKey.rawRepresentation)
            try PosixFile.createExclusively(publicPath, data: Data(publicText.utf8), permissions: 0o644)
        } catch let failure {
            // Without its public key nobody could check the new key's certificates: undo.
            unlink(path)
            throw SpacertError.invalidInput(failure.message)
        }
        return key
    }

    /// Reads the private key at `path`, refusing a missing or malformed file and one that
    /// group or others may read or write (as ssh does).
    public static func load(path: String) throws -> SigningKey {
        let contents = try SigningKeyFileFormat.contents(
            of: path,
            missing: "no signing key at '\(path)'; run 'spacert keys init' to make the spa's key "
                + "(once, at the manager's desk: branch terminals on a shared PostgreSQL store need none)")
        if contents.permissions & 0o077 != 0 {
            throw SpacertError.invalidInput(
                "permissions \(octal(contents.permissions)) for '\(path)' are too open; "
                    + "run chmod 600 '\(path)'")
        }
        guard
            let raw = SigningKeyFileFormat.raw(
                from: contents.data, header: SigningKeyFileFormat.privateHeader),
            let key = try? SigningKey(rawRepresentation: raw)
        else {
            throw SpacertError.invalidInput(
                "'\(path)' is not a spacert private key: expected the line "
                    + "'\(SigningKeyFileFormat.privateHeader)' then 32 bytes in base64")
        }
        return key
    }

    private static func exists(_ path: String) -> String {
        "a signing key already exists at '\(path)'; spacert never replaces a key, since the "
            + "certificates signed with it would stop verifying (move it away first to make a new one)"
    }

    private static func octal(_ permissions: mode_t) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension PublicSigningKey {
    /// Reads the public key at `path` (any mode will do: it is not a secret).
    public static func load(path: String) throws -> PublicSigningKey {
        let contents = try SigningKeyFileFormat.contents(
            of: path,
            missing: "no public key at '\(path)'; pass --public-key with the spa's public key, "
                + "or run 'spacert keys init' where certificates are signed")
        guard
            let raw = SigningKeyFileFormat.raw(
                from: contents.data, header: SigningKeyFileFormat.publicHeader),
            let key = try? PublicSigningKey(rawRepresentation: raw)
        else {
            throw SpacertError.invalidInput(
                "'\(path)' is not a spacert public key: expected the line "
                    + "'\(SigningKeyFileFormat.publicHeader)' then 32 bytes in base64")
        }
        return key
    }
}

extension SigningKeyFileFormat {
    /// A key file's bytes and mode; `missing` is the message when there is no file.
    static func contents(of path: String, missing: String) throws -> PosixFile.Contents {
        do throws(PosixFile.Failure) {
            return try PosixFile.contents(of: path, limit: maximumBytes)
        } catch let failure {
            throw SpacertError.invalidInput(failure.code == ENOENT ? missing : failure.message)
        }
    }
}
