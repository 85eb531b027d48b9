import ArgumentParser
import Foundation
import SpacertKit

/// `spacert verify FILE | --qr TEXT | --code CODE`: whether a certificate is genuine,
/// unchanged and current.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a certificate's signature against the spa's public key, and its expiry.",
        discussion:
            "Give the certificate as its file, as the text its QR code holds (--qr, what a phone's scanner "
            + "shows; quote it), or as the verification code printed on it (--code, looked up in the store). "
            + "All three are checked the same way, offline. Verdicts: valid (exit 0); altered, wrong-key, "
            + "expired or not-yet-valid (issued after the time; exit 1). Input that is not a certificate, an "
            + "unknown code, or a missing public key exits 2. The time is $SPACERT_NOW when set; a certificate "
            + "checked exactly at its expiry has expired.")

    @Argument(help: "The certificate file (.json).", completion: .file(extensions: ["json"]))
    var file: String?

    @Option(help: "The text of a certificate's QR code (SPC1|…).")
    var qr: String?

    @Option(help: "The verification code printed on a certificate (like 7KQ2M-9TX4B).")
    var code: String?

    @Option(name: .long, help: "The spa's public key (default: the .pub beside the signing key).")
    var publicKey: String?

    @OptionGroup var key: KeyOption
    @OptionGroup var store: StoreOption

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func validate() throws {
        let given = [file != nil, qr != nil, code != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                given == 0
                    ? "give a certificate FILE, --qr TEXT or --code CODE"
                    : "give only one of FILE, --qr and --code")
        }
    }

    func run() throws {
        let environment = SpacertEnvironment()
        let trustedPath =
            publicKey.flatMap { $0.isEmpty ? nil : $0 } ?? SigningKey.publicKeyPath(for: key.path)
        let trusted = try PublicSigningKey.load(path: trustedPath)
        let now = try environment.now()
        let verdict: CertificateVerdict
        if let qr {
            verdict = try CertificateVerifier.verify(qrText: qr, trustedKey: trusted, now: now)
        } else if let code {
            let progress = try store.open(readOnly: true)
            verdict = try CertificateVerifier.verify(
                code: code, store: progress, trustedKey: trusted, now: now)
        } else {
            verdict = try CertificateVerifier.verify(path: file ?? "", trustedKey: trusted, now: now)
        }
        print(json ? verdict.json : verdict.text)
        if !verdict.isValid { throw ExitCode(1) }
    }
}
