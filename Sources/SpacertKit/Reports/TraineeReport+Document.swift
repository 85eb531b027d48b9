extension TraineeReport {
    /// The report laid out for the text, Markdown and HTML formats.
    public var document: ReportDocument {
        ReportDocument(
            title: "Trainee report: \(trainee)",
            subtitle: (spa.map { [$0] } ?? []) + [
                "\(policyTitle) (\(policyID))", "As of \(ReportNumber.time(generated))",
            ],
            sections: [
                certificationSection, attemptsSection, areasSection, missedSection, practiceSection,
                grantsSection,
            ])
    }

    private var certificationSection: ReportSection {
        var facts = [ReportFact("Status", certification.status.title, tone: certification.status.tone)]
        if let earned = certification.certifiedOn, let attempt = certification.attemptID {
            if certification.status == .awaitingCertificate {
                facts.append(
                    ReportFact(
                        "Passed on",
                        "\(ReportNumber.day(earned)) (attempt \(attempt)); the certificate is issued at the "
                            + "manager's desk ('spacert certificate issue')"))
            } else {
                facts.append(ReportFact("Certified on", "\(ReportNumber.day(earned)) (attempt \(attempt))"))
            }
            facts.append(ReportFact("Expires", certification.expiryText, tone: certification.status.tone))
        }
        let counted = attempts.filter { $0.ending != .voided }
        facts.append(
            ReportFact(
                "Attempts",
                "\(counted.count)"
                    + (counted.count == attempts.count
                        ? "" : " (and \(attempts.count - counted.count) voided)")))
        if let readiness {
            facts.append(
                ReportFact(
                    "Ready for the exam", readiness == "ready" ? "yes" : "not yet: \(readiness)",
                    tone: ready == true ? .good : .warning))
        }
        return ReportSection("Certification", [.facts(facts)])
    }

    private var grantsSection: ReportSection {
        let rows = grants.map { grant -> [ReportCell] in
            [ReportCell(ReportNumber.time(grant.at)), ReportCell(grant.effects), ReportCell(grant.note)]
        }
        return ReportSection(
            "Grants",
            [
                .table(
                    ReportTable(
                        columns: [
                            .init("Given", nowrap: true), .init("What it does", textWidth: 40),
                            .init("Note", textWidth: 40),
                        ], rows: rows, empty: "no grants: the policy's attempts and wait apply"))
            ])
    }

    private var attemptsSection: ReportSection {
        let rows = attempts.enumerated().map { index, attempt -> [ReportCell] in
            let result: ReportCell =
                attempt.ending == .voided
                ? ReportCell("voided", tone: .muted)
                : attempt.passed ? ReportCell("passed", tone: .good) : ReportCell("failed", tone: .bad)
            return [
                ReportCell("\(index + 1)"), ReportCell(ReportNumber.time(attempt.finished)),
                ReportCell(ReportNumber.percent(fraction: attempt.score)), result,
                ReportCell(attempt.ending.rawValue), ReportCell(attempt.reasons.joined(separator: "; ")),
            ]
        }
        let table = ReportTable(
            columns: [
                .init("#", numeric: true), .init("Finished", nowrap: true), .init("Score", numeric: true),
                .init("Result", nowrap: true), .init("Ended", nowrap: true), .init("Reasons", textWidth: 60),
            ], rows: rows, empty: "no exam attempts yet")
        return ReportSection("Attempts", [.table(table)])
    }

    private var areasSection: ReportSection {
        guard let latest = attempts.first(where: { $0.attemptID == latestAttemptID }) else {
            return ReportSection("Scores by area", [.paragraph("No exam attempt yet.")])
        }
        let bars = areas.map { area in
            ReportChart.Bar(
                area.title, value: area.score.map { $0 * 100 },
                valueText: ReportNumber.percent(fraction: area.score), marker: area.minimum * 100,
                tone: area.score == nil ? .muted : area.below ? .bad : .good)
        }
        return ReportSection(
            "Scores by area",
            [
                .chart(
                    ReportChart(
                        title:
                            "Latest attempt, \(ReportNumber.day(latest.finished)), against each area's minimum",
                        bars: bars, maximum: 100, markerLabel: "minimum", labelTitle: "Area",
                        valueTitle: "Score"))
            ])
    }

    private var missedSection: ReportSection {
        guard latestAttemptID != nil else {
            return ReportSection("Missed in the latest attempt", [.paragraph("No exam attempt yet.")])
        }
        guard !missed.isEmpty else {
            return ReportSection(
                "Missed in the latest attempt", [.paragraph("Nothing: every question was answered right.")])
        }
        let entries = missed.map { item in
            var title = "Question \(item.position): \(item.questionID) (\(item.category.title.lowercased()))"
            if item.critical { title += ", critical" }
            var details: [ReportFact] = []
            if let prompt = item.prompt { details.append(ReportFact("Question", prompt)) }
            details.append(
                ReportFact(
                    "Answered", item.unanswered ? "left unanswered" : item.given ?? "(not known)",
                    tone: .bad))
            if item.score > 0 {
                details.append(ReportFact("Credit", ReportNumber.percent(fraction: item.score)))
            }
            if let right = item.rightAnswer { details.append(ReportFact("Right answer", right, tone: .good)) }
            if let explanation = item.explanation { details.append(ReportFact("Why", explanation)) }
            if let location = item.location {
                details.append(ReportFact("Written at", location, tone: .muted))
            } else {
                details.append(
                    ReportFact(
                        "Note", "the banks no longer hold this question at revision \(item.rev)", tone: .muted
                    ))
            }
            return ReportEntry(title, tone: item.critical ? .bad : nil, details: details)
        }
        return ReportSection("Missed in the latest attempt", [.entries(entries)])
    }

    private var practiceSection: ReportSection {
        ReportSection("Practice", [.facts(practice.facts)])
    }
}

extension PracticeFigures {
    /// The figures as labelled facts.
    var facts: [ReportFact] {
        var facts = [
            ReportFact("Answers", "\(reviews) (\(reviewsLast30Days) in the last 30 days)"),
            ReportFact(
                "Retention",
                retention.map {
                    "\(ReportNumber.percent(fraction: $0)) of \(practiceReviews) practice answers right"
                }
                    ?? ReportNumber.notAvailable),
            ReportFact("Last practised", lastPractised.map(ReportNumber.time) ?? "never"),
            ReportFact("Due now", "\(dueNow)", tone: dueNow > 0 ? .warning : nil),
            ReportFact("Due in the next 7 days", "\(dueNext7Days)"),
        ]
        if let recalled = criticalRecalled, let total = criticalTotal {
            facts.append(
                ReportFact(
                    "Critical questions recalled", "\(recalled) of \(total)",
                    tone: recalled == total ? .good : .warning))
        }
        return facts
    }
}
