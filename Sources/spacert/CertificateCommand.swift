import ArgumentParser
import Foundation
import SpacertKit
import SpacertTerminal

/// `spacert certificate print ID|FILE`: the printable certificate again.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Printable certificates.",
        subcommands: [Print.self])

    /// `spacert certificate print ID|FILE [--out DIR]`.
    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Make a certificate's one-page PDF and HTML again, from its id or its JSON file.",
            discussion: """
                The certificate is checked first as 'spacert verify' checks it: only a genuine one (valid or
                expired) is printed. The spa's name and logo come from the policy in the banks folder. The files
                are written to <out>/certificates/, named as the certificate's JSON is, replacing earlier prints.
                Exit status: 0 printed; 2 not found, not genuine, or not writable.
                """)

        @Argument(help: "The certificate id (SPC-…), looked up in the store, or its JSON file.")
        var certificate: String

        @Option(help: "Folder to write to (default: ./Reports).")
        var out: String = "Reports"

        @Option(name: .long, help: "The spa's public key (default: the .pub beside the signing key).")
        var publicKey: String?

        @OptionGroup var key: KeyOption
        @OptionGroup var store: StoreOption
        @OptionGroup var banks: BanksOption

        func run() throws {
            let environment = SpacertEnvironment()
            let trustedPath =
                publicKey.flatMap { $0.isEmpty ? nil : $0 } ?? SigningKey.publicKeyPath(for: key.path)
            let trusted = try PublicSigningKey.load(path: trustedPath)
            let document: Data
            let source: String
            if certificate.lowercased().hasSuffix(".json") || certificate.contains("/") {
                document = try CertificateVerifier.readDocument(path: certificate)
                source = "'\(certificate)'"
            } else {
                let progress = try store.open(readOnly: true)
                guard let stored = try progress.certificate(id: certificate) else {
                    throw SpacertError.invalidInput(
                        "no certificate '\(sanitize(certificate))' in '\(progress.path)'; give its id "
                            + "(SPC-…) or its JSON file")
                }
                document = Data(stored.document.utf8)
                source = "certificate \(stored.id)"
            }
            let (signed, verdict) = try CertificateVerifier.genuine(
                document: document, from: source, trustedKey: trusted, now: try environment.now())
            let policy = try BankLoader.loadAll(directory: banks.directory).policy
            let sheet = try CertificateSheet(
                signed: signed, spa: policy?.spaName ?? "Spa certification", logo: policy?.logo)
            let paths = try sheet.write(to: out)
            print(paths.pdf)
            print(paths.html)
            if !verdict.isValid { Diagnostics.say("spacert: note: \(verdict.text)") }
        }
    }
}
