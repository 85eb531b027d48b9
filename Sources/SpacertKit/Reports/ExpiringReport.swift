import Foundation

/// Certificates that lapse soon, for a manager's cron job: each therapist whose certificate
/// expires within the window (and those already lapsed), with the expiry and whether they
/// may sit the exam again now to renew.
public struct ExpiringReport: Sendable, Hashable, Encodable {
    /// One therapist.
    public struct Row: Sendable, Hashable, Encodable {
        public var name: String
        /// The certificate the latest pass earned, if its id is known.
        @Nullable public var certificateID: String? = nil
        public var certifiedOn: Date
        public var expires: Date
        /// Whole days from now to expiry (negative once lapsed).
        public var daysToExpiry: Int
        /// Expired already (before the report's time).
        public var lapsed: Bool
        /// May sit the exam now to renew; nil when not known.
        @Nullable public var ready: Bool? = nil
        /// `ready`, or the first rule not met with what is left.
        @Nullable public var readiness: String? = nil
    }

    public let version = 1
    public let report = "expiring"
    @Nullable public var spa: String? = nil
    public var generated: Date
    public var policyID: String
    public var policyTitle: String
    /// The window, in days from `generated`.
    public var withinDays: Int
    /// Renewal opens this many days before expiry (the policy's `warn-days`).
    public var warnDays: Int
    /// The end of the window.
    public var until: Date
    /// Soonest expiry first; lapsed ones before the rest.
    public var therapists: [Row]

    /// Therapists whose certificate lapses inside the window (not counting those lapsed before).
    public var lapsingInWindow: Int { therapists.count { !$0.lapsed } }

    /// The certificates of `input`'s trainees that expire before `withinDays` days from now.
    public init(input: ReportInput, withinDays: Int) {
        let policy = input.policy
        let now = input.now
        spa = policy.spa
        generated = now
        policyID = policy.id
        policyTitle = policy.title
        self.withinDays = withinDays
        warnDays = policy.warnDays
        until = now.addingTimeInterval(Double(withinDays) * 86_400)
        let until = self.until
        let byTrainee = Dictionary(grouping: input.results, by: \.traineeID)
        therapists = input.trainees.compactMap { trainee -> Row? in
            let results = byTrainee[trainee.id] ?? []
            let standing = CertificationStanding(
                results: results, practised: true, policy: policy, now: now)
            guard let expires = standing.expires, let certified = standing.certifiedOn, expires < until else {
                return nil
            }
            let readiness = input.readinessText(of: trainee.id)
            return Row(
                name: trainee.name,
                certificateID: results.first { $0.attemptID == standing.attemptID }?.certificateID,
                certifiedOn: certified, expires: expires, daysToExpiry: standing.daysToExpiry ?? 0,
                lapsed: expires <= now, ready: readiness?.ready, readiness: readiness?.text)
        }
        .sorted { ($0.expires, $0.name) < ($1.expires, $1.name) }
    }

    /// Parses a window: `60d` (days), `8w` (weeks) or a plain number of days, 1 to 3660 days.
    public static func days(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var digits = Substring(trimmed)
        var factor = 1
        if digits.hasSuffix("d") {
            digits = digits.dropLast()
        } else if digits.hasSuffix("w") {
            digits = digits.dropLast()
            factor = 7
        }
        guard let number = Int(digits), number >= 1, number * factor <= 3660 else {
            throw SpacertError.invalidInput(
                "--within is '\(text)'; give days or weeks like 60d or 8w (1 day to 10 years)")
        }
        return number * factor
    }
}

extension ExpiringReport {
    /// The report laid out for the text, Markdown and HTML formats.
    public var document: ReportDocument {
        let rows = therapists.map { row -> [ReportCell] in
            [
                ReportCell(row.name),
                ReportCell(ReportNumber.day(row.expires), tone: row.lapsed ? .bad : .warning),
                ReportCell(row.lapsed ? "lapsed \(-row.daysToExpiry) d ago" : "\(row.daysToExpiry)"),
                ReportCell(row.certificateID ?? "\u{2013}"),
                ReportCell(row.readiness ?? "\u{2013}", tone: row.ready.map { $0 ? .good : .warning }),
            ]
        }
        let summary =
            lapsingInWindow == 0
            ? "No certificate lapses by \(ReportNumber.day(until))."
            : "\(lapsingInWindow) certificate\(lapsingInWindow == 1 ? " lapses" : "s lapse") by "
                + "\(ReportNumber.day(until)). Renewal opens \(warnDaysText) before expiry; a therapist "
                + "ready to recertify may sit the exam now ('spacert exam check' lists every rule)."
        return ReportDocument(
            title: "Certificates expiring",
            subtitle: (spa.map { [$0] } ?? []) + [
                "\(policyTitle) (\(policyID))",
                "Within \(withinDays) days of \(ReportNumber.time(generated)), until \(ReportNumber.day(until))",
            ],
            sections: [
                ReportSection(
                    "Therapists",
                    [
                        .paragraph(summary),
                        .table(
                            ReportTable(
                                columns: [
                                    .init("Therapist", textWidth: 24), .init("Expires", nowrap: true),
                                    .init("Days left", nowrap: true), .init("Certificate", nowrap: true),
                                    .init("Ready to recertify", textWidth: 50),
                                ], rows: rows, empty: "nobody")),
                    ])
            ])
    }

    private var warnDaysText: String { "\(warnDays) day\(warnDays == 1 ? "" : "s")" }

    /// One record per therapist.
    public var csv: CSVTable {
        CSVTable(
            header: [
                "trainee", "certificate", "certified_on", "expires", "days_to_expiry", "lapsed", "ready",
                "readiness",
            ],
            rows: therapists.map { row in
                [
                    .text(row.name), .text(row.certificateID ?? ""), .text(ReportNumber.iso(row.certifiedOn)),
                    .text(ReportNumber.iso(row.expires)), .integer(row.daysToExpiry),
                    .text(row.lapsed ? "yes" : "no"), .text(row.ready.map { $0 ? "yes" : "no" } ?? ""),
                    .text(row.readiness ?? ""),
                ]
            })
    }
}

extension ExpiringReport: RenderableReport {
    /// `expiring`.
    public var fileStem: String { "expiring" }
}
