import Foundation
import SpacertTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a certificate file against the spa's public key.
///
/// The checks, in order: the file is a version 1 certificate with every field (else a
/// ``SpacertError``); it names the spa's key (else wrong key); the signature matches the
/// canonical form of its `certificate` object (else altered); `now` is before `expires` (else
/// expired). Any change to the signed object, even an added key or `0.9` written as `0.90`,
/// changes its canonical form and so fails the signature.
public enum CertificateVerifier {
    /// Larger than any certificate spacert writes, by far.
    static let maximumBytes = 1 << 20

    /// Reads and checks the certificate at `path`.
    public static func verify(path: String, trustedKey: PublicSigningKey, now: Date) throws
        -> CertificateVerdict
    {
        try verify(document: try readDocument(path: path), from: path, trustedKey: trustedKey, now: now)
    }

    /// The bytes of the certificate file at `path` (a regular file of at most ``maximumBytes``).
    public static func readDocument(path: String) throws -> Data {
        do throws(PosixFile.Failure) {
            return try PosixFile.contents(of: path, limit: maximumBytes).data
        } catch {
            if error.code == EFBIG {
                throw SpacertError.invalidInput(
                    "'\(path)' is not a spacert certificate: it is larger than \(maximumBytes) bytes")
            }
            throw SpacertError.invalidInput(error.message)
        }
    }

    /// Checks the certificate document `data`; `source` names it in messages.
    public static func verify(
        document data: Data, from source: String, trustedKey: PublicSigningKey, now: Date
    ) throws -> CertificateVerdict {
        func notACertificate(_ why: String) -> SpacertError {
            .invalidInput("'\(source)' is not a spacert certificate: \(why)")
        }
        let document: JSONValue
        do throws(JSONValueParser.SyntaxError) {
            document = try JSONValueParser.parse(data)
        } catch {
            throw SpacertError.invalidInput("'\(source)' is not JSON: \(error)")
        }
        guard case .object = document else { throw notACertificate("it is not a JSON object") }
        guard let version = document["version"] else { throw notACertificate("'version' is missing") }
        guard version.doubleValue == 1 else {
            throw SpacertError.invalidInput(
                "'\(source)' is certificate format version \(version.canonicalText); "
                    + "this spacert reads version 1")
        }
        guard let content = document["certificate"] else { throw notACertificate("'certificate' is missing") }
        let certificate: Certificate
        do throws(Certificate.FormatError) {
            certificate = try Certificate(json: content)
        } catch {
            throw notACertificate(error.message)
        }
        guard case .object = document["signature"] else {
            throw notACertificate(
                document["signature"] == nil ? "'signature' is missing" : "'signature' is not an object")
        }
        var fields: [String: String] = [:]
        for name in ["algorithm", "key", "value"] {
            guard let value = document["signature"]?[name]?.stringValue else {
                throw notACertificate("'signature.\(name)' is missing or not a string")
            }
            fields[name] = value
        }
        guard fields["algorithm"] == SignedCertificate.algorithm else {
            throw SpacertError.invalidInput(
                "'\(source)' is signed with '\(sanitize(fields["algorithm"]!))'; spacert checks only "
                    + "\(SignedCertificate.algorithm) signatures")
        }

        func verdict(_ kind: CertificateVerdict.Kind, _ reason: String) -> CertificateVerdict {
            CertificateVerdict(kind: kind, reason: reason, certificate: certificate, content: content)
        }
        let claimedKey = fields["key"]!
        guard claimedKey.lowercased() == trustedKey.fingerprint else {
            return verdict(
                .wrongKey,
                "signed by key \(display(claimedKey)), not the spa's key \(trustedKey.fingerprint); "
                    + "nothing in it can be trusted")
        }
        let value = fields["value"]!
        guard let signature = Data(base64Encoded: value), signature.count == 64,
            signature.base64EncodedString() == value
        else {
            return verdict(
                .altered,
                "the signature value is not a 64-byte Ed25519 signature in base64, so nothing in the "
                    + "certificate can be trusted")
        }
        guard trustedKey.isValidSignature(signature, for: SignedCertificate.signedMessage(for: content))
        else {
            return verdict(
                .altered,
                "the signature does not match the certificate's content: it was changed after signing, "
                    + "or the signature was taken from another certificate, so nothing in it can be "
                    + "trusted (name, scores, dates or policy)")
        }
        let id = display(certificate.id)
        let trainee = display(certificate.trainee)
        let policy = "policy \(display(certificate.policy.id)) (\(display(certificate.policy.title)))"
        let issued = ISO8601.format(certificate.issued)
        let expires = ISO8601.format(certificate.expires)
        guard now >= certificate.issued else {
            return verdict(
                .notYetValid,
                "certificate \(id) for \(trainee) is issued \(issued), after the time it was checked at "
                    + "(\(ISO8601.format(now))): it is not valid yet; expires \(expires), \(policy)")
        }
        guard now < certificate.expires else {
            return verdict(
                .expired,
                "certificate \(id) for \(trainee) expired on \(expires) (checked at \(ISO8601.format(now))); "
                    + "issued \(issued), \(policy)")
        }
        let summary = "certificate \(id) for \(trainee), issued \(issued), expires \(expires), \(policy)"
        return verdict(.valid, summary)
    }

    /// Text from a file, made safe to print: controls and bidirectional overrides removed,
    /// line breaks as spaces, and at most 80 characters.
    private static func display(_ text: String) -> String {
        let clean = sanitize(text)
        return clean.count > 80 ? clean.prefix(79) + "…" : clean
    }
}

extension CertificateVerifier {
    /// Checks the certificate a QR code carries (``CertificateQR``), exactly as its file would
    /// be checked.
    public static func verify(qrText: String, trustedKey: PublicSigningKey, now: Date) throws
        -> CertificateVerdict
    {
        try verify(
            document: try CertificateQR.document(from: qrText), from: "the QR text", trustedKey: trustedKey,
            now: now)
    }

    /// Checks the certificate whose verification code is `typed`, as the store keeps it.
    public static func verify(
        code typed: String, store: ProgressStore, trustedKey: PublicSigningKey, now: Date
    )
        throws -> CertificateVerdict
    {
        let code = try VerificationCode.normalize(typed).get()
        guard let stored = try store.certificate(code: code) else {
            throw SpacertError.invalidInput(
                "no certificate in '\(store.path)' has verification code \(code); check the code as typed "
                    + "(or the store: --db)")
        }
        return try verify(
            document: Data(stored.document.utf8), from: "certificate \(stored.id) in the store",
            trustedKey: trustedKey, now: now)
    }

    /// The signed certificate in a document that checks as genuine (valid or expired), for
    /// printing it again; an error with the verdict otherwise.
    public static func genuine(
        document data: Data, from source: String, trustedKey: PublicSigningKey, now: Date
    )
        throws -> (SignedCertificate, CertificateVerdict)
    {
        let verdict = try verify(document: data, from: source, trustedKey: trustedKey, now: now)
        guard verdict.isGenuine else {
            throw SpacertError.invalidInput(
                "\(source) is not printed: it is \(verdict.kind.rawValue) (\(verdict.reason))")
        }
        let document = try JSONValueParser.parse(data)
        guard let value = document["signature"]?["value"]?.stringValue,
            let signature = Data(base64Encoded: value)
        else { throw SpacertError.invalidInput("\(source) has no signature value") }
        let signed = SignedCertificate(
            certificate: verdict.certificate, signature: signature, keyFingerprint: trustedKey.fingerprint,
            content: verdict.content)
        return (signed, verdict)
    }
}
