import Foundation

/// A certificate with the spa's signature: the document written to
/// `<dir>/certificates/<trainee>-<id>.json`.
///
/// ```json
/// {
///   "version": 1,
///   "certificate": {"id": "SPC-…", "trainee": "…", "attempt": "…", "issued": "…Z",
///                   "expires": "…Z", "score": 0.9, "categories": {…},
///                   "policy": {"id", "title", "sha256"}, "banks": {"sha256", "files": […]}},
///   "signature": {"algorithm": "Ed25519", "key": "<64 hex>", "value": "<base64>"}
/// }
/// ```
///
/// The signature covers ``signedMessage(for:)``: a fixed first line, then the `certificate`
/// object in ``JSONValue``'s canonical form, which a verifier rebuilds from the file exactly.
public struct SignedCertificate: Sendable, Hashable {
    /// The one signature algorithm there is.
    public static let algorithm = "Ed25519"
    /// The first line of every signed message, so the key's signature over a certificate
    /// cannot be taken for its signature over anything else.
    static let messagePrefix = "spacert certificate v1\n"

    /// What the certificate says.
    public let certificate: Certificate
    /// The 64-byte Ed25519 signature.
    public let signature: Data
    /// The fingerprint of the key that signed it (``PublicSigningKey/fingerprint``).
    public let keyFingerprint: String
    /// The `certificate` object exactly as signed.
    let content: JSONValue

    init(certificate: Certificate, signature: Data, keyFingerprint: String, content: JSONValue) {
        self.certificate = certificate
        self.signature = signature
        self.keyFingerprint = keyFingerprint
        self.content = content
    }

    /// The bytes a signature covers for a `certificate` object.
    static func signedMessage(for content: JSONValue) -> Data {
        Data((messagePrefix + content.canonicalText).utf8)
    }

    /// The document: pretty-printed JSON for people, with a final line feed.
    public var document: String {
        let signatureObject = JSONValue.object([
            ("algorithm", .string(Self.algorithm)),
            ("key", .string(keyFingerprint)),
            ("value", .string(signature.base64EncodedString())),
        ])
        let document = JSONValue.object([
            ("version", .number("1")), ("certificate", content), ("signature", signatureObject),
        ])
        return document.prettyText() + "\n"
    }

    /// `<safe trainee name>-<id>.json` (`maya-lee-SPC-0123456789AB.json`): ASCII letters,
    /// digits and hyphens only, so no name can lead outside the folder. An id that is not of
    /// that kind is made safe too.
    public var fileName: String {
        let id = certificate.id
        let plain =
            !id.isEmpty && id.utf8.count <= 64
            && id.unicodeScalars.allSatisfy {
                ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || $0 == "-"
            }
        let safeID = plain ? id : SafeFileName.make(id, fallback: "certificate")
        return "\(SafeFileName.make(certificate.trainee))-\(safeID).json"
    }

    /// Writes the document to `<directory>/certificates/<fileName>` in one step (a temporary
    /// file renamed into place), making the folders as needed; returns the path.
    @discardableResult
    public func write(to directory: String) throws -> String {
        let folder = (directory as NSString).appendingPathComponent("certificates")
        let path = (folder as NSString).appendingPathComponent(fileName)
        do throws(PosixFile.Failure) {
            try PosixFile.makeFolders(folder, permissions: 0o755)
            try PosixFile.writeAtomically(path, data: Data(document.utf8), permissions: 0o644)
        } catch {
            throw SpacertError.invalidInput("cannot write the certificate: \(error.message)")
        }
        return path
    }
}
