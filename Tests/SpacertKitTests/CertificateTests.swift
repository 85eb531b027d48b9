import Foundation
import Testing

@testable import SpacertKit

@Suite("Certificates: issued for a pass, signed, and verified")
struct CertificateTests {
    let key = SigningKey.generate()
    let now = ISO8601.parse("2026-03-01T00:00:00Z")!

    func verify(_ text: String, key trusted: PublicSigningKey? = nil, at time: Date? = nil) throws
        -> CertificateVerdict
    {
        try CertificateVerifier.verify(
            document: Data(text.utf8), from: "test.json", trustedKey: trusted ?? key.publicKey,
            now: time ?? now)
    }

    @Test("a certificate says who, which attempt, policy and banks, when, until when and the scores")
    func content() throws {
        let signed = try CertificateFixture.issue(key: key)
        let certificate = signed.certificate
        #expect(certificate.trainee == "Maya Lee")
        #expect(certificate.attemptID == "attempt-1")
        #expect(certificate.issued == ISO8601.parse("2026-01-05T09:00:00Z"))
        #expect(certificate.expires == ISO8601.parse("2027-01-05T09:00:00Z"))
        #expect(certificate.id == Certificate.makeID(attemptID: "attempt-1", issued: certificate.issued))
        #expect(certificate.id.wholeMatch(of: /SPC-[0-9A-F]{12}/) != nil)
        #expect(certificate.policy.id == CertificateFixture.policy.id)
        #expect(certificate.policy.title == CertificateFixture.policy.title)
        #expect(certificate.policy.sha256 == CertificateFixture.policyHash.sha256)
        #expect(certificate.banks.sha256 == ContentHash.combined(CertificateFixture.bankHashes))
        #expect(
            certificate.banks.files.map(\.file) == [
                "body-mechanics.xml", "communication.xml", "contraindications.xml", "techniques.xml",
            ])
        #expect(certificate.score == 0.9 && certificate.categories["body-mechanics"] == 0.8666666666666667)
        #expect(signed.keyFingerprint == key.publicKey.fingerprint)
        #expect(signed.signature.count == 64)

        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(signed.document.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let body = try #require(object["certificate"] as? [String: Any])
        #expect(
            Set(body.keys) == [
                "id", "trainee", "attempt", "issued", "expires", "score", "categories", "policy", "banks",
            ])
        #expect(body["issued"] as? String == "2026-01-05T09:00:00Z")
        #expect(body["expires"] as? String == "2027-01-05T09:00:00Z")
        let signature = try #require(object["signature"] as? [String: String])
        #expect(
            signature == [
                "algorithm": "Ed25519", "key": key.publicKey.fingerprint,
                "value": signed.signature.base64EncodedString(),
            ])
        #expect(signed.document.contains("\n  \"certificate\": {\n"))
    }

    @Test("expiry adds calendar months in UTC; the last day of a short month stands in")
    func expiry() throws {
        let utc = { (text: String) in ISO8601.parse(text)! }
        #expect(
            try Certificate.expiry(issued: utc("2026-01-31T23:30:00Z"), validityMonths: 1)
                == utc("2026-02-28T23:30:00Z"))
        #expect(
            try Certificate.expiry(issued: utc("2028-02-29T10:00:00Z"), validityMonths: 12)
                == utc("2029-02-28T10:00:00Z"))
        #expect(
            try Certificate.expiry(issued: utc("2026-03-29T01:30:00Z"), validityMonths: 6)
                == utc("2026-09-29T01:30:00Z"))
    }

    @Test("only a pass graded on the same policy and banks earns a certificate")
    func refusals() throws {
        let fixture = CertificateFixture.self
        func issue(
            _ result: ExamResult, policyHash: ContentHash = fixture.policyHash,
            banks: [ContentHash] = fixture.bankHashes
        ) throws {
            _ = try CertificateIssuer.issue(
                result: result, policy: fixture.policy, policyHash: policyHash, bankHashes: banks,
                issued: fixture.issued, key: key)
        }
        #expect(
            throws: SpacertError.invalidInput(
                "attempt 'attempt-1' did not pass; only a pass earns a certificate")
        ) {
            try issue(fixture.result(passed: false))
        }
        #expect(throws: SpacertError.self) {
            try issue(fixture.result(), policyHash: ContentHash(file: "certification.xml", sha256: "00"))
        }
        #expect(throws: SpacertError.self) {
            try issue(fixture.result(), banks: Array(fixture.bankHashes.dropLast()))
        }
        var otherPolicy = fixture.result()
        otherPolicy.policyID = "another"
        #expect(throws: SpacertError.self) { try issue(otherPolicy) }
        var notANumber = fixture.result()
        notANumber.score = .nan
        #expect(throws: SpacertError.self) { try issue(notANumber) }
    }

    @Test("issued then verified: valid, with a sentence naming the certificate")
    func valid() throws {
        let signed = try CertificateFixture.issue(key: key)
        let verdict = try verify(signed.document)
        #expect(verdict.kind == .valid)
        #expect(verdict.isValid && verdict.isGenuine)
        #expect(verdict.certificate == signed.certificate)
        #expect(
            verdict.text
                == "valid: certificate \(signed.certificate.id) for Maya Lee, issued 2026-01-05T09:00:00Z, "
                + "expires 2027-01-05T09:00:00Z, policy \(CertificateFixture.policy.id) "
                + "(\(CertificateFixture.policy.title))")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(verdict.json.utf8)) as? [String: Any])
        #expect(
            verdict.json.hasPrefix(#"{"version":1,"valid":true,"verdict":"valid","reason":"certificate SPC-"#)
        )
        #expect(
            verdict.json.contains(#","certificate":{"id":"\#(signed.certificate.id)","trainee":"Maya Lee","#))
        #expect(json["version"] as? Int == 1)
        #expect(json["valid"] as? Bool == true)
        #expect(json["verdict"] as? String == "valid")
        #expect((json["certificate"] as? [String: Any])?["trainee"] as? String == "Maya Lee")
    }

    @Test("the file can be reformatted (spacing, key order) and still verify: it is the same content")
    func reformatted() throws {
        let signed = try CertificateFixture.issue(key: key)
        let document = try #require(JSONValueParser.parse(Data(signed.document.utf8)) as JSONValue?)
        #expect(try verify(document.canonicalText).kind == .valid)
        let reordered = try edited(
            signed.document, "\"version\": 1,", "\"note\": \"framed at reception\", \"version\": 1,")
        #expect(try verify(reordered).kind == .valid)
        let escaped = try edited(
            signed.document, "\"trainee\": \"Maya Lee\"", "\"trainee\": \"Maya\\u0020Lee\"")
        #expect(try verify(escaped).kind == .valid)
    }

    @Test(
        "any change to the signed content is altered",
        arguments: [
            ("\"score\": 0.9,", "\"score\": 1.0,"),
            ("\"score\": 0.9,", "\"score\": 0.90,"),
            ("\"score\": 0.9,", "\"score\": 9e-1,"),
            ("\"communication\": 1.0,", "\"communication\": 1,"),
            ("\"trainee\": \"Maya Lee\"", "\"trainee\": \"Maya Lea\""),
            ("\"expires\": \"2027-01-05T09:00:00Z\"", "\"expires\": \"2037-01-05T09:00:00Z\""),
            ("\"issued\": \"2026-01-05T09:00:00Z\"", "\"issued\": \"2026-01-05T09:00:00+00:00\""),
            ("\"id\": \"SPC-", "\"renewals\": 3,\n    \"id\": \"SPC-"),
            ("\"file\": \"body-mechanics.xml\",", "\"file\": \"body-mechanics.xml\", \"note\": null,"),
            ("\"sha256\": \"", "\"sha256\": \"0"),
        ])
    func altered(change: (String, String)) throws {
        let signed = try CertificateFixture.issue(key: key)
        let text =
            signed.document.contains(change.0)
            ? signed.document.replacingOccurrences(
                of: change.0, with: change.1, options: [],
                range:
                    signed.document.range(of: change.0))
            : signed.document
        try #require(text != signed.document)
        let verdict = try verify(text)
        #expect(verdict.kind == .altered)
        #expect(verdict.reason.contains("the signature does not match the certificate's content"))
        #expect(!verdict.isGenuine)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(verdict.json.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == "altered" && json["valid"] as? Bool == false)
        #expect(json["certificate"] is NSNull)
    }

    @Test("the same name in another Unicode form (NFD for NFC) is altered, not quietly equal")
    func unicodeForms() throws {
        let signed = try CertificateFixture.issue(key: key, trainee: "Jos\u{E9}")
        let text = try edited(signed.document, "\"Jos\u{E9}\"", "\"Jose\u{301}\"")
        #expect("Jos\u{E9}" == "Jose\u{301}")
        #expect(try verify(text).kind == .altered)
    }

    @Test("a signature taken from another certificate of the same spa is altered")
    func swappedSignature() throws {
        let maya = try CertificateFixture.issue(key: key)
        let other = try CertificateFixture.issue(key: key, trainee: "Ana Ruiz", attempt: "attempt-2")
        let text = try edited(
            maya.document, maya.signature.base64EncodedString(), other.signature.base64EncodedString())
        #expect(try verify(text).kind == .altered)
        let garbled = try edited(maya.document, maya.signature.base64EncodedString(), "AAAA")
        #expect(try verify(garbled).kind == .altered)
    }

    @Test(
        "without the private key no certificate verifies: another key is wrong-key; claiming the spa's is altered"
    )
    func forgery() throws {
        let forger = SigningKey.generate()
        let forged = try CertificateFixture.issue(key: forger, trainee: "Mallory")
        let verdict = try verify(forged.document)
        #expect(verdict.kind == .wrongKey)
        #expect(
            verdict.reason
                == "signed by key \(forger.publicKey.fingerprint), not the spa's key \(key.publicKey.fingerprint); "
                + "nothing in it can be trusted")
        let claimed = try edited(forged.document, forger.publicKey.fingerprint, key.publicKey.fingerprint)
        #expect(try verify(claimed).kind == .altered)
        let upper = try edited(
            forged.document, forger.publicKey.fingerprint, key.publicKey.fingerprint.uppercased())
        #expect(try verify(upper).kind == .altered)
        // Wrong key is reported before altered, even when the content was changed too.
        let both = try edited(forged.document, "\"score\": 0.9,", "\"score\": 1.0,")
        #expect(try verify(both).kind == .wrongKey)
    }

    @Test("a certificate checked before its issue time is not-yet-valid (exit 1 in verify)")
    func notYetValid() throws {
        let signed = try CertificateFixture.issue(key: key)
        let issued = signed.certificate.issued
        let early = try verify(signed.document, at: issued.addingTimeInterval(-1))
        #expect(early.kind == .notYetValid && early.text.hasPrefix("not-yet-valid: "))
        #expect(early.isGenuine && !early.isValid)
        #expect(try verify(signed.document, at: issued).kind == .valid)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(early.json.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == "not-yet-valid" && json["valid"] as? Bool == false)
    }

    @Test("expiry: valid up to the second before expires; at expires and after, expired")
    func expired() throws {
        let signed = try CertificateFixture.issue(key: key)
        let environment = { (now: String) in try SpacertEnvironment(variables: ["SPACERT_NOW": now]).now() }
        #expect(try verify(signed.document, at: environment("2027-01-05T08:59:59Z")).kind == .valid)
        #expect(try verify(signed.document, at: environment("2027-01-05T10:59:59+02:00")).kind == .valid)
        let atExpiry = try verify(signed.document, at: environment("2027-01-05T09:00:00Z"))
        #expect(atExpiry.kind == .expired)
        #expect(atExpiry.isGenuine && !atExpiry.isValid)
        #expect(atExpiry.reason.contains("expired on 2027-01-05T09:00:00Z"))
        let later = try verify(signed.document, at: environment("2027-06-01T00:00:00Z"))
        #expect(later.kind == .expired)
        #expect(
            later.text.hasPrefix(
                "expired: certificate \(signed.certificate.id) for Maya Lee expired on 2027-01-05T09:00:00Z"))
        // An altered expiry never reaches the clock.
        let extended = try edited(signed.document, "2027-01-05T09:00:00Z", "2099-01-05T09:00:00Z")
        #expect(try verify(extended, at: environment("2027-06-01T00:00:00Z")).kind == .altered)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(later.json.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == "expired" && json["certificate"] is [String: Any])
    }

    @Test("what is not a certificate cannot be checked: an error naming the problem")
    func notACertificate() throws {
        let signed = try CertificateFixture.issue(key: key)
        let cases: [(String, String)] = [
            ("", "'test.json' is not JSON: line 1, column 1: expected a value but the text ended"),
            ("[1]", "'test.json' is not a spacert certificate: it is not a JSON object"),
            ("{\"version\":1}", "'test.json' is not a spacert certificate: 'certificate' is missing"),
            (
                try edited(signed.document, "\"version\": 1", "\"version\": 2"),
                "'test.json' is certificate format version 2; this spacert reads version 1"
            ),
            (
                try edited(signed.document, "\"trainee\": \"Maya Lee\",", ""),
                "'test.json' is not a spacert certificate: 'certificate.trainee' is missing"
            ),
            (
                try edited(signed.document, "\"title\": ", "\"heading\": "),
                "'test.json' is not a spacert certificate: 'certificate.policy.title' is missing"
            ),
            (
                try edited(signed.document, "\"score\": 0.9", "\"score\": \"0.9\""),
                "'test.json' is not a spacert certificate: 'certificate.score' is not a number"
            ),
            (
                try edited(signed.document, "\"algorithm\": \"Ed25519\"", "\"algorithm\": \"RSA\""),
                "'test.json' is signed with 'RSA'; spacert checks only Ed25519 signatures"
            ),
            (
                try edited(
                    signed.document, "\"trainee\": \"Maya Lee\",",
                    "\"trainee\": \"Maya Lee\", \"trainee\": \"Eve\","),
                "'test.json' is not JSON: line 5, column 28: the key 'trainee' appears twice in one object"
            ),
        ]
        for (text, message) in cases {
            #expect(throws: SpacertError.invalidInput(message)) { try verify(text) }
        }
        let scratch = try ScratchFolder()
        #expect(throws: SpacertError.self) {
            try CertificateVerifier.verify(
                path: scratch.join("none.json"), trustedKey: key.publicKey, now: now)
        }
        #expect(throws: SpacertError.self) {
            try CertificateVerifier.verify(path: scratch.path, trustedKey: key.publicKey, now: now)
        }
        let pipe = scratch.join("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(throws: SpacertError.self) {
            try CertificateVerifier.verify(path: pipe, trustedKey: key.publicKey, now: now)
        }
    }

    @Test("written atomically to certificates/<name>-<id>.json, 0644, and read back valid")
    func write() throws {
        let scratch = try ScratchFolder()
        let signed = try CertificateFixture.issue(key: key)
        let path = try signed.write(to: scratch.join("Reports"))
        #expect(path == scratch.join("Reports/certificates/maya-lee-\(signed.certificate.id).json"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o644)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == signed.document)
        #expect(
            try CertificateVerifier.verify(path: path, trustedKey: key.publicKey, now: now).kind == .valid)
        // Writing it again replaces it and leaves no temporary file behind.
        #expect(try signed.write(to: scratch.join("Reports")) == path)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.join("Reports/certificates")) == [
                (path as NSString).lastPathComponent
            ])
    }

    @Test(
        "a hostile name gives a safe file name inside certificates/ and round-trips exactly",
        arguments: [
            "../../etc/passwd", "Ana \"the hands\" O'Neil", "Line\nbreak\r\tand\u{0}nul",
            "\u{202E}gnissam\u{202C} 💆‍♀️",
            "李雷", "\u{1B}[2J\u{1B}]0;pwned\u{7}", "/", String(repeating: "x", count: 300),
        ])
    func hostileName(name: String) throws {
        let scratch = try ScratchFolder()
        let signed = try CertificateFixture.issue(key: key, trainee: name)
        let directory = scratch.join("out")
        let path = try signed.write(to: directory)
        let folder = (directory as NSString).appendingPathComponent("certificates")
        #expect((path as NSString).deletingLastPathComponent == folder)
        let file = (path as NSString).lastPathComponent
        #expect(file.wholeMatch(of: /[a-z0-9-]{1,48}-SPC-[0-9A-F]{12}\.json/) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["certificates"])

        let verdict = try CertificateVerifier.verify(path: path, trustedKey: key.publicKey, now: now)
        #expect(verdict.kind == .valid)
        #expect(Array(verdict.certificate.trainee.unicodeScalars) == Array(name.unicodeScalars))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                as? [String: Any])
        let body = try #require(object["certificate"] as? [String: Any])
        #expect((body["trainee"] as? String).map { Array($0.unicodeScalars) } == Array(name.unicodeScalars))
        // The sentence for people carries no control or direction-changing characters.
        #expect(
            !verdict.text.unicodeScalars.contains {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            })
        #expect(!verdict.text.contains("\n"))
    }
}
