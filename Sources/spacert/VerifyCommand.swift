import ArgumentParser
import Foundation
import SpacertKit

/// `spacert verify FILE`: whether a certificate is genuine, unchanged and current.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a certificate's signature against the spa's public key, and its expiry.",
        discussion:
            "Verdicts: valid (exit 0); altered, wrong-key, expired or not-yet-valid (issued after the time; exit 1). A file that is not a certificate, "
            + "or a missing public key, exits 2. The time is $SPACERT_NOW when set; a certificate checked exactly "
            + "at its expiry has expired.")

    @Argument(help: "The certificate file (.json).", completion: .file(extensions: ["json"]))
    var file: String

    @Option(name: .long, help: "The spa's public key (default: the .pub beside the signing key).")
    var publicKey: String?

    @OptionGroup var key: KeyOption

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() throws {
        let environment = SpacertEnvironment()
        let trustedPath =
            publicKey.flatMap { $0.isEmpty ? nil : $0 } ?? SigningKey.publicKeyPath(for: key.path)
        let trusted = try PublicSigningKey.load(path: trustedPath)
        let verdict = try CertificateVerifier.verify(
            path: file, trustedKey: trusted, now: try environment.now())
        print(json ? verdict.json : verdict.text)
        if !verdict.isValid { throw ExitCode(1) }
    }
}
