import Crypto
import Foundation
import SpacertTerminal

/// The short code printed on a certificate for people to type (`7KQ2M-9TX4B`): ten characters
/// of Crockford's base 32 (no I, L, O or U), taken from a hash of the certificate's signature,
/// so each certificate has its own and none can be chosen without the spa's key.
///
/// `spacert verify --code` finds the certificate with that code in the store and checks it as
/// it checks a file.
public enum VerificationCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The code of the certificate signed with `signature`.
    public static func make(signature: Data) -> String {
        var message = Data("spacert verification code v1\n".utf8)
        message.append(signature)
        let digest = Array(SHA256.hash(data: message))
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        var characters: [Character] = []
        for index in 0..<10 {
            characters.append(alphabet[Int((bits >> UInt64(59 - 5 * index)) & 31)])
        }
        return String(characters[0..<5]) + "-" + String(characters[5...])
    }

    /// The code of `signed`.
    public static func make(for signed: SignedCertificate) -> String {
        make(signature: signed.signature)
    }

    /// The code as typed, in its printed form: case, spaces and hyphens do not matter, and O,
    /// I and L are read as 0, 1 and 1. Nil, with the reason, when it cannot be a code.
    public static func normalize(_ typed: String) -> Result<String, SpacertError> {
        var characters: [Character] = []
        for character in typed.uppercased() {
            switch character {
            case " ", "-", "\t": continue
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            default:
                guard alphabet.contains(character) else {
                    return .failure(
                        .invalidInput(
                            "'\(sanitizeForMessage(typed))' is not a verification code: '\(sanitizeForMessage(String(character)))' "
                                + "is not one of its characters (digits and letters other than I, L, O and U)"
                        ))
                }
                characters.append(character)
            }
        }
        guard characters.count == 10 else {
            return .failure(
                .invalidInput(
                    "'\(sanitizeForMessage(typed))' is not a verification code: it has \(characters.count) "
                        + "letters and digits; a code has 10 (like 7KQ2M-9TX4B)"))
        }
        return .success(String(characters[0..<5]) + "-" + String(characters[5...]))
    }

    private static func sanitizeForMessage(_ text: String) -> String {
        let clean = sanitize(text)
        return clean.count > 40 ? clean.prefix(39) + "…" : clean
    }
}
