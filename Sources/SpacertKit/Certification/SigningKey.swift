import Crypto
import Foundation

/// The spa's private Ed25519 key, the only thing that can make a certificate that verifies.
///
/// Kept in a file of its own with mode 0600 (see ``SigningKeyFile``), outside the progress
/// store. The raw 32 bytes are held rather than a `Curve25519` key so the value is `Sendable`.
public struct SigningKey: Sendable {
    private let raw: Data

    /// The public half, which verifiers trust.
    public let publicKey: PublicSigningKey

    /// A new random key.
    public static func generate() -> SigningKey {
        // A fresh key's raw form is always 32 valid bytes.
        try! SigningKey(rawRepresentation: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// The key from its raw 32 bytes (RFC 8032 seed).
    public init(rawRepresentation: Data) throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
        raw = key.rawRepresentation
        publicKey = try PublicSigningKey(rawRepresentation: key.publicKey.rawRepresentation)
    }

    /// The raw 32 bytes, for the key file.
    public var rawRepresentation: Data { raw }

    /// The Ed25519 signature (64 bytes) of `message`.
    public func signature(for message: Data) throws -> Data {
        try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: message)
    }
}
