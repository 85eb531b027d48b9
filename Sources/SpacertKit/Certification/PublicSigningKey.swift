import Crypto
import Foundation

/// The public half of the spa's signing key: checks signatures, and is named by its
/// fingerprint.
public struct PublicSigningKey: Sendable, Hashable {
    /// The raw 32 bytes of the Ed25519 public key.
    public let rawRepresentation: Data

    /// The key from its raw 32 bytes; throws for anything that is not an Ed25519 public key.
    public init(rawRepresentation: Data) throws {
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        self.rawRepresentation = key.rawRepresentation
    }

    /// The key's name: lower-case hex SHA-256 of its raw 32 bytes, all 64 digits. Certificates
    /// carry it in `signature.key`, and every command shows it in this same form.
    public var fingerprint: String { ContentHash.hex(rawRepresentation) }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        guard signature.count == 64,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
