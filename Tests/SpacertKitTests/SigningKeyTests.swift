import Foundation
import Testing

@testable import SpacertKit

@Suite("Signing keys: made once with mode 0600, read only when private")
struct SigningKeyTests {
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a new key is 0600 in a new 0700 folder, its .pub is 0644, and both read back")
    func create() throws {
        let scratch = try ScratchFolder()
        let path = scratch.join("config/spacert/signing-key")
        let key = try SigningKey.create(at: path)
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".pub") == 0o644)
        #expect(try mode(scratch.join("config/spacert")) == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("spacert ed25519 private key v1\n"))
        #expect(
            try String(contentsOfFile: path + ".pub", encoding: .utf8).hasPrefix(
                "spacert ed25519 public key v1\n"))
        #expect(try SigningKey.load(path: path).rawRepresentation == key.rawRepresentation)
        #expect(try PublicSigningKey.load(path: path + ".pub") == key.publicKey)
        #expect(key.publicKey.fingerprint.count == 64)
        #expect(key.publicKey.fingerprint == ContentHash.hex(key.publicKey.rawRepresentation))
    }

    @Test("an existing key is never replaced, and a lone .pub is not either")
    func refusesOverwrite() throws {
        let scratch = try ScratchFolder()
        let path = scratch.join("signing-key")
        try SigningKey.create(at: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let publicBefore = try Data(contentsOf: URL(fileURLWithPath: path + ".pub"))
        #expect {
            try SigningKey.create(at: path)
        } throws: { error in
            "\(error)".hasPrefix("a signing key already exists at '\(path)'; spacert never replaces a key")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + ".pub")) == publicBefore)

        let lone = scratch.join("other")
        try Data("x".utf8).write(to: URL(fileURLWithPath: lone + ".pub"))
        #expect(throws: SpacertError.self) { try SigningKey.create(at: lone) }
        #expect(!FileManager.default.fileExists(atPath: lone))
    }

    @Test("a dangling symbolic link where the key would go is refused, not followed")
    func refusesLink() throws {
        let scratch = try ScratchFolder()
        let path = scratch.join("signing-key")
        try FileManager.default.createSymbolicLink(
            atPath: path, withDestinationPath: scratch.join("elsewhere"))
        #expect(throws: SpacertError.self) { try SigningKey.create(at: path) }
        #expect(!FileManager.default.fileExists(atPath: scratch.join("elsewhere")))
    }

    @Test(
        "a private key readable by group or others is refused, as ssh does",
        arguments: [0o644, 0o640, 0o604, 0o620])
    func refusesOpenKey(permissions: Int) throws {
        let scratch = try ScratchFolder()
        let path = scratch.join("signing-key")
        try SigningKey.create(at: path)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        let shown =
            String(repeating: "0", count: 4 - String(permissions, radix: 8).count)
            + String(permissions, radix: 8)
        #expect(
            throws: SpacertError.invalidInput(
                "permissions \(shown) for '\(path)' are too open; run chmod 600 '\(path)'")
        ) {
            try SigningKey.load(path: path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(throws: Never.self) { try SigningKey.load(path: path) }
    }

    @Test("a missing key says to run keys init; a malformed one says what a key file is")
    func missingAndMalformed() throws {
        let scratch = try ScratchFolder()
        let missing = scratch.join("none")
        #expect(
            throws: SpacertError.invalidInput(
                "no signing key at '\(missing)'; run 'spacert keys init' to make the spa's key "
                    + "(once, at the manager's desk: branch terminals on a shared PostgreSQL store need none)"
            )
        ) {
            try SigningKey.load(path: missing)
        }
        let good = Data(repeating: 7, count: 32).base64EncodedString()
        let bad = [
            "spacert ed25519 public key v1\n\(good)\n",
            "spacert ed25519 private key v1\n\(Data(repeating: 7, count: 31).base64EncodedString())\n",
            "spacert ed25519 private key v1\nnot base64!\n",
            "spacert ed25519 private key v1\n\(good)\nextra\n",
            "",
        ]
        for (index, text) in bad.enumerated() {
            let path = scratch.join("bad")
            try? FileManager.default.removeItem(atPath: path)
            try PosixFile.createExclusively(path, data: Data(text.utf8), permissions: 0o600)
            #expect(throws: SpacertError.self) { try SigningKey.load(path: path) }
            if index > 0 {
                #expect(throws: SpacertError.self) { try PublicSigningKey.load(path: path) }
            }
        }
        let path = scratch.join("good")
        try PosixFile.createExclusively(
            path, data: Data("spacert ed25519 private key v1\r\n\(good)".utf8), permissions: 0o600)
        #expect(throws: Never.self) { try SigningKey.load(path: path) }
    }

    @Test("the key path: --key, else $SPACERT_KEY, else $XDG_CONFIG_HOME, else ~/.config")
    func keyPath() {
        let all = SpacertEnvironment(variables: [
            "SPACERT_KEY": "/env/key", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/maya",
        ])
        #expect(all.signingKeyPath(flag: "/flag/key") == "/flag/key")
        #expect(all.signingKeyPath(flag: nil) == "/env/key")
        let xdg = SpacertEnvironment(variables: ["SPACERT_KEY": "", "XDG_CONFIG_HOME": "/xdg", "HOME": "/h"])
        #expect(xdg.signingKeyPath(flag: "") == "/xdg/spacert/signing-key")
        let home = SpacertEnvironment(variables: ["HOME": "/home/maya"])
        #expect(home.signingKeyPath(flag: nil) == "/home/maya/.config/spacert/signing-key")
        #expect(SigningKey.publicKeyPath(for: "/xdg/spacert/signing-key") == "/xdg/spacert/signing-key.pub")
    }
}
