import Foundation
import SpacertKit
import Testing

/// Inputs that must neither hang nor crash: FIFOs, DOCTYPEs past the prolog or in UTF-16, and
/// SPACERT_NOW values that are not real instants.
@Suite("inputs that cannot hang or crash", .serialized)
struct InputGuardTests {
    @Test("a FIFO named *.xml in the banks folder or given to lint is refused, not waited on")
    func fifo() throws {
        let fixture = try ExamFixture()
        let fifo = fixture.banks.directory.appendingPathComponent("zz-pipe.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let environment = ["SPACERT_BANKS": fixture.directory, "SPACERT_DB": fixture.store.path]
        let lint = try runSpacert(["lint"], environment: environment)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("not a regular file"), "\(lint.stdout)\(lint.stderr)")
        let direct = try runSpacert(["lint", fifo], environment: environment)
        #expect(direct.status != 0 && (direct.stdout + direct.stderr).contains("not a regular file"))
    }

    @Test("a DOCTYPE after the first 64 KiB, or in UTF-16, gets spacert's own message and nothing raw")
    func doctype() throws {
        let fixture = try ExamFixture()
        let padding = String(repeating: "<!-- padding padding padding padding -->\n", count: 2_000)
        let late =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + padding
            + "<!DOCTYPE bank [<!ENTITY x \"y\">]>\n<bank/>\n"
        try fixture.banks.write("late.xml", late)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE bank [<!ENTITY x \"y\">]>\n<bank/>\n"
                .data(using: .utf16LittleEndian)!)
        _ = try fixture.banks.write("wide.xml", utf16)
        let run = try runSpacert(["lint"], environment: ["SPACERT_BANKS": fixture.directory])
        #expect(run.status == 1)
        let doctypes = run.stdout.components(separatedBy: "a DOCTYPE is not allowed").count - 1
        #expect(doctypes == 2, "\(run.stdout)")
        #expect(run.stdout.contains("late.xml:\(2_002):1:"), "\(run.stdout)")
        #expect(!run.stderr.contains("xmlschemas.c") && !run.stderr.contains("Unimplemented"))
    }

    @Test("SPACERT_NOW must be a real instant from 1970 to 9999 with a sane offset")
    func spacertNow() throws {
        let bad = [
            "300000-01-01T00:00:00Z", "2026-02-30T09:00:00Z", "2026-01-05T09:00:00Z trailing",
            "2026-01-05T09:00:00+25:00", "0000-01-01T00:00:00Z", "2026-01-05T09:00:00",
            "1969-12-31T23:59:59Z",
            "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        ]
        for value in bad {
            #expect(ISO8601.parseStrict(value) == nil, "\(value)")
            let run = try runSpacert(
                ["trainee", "list"], environment: ["SPACERT_NOW": value, "SPACERT_DB": "/nonexistent/x"])
            #expect(run.status == 2 || !run.stderr.isEmpty)
        }
        let good = [
            "2026-01-05T09:00:00Z", "2028-02-29T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
            "2026-01-05T09:00:00.250+05:30", "1970-01-01T00:00:00Z",
        ]
        for value in good { #expect(ISO8601.parseStrict(value) != nil, "\(value)") }
        let scratch = try StoreScratch()
        let run = try runSpacert(
            ["trainee", "add", "Zed"],
            environment: ["SPACERT_NOW": "300000-01-01T00:00:00Z", "SPACERT_DB": scratch.path()])
        #expect(run.status == 2)
        #expect(run.stderr.contains("expected a real date and time from 1970 to 9999"))
    }
}
