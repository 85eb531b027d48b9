import Foundation
import SpacertKit
import Testing

@Suite("spacert keys and spacert verify, run as a process")
struct CertificateCommandTests {
    /// The environment every run gets, so the caller's own key or clock never leaks in.
    func environment(_ scratch: ScratchFolder, _ extra: [String: String] = [:]) -> [String: String] {
        var variables = [
            "SPACERT_KEY": "", "SPACERT_NOW": "", "XDG_CONFIG_HOME": scratch.join("config"),
            "HOME": scratch.join("home"),
        ]
        for (name, value) in extra { variables[name] = value }
        return variables
    }

    /// A key made by `spacert keys init` at `scratch/key`, and a certificate it signed in
    /// `scratch/out/certificates/`.
    func issued(_ scratch: ScratchFolder, trainee: String = "Maya Lee") throws -> (key: String, file: String)
    {
        let key = scratch.join("key")
        let made = try runSpacert(["keys", "init", "--key", key], environment: environment(scratch))
        try #require(made.status == 0, "\(made.stderr)")
        let signed = try CertificateFixture.issue(key: SigningKey.load(path: key), trainee: trainee)
        return (key, try signed.write(to: scratch.join("out")))
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("keys init makes the key in $XDG_CONFIG_HOME with mode 0600 and prints paths and fingerprint")
    func initDefault() throws {
        let scratch = try ScratchFolder()
        let result = try runSpacert(["keys", "init"], environment: environment(scratch))
        #expect(result.status == 0)
        let path = scratch.join("config/spacert/signing-key")
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".pub") == 0o644)
        let fingerprint = try PublicSigningKey.load(path: path + ".pub").fingerprint
        #expect(
            result.stdout.split(separator: "\n").map(String.init) == [
                "private key: \(path) (mode 0600: keep it secret and back it up)",
                "public key:  \(path).pub",
                "fingerprint: \(fingerprint)",
            ])
        let shown = try runSpacert(["keys", "show"], environment: environment(scratch))
        #expect(shown.status == 0)
        #expect(shown.stdout == "public key:  \(path).pub\nfingerprint: \(fingerprint)\n")
    }

    @Test("$SPACERT_KEY names the key when --key is not given")
    func environmentKey() throws {
        let scratch = try ScratchFolder()
        let path = scratch.join("from-env/k")
        let result = try runSpacert(
            ["keys", "init"], environment: environment(scratch, ["SPACERT_KEY": path]))
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: scratch.join("config/spacert/signing-key")))
    }

    @Test("the key is 0600 and its .pub 0644 even under a umask that would take more away")
    func umask() throws {
        let scratch = try ScratchFolder()
        let key = scratch.join("k")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "umask 377 && exec \"$0\" keys init --key \"$1\" >/dev/null", spacertExecutable, key,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try mode(key) == 0o600)
        #expect(try mode(key + ".pub") == 0o644)
    }

    @Test("keys init refuses to replace a key: exit 2, a message, the key unchanged")
    func initRefuses() throws {
        let scratch = try ScratchFolder()
        let key = scratch.join("key")
        #expect(
            try runSpacert(["keys", "init", "--key", key], environment: environment(scratch)).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        let again = try runSpacert(["keys", "init", "--key", key], environment: environment(scratch))
        #expect(again.status == 2)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.hasPrefix("spacert: error: a signing key already exists at '\(key)'"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
    }

    @Test("a private key readable by others is refused with the chmod to run; a missing one says keys init")
    func openKey() throws {
        let scratch = try ScratchFolder()
        let key = scratch.join("key")
        #expect(
            try runSpacert(["keys", "init", "--key", key], environment: environment(scratch)).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let shown = try runSpacert(["keys", "show", "--key", key], environment: environment(scratch))
        #expect(shown.status == 2)
        #expect(
            shown.stderr
                == "spacert: error: permissions 0644 for '\(key)' are too open; run chmod 600 '\(key)'\n")
        let missing = try runSpacert(["keys", "show"], environment: environment(scratch))
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("run 'spacert keys init'"))
    }

    @Test("verify: valid is exit 0 with the sentence; --json has the protocol's shape")
    func valid() throws {
        let scratch = try ScratchFolder()
        let (key, file) = try issued(scratch)
        let env = environment(scratch, ["SPACERT_NOW": "2026-06-01T12:00:00+02:00"])
        let text = try runSpacert(["verify", file, "--key", key], environment: env)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("valid: certificate SPC-"))
        #expect(
            text.stdout.contains(
                " for Maya Lee, issued 2026-01-05T09:00:00Z, expires 2027-01-05T09:00:00Z, policy "))
        let json = try runSpacert(["verify", "--json", file, "--public-key", key + ".pub"], environment: env)
        #expect(json.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["valid"] as? Bool == true)
        #expect(object["verdict"] as? String == "valid")
        #expect((object["reason"] as? String)?.hasPrefix("certificate SPC-") == true)
        let certificate = try #require(object["certificate"] as? [String: Any])
        #expect(certificate["trainee"] as? String == "Maya Lee")
        #expect(certificate["expires"] as? String == "2027-01-05T09:00:00Z")
    }

    @Test("verify: altered, wrong-key and expired are exit 1 with their reasons")
    func invalid() throws {
        let scratch = try ScratchFolder()
        let (key, file) = try issued(scratch)
        let env = environment(scratch, ["SPACERT_NOW": "2026-06-01T00:00:00Z"])

        let original = try String(contentsOfFile: file, encoding: .utf8)
        let altered = scratch.join("altered.json")
        try edited(original, "\"score\": 0.9,", "\"score\": 1.0,").write(
            toFile: altered, atomically: true, encoding: .utf8)
        let alteredRun = try runSpacert(["verify", altered, "--key", key], environment: env)
        #expect(alteredRun.status == 1)
        #expect(
            alteredRun.stdout.hasPrefix("altered: the signature does not match the certificate's content"))
        let alteredJSON = try runSpacert(["verify", "--json", altered, "--key", key], environment: env)
        #expect(alteredJSON.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(alteredJSON.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false && object["verdict"] as? String == "altered")
        #expect(object["certificate"] is NSNull)

        let other = scratch.join("other-key")
        #expect(try runSpacert(["keys", "init", "--key", other], environment: env).status == 0)
        let otherFingerprint = try PublicSigningKey.load(path: other + ".pub").fingerprint
        let spaFingerprint = try PublicSigningKey.load(path: key + ".pub").fingerprint
        let wrong = try runSpacert(["verify", file, "--public-key", other + ".pub"], environment: env)
        #expect(wrong.status == 1)
        #expect(
            wrong.stdout.hasPrefix(
                "wrong-key: signed by key \(spaFingerprint), not the spa's key \(otherFingerprint)"))

        let atExpiry = environment(scratch, ["SPACERT_NOW": "2027-01-05T09:00:00Z"])
        let expired = try runSpacert(["verify", file, "--key", key], environment: atExpiry)
        #expect(expired.status == 1)
        #expect(expired.stdout.hasPrefix("expired: certificate SPC-"))
        #expect(expired.stdout.contains("expired on 2027-01-05T09:00:00Z"))
        let justBefore = environment(scratch, ["SPACERT_NOW": "2027-01-05T08:59:59Z"])
        #expect(try runSpacert(["verify", file, "--key", key], environment: justBefore).status == 0)
    }

    @Test("verify: not JSON, not a certificate, or no public key is exit 2, nothing on stdout")
    func cannotRun() throws {
        let scratch = try ScratchFolder()
        let (key, file) = try issued(scratch)
        let env = environment(scratch)
        let notJSON = scratch.join("notes.txt")
        try "framed at reception".write(toFile: notJSON, atomically: true, encoding: .utf8)
        let runs = [
            try runSpacert(["verify", "--json", notJSON, "--key", key], environment: env),
            try runSpacert(["verify", scratch.join("none.json"), "--key", key], environment: env),
            try runSpacert(["verify", file, "--key", scratch.join("no-key")], environment: env),
            try runSpacert(
                ["verify", file, "--key", key], environment: environment(scratch, ["SPACERT_NOW": "soon"])),
        ]
        for run in runs {
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("spacert: error: "))
        }
        #expect(runs[0].stderr.contains("is not JSON: line 1, column 1"))
        #expect(runs[2].stderr.contains("no public key at '\(scratch.join("no-key")).pub'"))
    }

    @Test("a hostile name prints as one clean line")
    func hostileName() throws {
        let scratch = try ScratchFolder()
        let (key, file) = try issued(scratch, trainee: "Eve\n\u{1B}[2Jvalid: \u{202E}\"x\"")
        #expect((file as NSString).deletingLastPathComponent == scratch.join("out/certificates"))
        let run = try runSpacert(
            ["verify", file, "--key", key],
            environment: environment(scratch, ["SPACERT_NOW": "2026-02-01T00:00:00Z"]))
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 1)
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\u{202E}"))
    }
}
