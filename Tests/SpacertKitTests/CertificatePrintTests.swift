import Foundation
import Testing

@testable import SpacertKit

/// Runs a tool from the system (`pdftoppm`, `zbarimg`, `pdftotext`, `pdfinfo`) and gives its
/// output; the test fails when it is missing or fails.
func runTool(_ name: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(
        process.terminationStatus == 0,
        "\(name) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
    return String(decoding: data, as: UTF8.self)
}

@Suite("The printable certificate: PDF, HTML, QR code and verification code")
struct CertificatePrintTests {
    /// A key made by `spacert keys init`, a store holding a certificate it signed for "Maya
    /// Lee", and that certificate's printable sheet written under `scratch/out`.
    struct Printed {
        let scratch: ScratchFolder
        let key: String
        let store: String
        let signed: SignedCertificate
        let sheet: CertificateSheet
        let pdf: String
        let html: String

        init(trainee: String = "Maya Lee") throws {
            scratch = try ScratchFolder()
            key = scratch.join("key")
            let made = try runSpacert(["keys", "init", "--key", key])
            try #require(made.status == 0, "\(made.stderr)")
            store = scratch.join("progress.sqlite")
            let progress = try ProgressStore(path: store)
            let person = try progress.addTrainee(named: trainee, at: CertificateFixture.issued)
            signed = try CertificateFixture.issue(key: SigningKey.load(path: key), trainee: trainee)
            try progress.recordCertificate(signed, trainee: person.id)
            sheet = try CertificateSheet(signed: signed, spa: "Harbourside Day Spa")
            (pdf, html) = try sheet.write(to: scratch.join("out"))
        }

        /// `spacert verify` with this key and store, at a time the certificate is current.
        func verify(_ arguments: [String], now: String = "2026-03-01T00:00:00Z") throws -> ProcessResult {
            try runSpacert(
                ["verify"] + arguments + ["--key", key, "--db", store], environment: ["SPACERT_NOW": now])
        }

        /// The QR code's text as a scanner reads it from the page rendered at 200 dpi.
        func scannedQR() throws -> String {
            let prefix = scratch.join("page")
            _ = try runTool("pdftoppm", ["-r", "200", "-png", "-singlefile", pdf, prefix])
            let text = try runTool("zbarimg", ["--quiet", "--raw", prefix + ".png"])
            return text.trimmingCharacters(in: .newlines)
        }
    }

    @Test("the QR code read back from the rendered page verifies as valid, the same as the file")
    func scannedQRIsValid() throws {
        let printed = try Printed()
        let scanned = try printed.scannedQR()
        #expect(scanned == printed.sheet.qrText)
        #expect(scanned.hasPrefix("SPC1|"))
        let viaQR = try printed.verify(["--qr", scanned, "--json"])
        let viaFile = try printed.verify(
            [try printed.signed.write(to: printed.scratch.join("json")), "--json"])
        #expect(viaQR.status == 0, "\(viaQR.stderr)")
        #expect(viaQR.stdout.contains("\"verdict\":\"valid\""))
        #expect(viaQR.stdout == viaFile.stdout)
    }

    @Test("one character of the QR text changed gives altered (exit 1)")
    func alteredQR() throws {
        let printed = try Printed()
        let scanned = try printed.scannedQR()
        let changed = try edited(scanned, "|Maya Lee|", "|Maya Lei|")
        #expect(changed.count == scanned.count)
        let result = try printed.verify(["--qr", changed])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("altered:"), "\(result.stdout)")
        // A changed character in a hash or the signature is caught the same way.
        let lastField = scanned.split(separator: "|").last!
        let flipped =
            String(lastField.prefix(10)) + (lastField.dropFirst(10).first == "A" ? "B" : "A")
            + String(lastField.dropFirst(11))
        let signature = try printed.verify(["--qr", try edited(scanned, String(lastField), flipped)])
        #expect(signature.status == 1)
        #expect(signature.stdout.hasPrefix("altered:"), "\(signature.stdout)")
    }

    @Test("a certificate signed by another key gives wrong-key through --qr")
    func wrongKeyQR() throws {
        let printed = try Printed()
        let other = SigningKey.generate()
        let foreign = try CertificateFixture.issue(key: other)
        let result = try printed.verify(["--qr", try CertificateQR.text(for: foreign)])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("wrong-key:"), "\(result.stdout)")
    }

    @Test("--qr after the expiry gives expired, as the file does")
    func expiredQR() throws {
        let printed = try Printed()
        let result = try printed.verify(["--qr", printed.sheet.qrText], now: "2027-01-05T09:00:00Z")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("expired:"), "\(result.stdout)")
    }

    @Test("text that is not a certificate's QR text is an error (exit 2) saying why")
    func notQR() throws {
        let printed = try Printed()
        for (text, why) in [
            ("hello", "does not begin with 'SPC1|'"), ("SPC1|a|b", "has 3 fields"),
            (
                printed.sheet.qrText.replacingOccurrences(of: "|0.9|", with: "|0.9x|"),
                "the score is not a number"
            ),
        ] {
            let result = try printed.verify(["--qr", text])
            #expect(result.status == 2)
            #expect(result.stderr.contains(why), "\(result.stderr)")
        }
    }

    @Test("--code finds the right certificate in the store, typed loosely; an unknown code exits 2")
    func verificationCode() throws {
        let printed = try Printed()
        // A second certificate in the same store, so the lookup has to choose.
        let progress = try ProgressStore(path: printed.store)
        let other = try progress.addTrainee(named: "Liam", at: CertificateFixture.issued)
        let liam = try CertificateFixture.issue(
            key: SigningKey.load(path: printed.key), trainee: "Liam", attempt: "attempt-2")
        try progress.recordCertificate(liam, trainee: other.id)
        let code = printed.sheet.code
        #expect(code.count == 11 && code.dropFirst(5).first == "-")
        #expect(code != VerificationCode.make(for: liam))
        let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
        let result = try printed.verify(["--code", typed])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(printed.signed.certificate.id))
        #expect(result.stdout.contains("Maya Lee"))
        let liamResult = try printed.verify(["--code", VerificationCode.make(for: liam)])
        #expect(liamResult.stdout.contains(liam.certificate.id))
        let unknown = try printed.verify(["--code", "00000-00000"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("has verification code 00000-00000"))
        let bad = try printed.verify(["--code", "ABC"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("a code has 10"))
    }

    @Test("the PDF is one A4 page with the spa, name, title, dates, id, code and signature line")
    func pdfFields() throws {
        let printed = try Printed()
        let info = try runTool("pdfinfo", [printed.pdf])
        #expect(info.contains("Pages:           1"), "\(info)")
        #expect(info.contains("595.276 x 841.89 pts (A4)"), "\(info)")
        let text = try runTool("pdftotext", ["-layout", printed.pdf, "-"])
        for field in [
            "Harbourside Day Spa", "Maya Lee", "Lower-back massage: certified therapist", "5 January 2026",
            "5 January 2027", printed.signed.certificate.id, printed.sheet.code,
            "Signed for Harbourside Day Spa",
        ] {
            #expect(text.contains(field), "the PDF's text lacks '\(field)'")
        }
    }

    @Test("the HTML is self-contained: the same fields, the QR code inline, nothing fetched")
    func htmlFields() throws {
        let printed = try Printed(trainee: "Zoë <O'Neil>")
        let html = try String(contentsOfFile: printed.html, encoding: .utf8)
        #expect(html.contains("Zo\u{eb} &lt;O&#39;Neil&gt;"))
        #expect(!html.contains("<O'Neil>"))
        #expect(html.contains("<svg"))
        #expect(html.contains(printed.sheet.code))
        #expect(html.contains("size: A4"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href="))
        // The QR text keeps a name outside ASCII and with separators as %XX, and reads back.
        #expect(printed.sheet.qrText.contains("|Zo%C3%AB <O'Neil>|"))
        let verdict = try CertificateVerifier.verify(
            qrText: printed.sheet.qrText, trustedKey: SigningKey.load(path: printed.key).publicKey,
            now: CertificateFixture.issued)
        #expect(verdict.kind == .valid)
        #expect(verdict.certificate.trainee == "Zoë <O'Neil>")
    }

    @Test(
        "certificate print re-renders from the id in the store or from the JSON file; refuses an altered one")
    func printAgain() throws {
        let printed = try Printed()
        try FileManager.default.removeItem(atPath: printed.pdf)
        let out = printed.scratch.join("again")
        let byID = try runSpacert([
            "certificate", "print", printed.signed.certificate.id, "--key", printed.key, "--db",
            printed.store,
            "--out", out, "--banks", shippedBanks,
        ])
        #expect(byID.status == 0, "\(byID.stderr)")
        let pdf = (out as NSString).appendingPathComponent(
            "certificates/maya-lee-\(printed.signed.certificate.id).pdf")
        #expect(byID.stdout.hasPrefix(pdf + "\n"))
        #expect(try runTool("pdftotext", [pdf, "-"]).contains(printed.sheet.code))
        let file = try printed.signed.write(to: printed.scratch.join("json"))
        let tampered = printed.scratch.join("tampered.json")
        try edited(try String(contentsOfFile: file, encoding: .utf8), "Maya Lee", "Mary Lee")
            .write(toFile: tampered, atomically: true, encoding: .utf8)
        let refused = try runSpacert([
            "certificate", "print", tampered, "--key", printed.key, "--db", printed.store, "--out", out,
            "--banks", shippedBanks,
        ])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not printed: it is altered"))
    }

    @Test("a logo the policy names is drawn from a regular file; a pipe or a non-PNG is a clear error")
    func logo() throws {
        let printed = try Printed()
        let png = printed.scratch.join("logo.png")
        let pixel =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        try #require(Data(base64Encoded: pixel)).write(to: URL(fileURLWithPath: png))
        let sheet = try CertificateSheet(signed: printed.signed, spa: "Harbourside Day Spa", logo: png)
        #expect(sheet.html().contains("src=\"data:image/png;base64,\(pixel)\""))
        #expect(try sheet.pdf().count > 1000)

        let fifo = printed.scratch.join("logo-pipe.png")
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: SpacertError.self) {
            _ = try CertificateSheet(signed: printed.signed, spa: "Spa", logo: fifo)
        }
        let text = printed.scratch.join("logo.txt")
        try "not a picture".write(toFile: text, atomically: true, encoding: .utf8)
        let notPNG = try CertificateSheet(signed: printed.signed, spa: "Spa", logo: text)
        do {
            _ = try notPNG.pdf()
            Issue.record("a logo that is not a PNG should be refused")
        } catch let error as SpacertError {
            #expect(error.description.contains("not a PNG image"))
        }
    }
}
