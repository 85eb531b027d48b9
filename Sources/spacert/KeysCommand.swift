import ArgumentParser
import Foundation
import SpacertKit

/// `spacert keys`: the spa's signing key.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make and show the spa's certificate signing key.",
        discussion:
            "The private key signs certificates: keep it secret (mode 0600) and back it up. Its public key, "
            + "<key>.pub, is what 'spacert verify' trusts. A fingerprint is the SHA-256 (hex) of the raw public key.",
        subcommands: [Init.self, Show.self])

    /// `spacert keys init [--key PATH]`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the spa's signing key; never replaces one.",
            discussion:
                "Exit status: 0 made, 2 a key is already there (nothing is changed) or cannot be written.")

        @OptionGroup var key: KeyOption

        func run() throws {
            let path = key.path
            let made = try SigningKey.create(at: path)
            print("private key: \(path) (mode 0600: keep it secret and back it up)")
            print("public key:  \(SigningKey.publicKeyPath(for: path))")
            print("fingerprint: \(made.publicKey.fingerprint)")
        }
    }

    /// `spacert keys show [--key PATH]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the public key's path and fingerprint.",
            discussion: "When the private key is there too, it must be the public key's pair.")

        @OptionGroup var key: KeyOption

        func run() throws {
            let path = key.path
            let publicPath = SigningKey.publicKeyPath(for: path)
            let files = FileManager.default
            if !files.fileExists(atPath: publicPath), !files.fileExists(atPath: path) {
                throw SpacertError.invalidInput(
                    "no signing key at '\(path)'; run 'spacert keys init' to make the spa's key")
            }
            let publicKey = try PublicSigningKey.load(path: publicPath)
            if files.fileExists(atPath: path) {
                let privateKey = try SigningKey.load(path: path)
                guard privateKey.publicKey == publicKey else {
                    throw SpacertError.invalidInput(
                        "the public key '\(publicPath)' is not the pair of the private key '\(path)'; "
                            + "certificates signed with '\(path)' would not verify against it")
                }
            }
            print("public key:  \(publicPath)")
            print("fingerprint: \(publicKey.fingerprint)")
        }
    }
}

/// `--key`, the spa's private signing key.
struct KeyOption: ParsableArguments {
    @Option(
        name: .long,
        help: "The private signing key (default: $SPACERT_KEY, else ~/.config/spacert/signing-key).")
    var key: String?

    var path: String { SpacertEnvironment().signingKeyPath(flag: key) }
}

/// `--key` and `--checkpoint-file`: how the exam ledger is signed and checked.
struct LedgerKeyOption: ParsableArguments {
    @OptionGroup var key: KeyOption

    @Option(
        name: .customLong("checkpoint-file"),
        help: """
            The copy of the ledger's newest signed checkpoint kept outside the store \
            (default: $SPACERT_CHECKPOINT, else <key>.checkpoint beside the signing key).
            """)
    var checkpointFile: String?

    /// Where the copy outside the store lives.
    var checkpointPath: String {
        SpacertEnvironment().checkpointPath(flag: checkpointFile, keyPath: key.path)
    }

    /// The key and the outside copy readers check the ledger against.
    var trust: LedgerTrust { LedgerTrust.forKey(at: key.path, checkpointPath: checkpointPath) }

    /// The signer, when the private key is there and usable.
    func signer() throws -> LedgerSigner {
        LedgerSigner(key: try SigningKey.load(path: key.path), outsidePath: checkpointPath)
    }
}
