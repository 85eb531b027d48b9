import Foundation
import SpacertPDF
import SpacertQR
import SpacertTerminal

/// The printable certificate: one A4 page, as PDF (drawn with cairo) and as self-contained
/// HTML, showing the spa, the therapist, the certification, the dates, the id, the
/// verification code, a signature line and a QR code that carries the signed certificate.
public struct CertificateSheet {
    public let signed: SignedCertificate
    /// The spa's name as printed.
    public let spa: String
    /// A PNG logo to print above the spa's name, if any: its path, and its bytes.
    public let logo: String?
    let logoBytes: Data?
    /// ``VerificationCode`` of the certificate.
    public let code: String
    /// ``CertificateQR`` text of the certificate.
    public let qrText: String
    /// The QR code of `qrText`.
    public let qr: QRCode

    /// The sheet of `signed` for the spa named `spa`.
    public init(signed: SignedCertificate, spa: String, logo: String? = nil) throws {
        self.signed = signed
        self.spa = Self.clean(spa)
        self.logo = logo
        if let logo {
            do throws(PosixFile.Failure) {
                // A regular file of a sensible size only: never a pipe or a device.
                logoBytes = try PosixFile.contents(of: logo, limit: 4 << 20).data
            } catch {
                throw SpacertError.invalidInput("cannot use the logo the policy names: \(error.message)")
            }
        } else {
            logoBytes = nil
        }
        code = VerificationCode.make(for: signed)
        qrText = try CertificateQR.text(for: signed)
        do throws(QRCode.Failure) {
            qr = try QRCode(text: qrText, correction: .medium)
        } catch {
            throw SpacertError.invalidInput("certificate \(signed.certificate.id): no QR code: \(error)")
        }
    }

    /// Text from the certificate or the policy, made safe to show (one line, no controls).
    static func clean(_ text: String) -> String { sanitize(text) }

    var certificate: Certificate { signed.certificate }

    /// `4 December 2026` (UTC).
    static func longDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }

    /// The lines of the sheet, top to bottom, shared by the PDF and the HTML.
    var lines:
        (
            intro: String, name: String, passed: String, title: String, score: String,
            details: [(label: String, value: String)], signature: String, check: String
        )
    {
        let percent = ExamGrader.percent(certificate.score)
        return (
            intro: "This certifies that",
            name: Self.clean(certificate.trainee),
            passed: "has passed the certification exam for",
            title: Self.clean(certificate.policy.title),
            score: "with an overall score of \(percent)",
            details: [
                ("Issued", Self.longDate(certificate.issued)),
                ("Valid until", Self.longDate(certificate.expires)),
                ("Certificate", Self.clean(certificate.id)),
                ("Verification code", code),
            ],
            signature: "Signed for \(spa)",
            check: "To check it offline: spacert verify --code \(code), or scan the QR code and run "
                + "spacert verify --qr 'TEXT'. It is signed with the spa's key "
                + String(signed.keyFingerprint.prefix(16)) + "…"
        )
    }

    // MARK: - PDF

    /// The PDF's bytes: one A4 page.
    public func pdf() throws -> Data {
        do throws(PDFPage.Failure) {
            return Data(try drawPDF())
        } catch {
            throw SpacertError.invalidInput("cannot make the certificate's PDF: \(error)")
        }
    }

    private func drawPDF() throws(PDFPage.Failure) -> [UInt8] {
        let text = lines
        let page = try PDFPage(
            width: PDFPage.a4.width, height: PDFPage.a4.height,
            title: "Certificate \(Self.clean(certificate.id)): \(text.name)", author: spa)
        let serif = PDFPage.Font(family: "DejaVu Serif")
        let serifBold = PDFPage.Font(family: "DejaVu Serif", bold: true)
        let italic = PDFPage.Font(family: "DejaVu Serif", italic: true)
        let sans = PDFPage.Font(family: "DejaVu Sans")
        let sansBold = PDFPage.Font(family: "DejaVu Sans", bold: true)
        let ink = PDFPage.Color(red: 0.12, green: 0.23, blue: 0.33)
        let grey = PDFPage.Color(red: 0.35, green: 0.38, blue: 0.42)
        let width = page.width
        let middle = width / 2
        let usable = width - 150

        page.strokeRectangle(
            x: 28, y: 28, width: width - 56, height: page.height - 56, lineWidth: 2.5, color: ink)
        page.strokeRectangle(
            x: 36, y: 36, width: width - 72, height: page.height - 72, lineWidth: 0.75, color: ink)

        var y = 92.0
        if let logoBytes {
            y =
                70
                + (try page.png(
                    bytes: Array(logoBytes), centerX: middle, y: 60, maxWidth: 180, maxHeight: 64)) + 34
        }
        let spaSize = page.fit(spa, font: serifBold, size: 26, maxWidth: usable)
        page.text(spa, x: middle, y: y, font: serifBold, size: spaSize, alignment: .center, color: ink)
        y += 22
        page.line(from: (middle - 90, y), to: (middle + 90, y), lineWidth: 0.75, color: ink)
        y += 58
        page.text("CERTIFICATE", x: middle, y: y, font: sansBold, size: 15, alignment: .center, color: grey)
        y += 56
        page.text(text.intro, x: middle, y: y, font: italic, size: 15, alignment: .center)
        y += 54
        let nameSize = page.fit(text.name, font: serifBold, size: 34, maxWidth: usable)
        page.text(text.name, x: middle, y: y, font: serifBold, size: nameSize, alignment: .center, color: ink)
        y += 42
        page.text(text.passed, x: middle, y: y, font: italic, size: 15, alignment: .center)
        y += 38
        let titleSize = page.fit(text.title, font: serifBold, size: 19, maxWidth: usable)
        page.text(text.title, x: middle, y: y, font: serifBold, size: titleSize, alignment: .center)
        y += 30
        page.text(text.score, x: middle, y: y, font: serif, size: 13, alignment: .center, color: grey)

        // Details on the left, the QR code on the right.
        let qrTop = 472.0
        let qrSide = 214.0
        let qrLeft = width - 70 - qrSide
        var detailY = qrTop + 24
        for detail in text.details {
            page.text(detail.label.uppercased(), x: 70, y: detailY, font: sans, size: 8.5, color: grey)
            let valueFont = detail.label == "Verification code" ? sansBold : sans
            let valueSize = page.fit(detail.value, font: valueFont, size: 14, maxWidth: qrLeft - 90)
            page.text(detail.value, x: 70, y: detailY + 17, font: valueFont, size: valueSize)
            detailY += 44
        }
        let quiet = 4.0
        let module = qrSide / (Double(qr.size) + 2 * quiet)
        page.fillRectangles(
            qr.darkRuns.map {
                (
                    x: qrLeft + (quiet + Double($0.column)) * module,
                    y: qrTop + (quiet + Double($0.row)) * module,
                    width: Double($0.length) * module, height: module
                )
            })
        page.text(
            "Scan to verify (offline)", x: qrLeft + qrSide / 2, y: qrTop + qrSide + 12, font: sans, size: 8,
            alignment: .center, color: grey)

        // The signature line.
        let lineY = 752.0
        page.line(from: (70, lineY), to: (300, lineY), lineWidth: 0.75)
        page.text(text.signature, x: 70, y: lineY + 15, font: sans, size: 9.5, color: grey)
        page.text(
            "Date: ____________________", x: width - 70, y: lineY, font: sans, size: 9.5, alignment: .right,
            color: grey)

        let checkSize = page.fit(text.check, font: sans, size: 7, maxWidth: width - 100)
        page.text(
            text.check, x: middle, y: page.height - 48, font: sans, size: checkSize, alignment: .center,
            color: grey)
        return try page.finish()
    }

    // MARK: - HTML

    /// The same page as self-contained HTML (the QR code as inline SVG, the logo inline).
    public func html() -> String {
        let text = lines
        let e = HTMLEscape.escape
        var logoImage = ""
        if let data = logoBytes {
            logoImage =
                "<img class=\"logo\" alt=\"\" src=\"data:image/png;base64,\(data.base64EncodedString())\">"
        }
        let total = qr.size + 8
        var path = ""
        for run in qr.darkRuns { path += "M\(run.column + 4) \(run.row + 4)h\(run.length)v1h-\(run.length)z" }
        let details = text.details.map {
            "<div><dt>\(e($0.label))</dt><dd\($0.label == "Verification code" ? " class=\"code\"" : "")>\(e($0.value))</dd></div>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Certificate \(e(Self.clean(certificate.id))): \(e(text.name))</title>
            <style>
            @page { size: A4; margin: 0; }
            * { box-sizing: border-box; }
            html, body { margin: 0; padding: 0; background: #fff; }
            body { font-family: "DejaVu Serif", Georgia, serif; color: #1f3b54; }
            .page { width: 210mm; height: 297mm; padding: 10mm; margin: 0 auto; }
            .frame { border: 2.5pt solid #1f3b54; height: 100%; padding: 2.2mm; }
            .inner { border: 0.75pt solid #1f3b54; height: 100%; padding: 16mm 16mm 8mm; text-align: center;
              display: flex; flex-direction: column; }
            .logo { max-width: 64mm; max-height: 22mm; margin: 0 auto 4mm; }
            .spa { font-size: 26pt; font-weight: bold; margin: 6mm 0 0; overflow-wrap: anywhere; }
            .rule { width: 64mm; border-top: 0.75pt solid #1f3b54; margin: 4mm auto 14mm; }
            .kind { font-family: "DejaVu Sans", Arial, sans-serif; letter-spacing: 0.2em; color: #5a616b;
              font-size: 15pt; font-weight: bold; margin: 0 0 12mm; }
            .lead { font-style: italic; color: #000; font-size: 15pt; margin: 0; }
            .name { font-size: 34pt; font-weight: bold; margin: 8mm 0 6mm; overflow-wrap: anywhere; }
            .title { font-size: 19pt; font-weight: bold; color: #000; margin: 6mm 0 3mm; overflow-wrap: anywhere; }
            .score { color: #5a616b; font-size: 13pt; margin: 0; }
            .bottom { display: flex; justify-content: space-between; align-items: flex-start; margin-top: auto;
              text-align: left; font-family: "DejaVu Sans", Arial, sans-serif; color: #000; }
            dl { margin: 0; }
            dt { font-size: 8.5pt; color: #5a616b; text-transform: uppercase; margin-top: 5mm; }
            dd { margin: 1mm 0 0; font-size: 14pt; }
            dd.code { font-weight: bold; letter-spacing: 0.05em; }
            .qr { width: 75mm; text-align: center; font-size: 8pt; color: #5a616b; }
            .qr svg { width: 75mm; height: 75mm; display: block; }
            .sign { display: flex; justify-content: space-between; margin-top: 14mm; text-align: left;
              font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #5a616b; }
            .line { border-top: 0.75pt solid #000; width: 81mm; padding-top: 2mm; }
            .check { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7pt; color: #5a616b;
              margin-top: 8mm; overflow-wrap: anywhere; }
            </style>
            </head>
            <body>
            <div class="page"><div class="frame"><div class="inner">
            \(logoImage)
            <p class="spa">\(e(spa))</p>
            <div class="rule"></div>
            <p class="kind">CERTIFICATE</p>
            <p class="lead">\(e(text.intro))</p>
            <p class="name">\(e(text.name))</p>
            <p class="lead">\(e(text.passed))</p>
            <p class="title">\(e(text.title))</p>
            <p class="score">\(e(text.score))</p>
            <div class="bottom">
            <dl>
            \(details)
            </dl>
            <div class="qr">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(total) \(total)" shape-rendering="crispEdges" role="img" aria-label="QR code holding the signed certificate"><rect width="\(total)" height="\(total)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            Scan to verify (offline)
            </div>
            </div>
            <div class="sign"><div class="line">\(e(text.signature))</div><div>Date: ____________________</div></div>
            <p class="check">\(e(text.check))</p>
            </div></div></div>
            </body>
            </html>

            """
    }

    // MARK: - Files

    /// Writes `<folder>/<name>.pdf` and `.html` beside the certificate's JSON (the same base
    /// name), each in one step; returns their paths.
    @discardableResult
    public func write(to directory: String) throws -> (pdf: String, html: String) {
        let folder = (directory as NSString).appendingPathComponent("certificates")
        let base = (signed.fileName as NSString).deletingPathExtension
        let pdfPath = (folder as NSString).appendingPathComponent(base + ".pdf")
        let htmlPath = (folder as NSString).appendingPathComponent(base + ".html")
        let pdfBytes = try pdf()
        do throws(PosixFile.Failure) {
            try PosixFile.makeFolders(folder, permissions: 0o755)
            try PosixFile.writeAtomically(pdfPath, data: pdfBytes, permissions: 0o644)
            try PosixFile.writeAtomically(htmlPath, data: Data(html().utf8), permissions: 0o644)
        } catch {
            throw SpacertError.invalidInput("cannot write the printable certificate: \(error.message)")
        }
        return (pdfPath, htmlPath)
    }
}
