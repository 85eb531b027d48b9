extension CohortReport {
    /// The report laid out for the text, Markdown and HTML formats.
    public var document: ReportDocument {
        ReportDocument(
            title: "Cohort report",
            subtitle: (spa.map { [$0] } ?? []) + [
                "\(policyTitle) (\(policyID))", "As of \(ReportNumber.time(generated))",
            ],
            sections: [statusSection] + (branches.count > 1 ? [branchesSection] : []) + [
                traineesSection, practiceByTraineeSection, areasSection, missedSection,
                activitySection,
            ])
    }

    private var statusSection: ReportSection {
        let bars = statuses.map {
            ReportChart.Bar(
                $0.status.title, value: Double($0.count), valueText: "\($0.count)", tone: $0.status.tone)
        }
        let total = statuses.reduce(0) { $0 + $1.count }
        return ReportSection(
            "Status",
            [
                .chart(
                    ReportChart(
                        title: "\(total) trainee\(total == 1 ? "" : "s") by status", bars: bars,
                        maximum: Double(max(1, statuses.map(\.count).max() ?? 1)), labelTitle: "Status",
                        valueTitle: "Trainees")),
                .paragraph(
                    "Expiring: the certificate ends within \(warnDays) days. Awaiting certificate: passed, the "
                        + "certificate not issued yet. In training: has practised or sat the exam, not passed yet."
                ),
            ])
    }

    /// Shown when the trainees belong to more than one branch.
    private var branchesSection: ReportSection {
        let rows = branches.map { branch -> [ReportCell] in
            [
                ReportCell(branch.branch), ReportCell("\(branch.trainees)"),
                ReportCell("\(branch.certified)", tone: branch.certified > 0 ? .good : nil),
                ReportCell(
                    "\(branch.awaitingCertificate)", tone: branch.awaitingCertificate > 0 ? .warning : nil),
                ReportCell("\(branch.ready)"), ReportCell("\(branch.passed)"),
                ReportCell("\(branch.notPassed)", tone: branch.notPassed > 0 ? .bad : nil),
                ReportCell(branch.meanScore.map { ReportNumber.percent(fraction: $0) } ?? "\u{2013}"),
            ]
        }
        return ReportSection(
            "Branches",
            [
                .table(
                    ReportTable(
                        columns: [
                            .init("Branch", textWidth: 24), .init("Trainees", numeric: true),
                            .init("Certified", numeric: true), .init("Awaiting certificate", numeric: true),
                            .init("Ready", numeric: true),
                            .init("Passed", numeric: true), .init("Not passed", numeric: true),
                            .init("Mean latest score", numeric: true),
                        ], rows: rows, empty: "no branches")),
                .paragraph(
                    "Certified: expiring certificates included. Awaiting certificate: passed at a terminal "
                        + "without the spa's key; 'spacert certificate issue' at the manager's desk certifies it. "
                        + "Ready: may start an exam now. Passed and not passed: the latest attempt."),
            ])
    }

    private var traineesSection: ReportSection {
        let showBranch = branches.count > 1
        let rows = trainees.map { row -> [ReportCell] in
            let resultTone: ReportTone? =
                switch row.result {
                case "passed": .good
                case "not passed": .bad
                case "in progress": .warning
                default: .muted
                }
            return [ReportCell(row.name + (row.archived ? " (archived)" : ""))]
                + (showBranch ? [ReportCell(row.branch)] : []) + [
                    ReportCell(row.certification.status.title, tone: row.certification.status.tone),
                    ReportCell(
                        row.certification.expires.map(ReportNumber.day) ?? "\u{2013}",
                        tone: row.certification.status.tone),
                    ReportCell("\(row.attempts)"),
                    ReportCell(row.latestAttempt.map(ReportNumber.day) ?? "\u{2013}"),
                    ReportCell(
                        row.latestScore.map { ReportNumber.percent(fraction: $0) } ?? "\u{2013}",
                        tone: row.latestPassed.map { $0 ? .good : .bad }),
                    ReportCell(row.result, tone: resultTone),
                    ReportCell(row.reason ?? "\u{2013}", tone: row.reason == nil ? nil : .bad),
                    ReportCell(
                        row.readiness ?? "\u{2013}", tone: row.ready.map { $0 ? .good : .warning }),
                ]
        }
        let table = ReportTable(
            columns: [.init("Trainee", textWidth: 24)] + (showBranch ? [.init("Branch", textWidth: 16)] : [])
                + [
                    .init("Status", nowrap: true),
                    .init("Expires", nowrap: true),
                    .init("Attempts", numeric: true), .init("Latest", nowrap: true),
                    .init("Score", numeric: true),
                    .init("Result", nowrap: true), .init("Why not passed", textWidth: 40),
                    .init("Ready for the exam", textWidth: 40),
                ], rows: rows, empty: "no trainees")
        return ReportSection(
            "Trainees",
            [
                .table(table),
                .paragraph(
                    "Result: the latest attempt (in progress: started and not finished). Ready for the exam: "
                        + "whether 'spacert exam' would start now, else the first rule not met and what is left "
                        + "('spacert exam check' lists every rule)."),
            ])
    }

    private var practiceByTraineeSection: ReportSection {
        let categories = areas.map(\.category)
        let rows = trainees.map { row -> [ReportCell] in
            let practice = row.practice
            let critical = practice.criticalRecalled.flatMap { recalled in
                practice.criticalTotal.map {
                    ReportCell("\(recalled)/\($0)", tone: recalled == $0 ? .good : nil)
                }
            }
            let areaCells = categories.map { category -> ReportCell in
                let score = row.areaScores[category.rawValue]
                let minimum = areas.first { $0.category == category }?.minimum ?? 0
                return ReportCell(
                    ReportNumber.percent(fraction: score),
                    tone: score.map { $0 + 1e-9 < minimum ? .bad : nil } ?? .muted)
            }
            return [
                ReportCell(row.name + (row.archived ? " (archived)" : "")),
                ReportCell("\(practice.reviewsLast30Days)"),
                ReportCell(practice.retention.map { ReportNumber.percent(fraction: $0) } ?? "\u{2013}"),
                ReportCell(practice.lastPractised.map(ReportNumber.day) ?? "never"),
                ReportCell("\(practice.dueNow)"),
                critical ?? ReportCell("\u{2013}"),
            ] + areaCells
        }
        let table = ReportTable(
            columns: [
                .init("Trainee", textWidth: 24), .init("Answers 30 d", numeric: true),
                .init("Retention", numeric: true), .init("Last practised", nowrap: true),
                .init("Due", numeric: true), .init("Critical", numeric: true),
            ] + areas.map { ReportTable.Column($0.title, numeric: true) },
            rows: rows, empty: "no trainees")
        return ReportSection(
            "Practice and latest scores by area",
            [
                .table(table),
                .paragraph(
                    "Area columns: the trainee's latest attempt, red below the area's minimum; the Areas section "
                        + "gives the team's mean of these."),
            ])
    }

    private var areasSection: ReportSection {
        let bars = areas.map { area in
            ReportChart.Bar(
                area.title, value: area.meanScore.map { $0 * 100 },
                valueText: ReportNumber.percent(fraction: area.meanScore), marker: area.minimum * 100,
                tone: area.meanScore == nil ? .muted : area.weak ? .bad : .good)
        }
        let rows = areas.map { area -> [ReportCell] in
            [
                ReportCell(area.title),
                ReportCell(ReportNumber.percent(fraction: area.meanScore), tone: area.weak ? .bad : nil),
                ReportCell(ReportNumber.percent(fraction: area.minimum)),
                ReportCell("\(area.below) of \(area.trainees)", tone: area.below > 0 ? .warning : nil),
            ]
        }
        let weak = areas.filter(\.weak).map { $0.title.lowercased() }
        return ReportSection(
            "Areas",
            [
                .chart(
                    ReportChart(
                        title: "Mean score of each trainee's latest attempt, against the area's minimum",
                        bars: bars, maximum: 100, markerLabel: "minimum", labelTitle: "Area",
                        valueTitle: "Mean score")),
                .table(
                    ReportTable(
                        columns: [
                            .init("Area"), .init("Mean", numeric: true), .init("Minimum", numeric: true),
                            .init("Below minimum", numeric: true),
                        ],
                        rows: rows)),
                .paragraph(
                    weak.isEmpty
                        ? "No area's mean is below its minimum."
                        : "Weak: \(weak.joined(separator: ", ")) (the mean is below the minimum)."),
            ])
    }

    private var missedSection: ReportSection {
        let rows = mostMissed.map { question -> [ReportCell] in
            [
                ReportCell(
                    question.questionID + (question.critical ? " (critical)" : ""),
                    tone: question.critical ? .bad : nil),
                ReportCell(question.category.title), ReportCell("\(question.missed)"),
                ReportCell("\(question.asked)"),
                ReportCell(ReportNumber.percent(fraction: question.missRate)),
                ReportCell(question.prompt ?? "(no longer in the banks)"),
            ]
        }
        let table = ReportTable(
            columns: [
                .init("Question"), .init("Area"), .init("Missed", numeric: true),
                .init("Asked", numeric: true),
                .init("Rate", numeric: true), .init("Prompt", textWidth: 50),
            ], rows: rows, empty: "no question missed yet")
        return ReportSection("Most-missed questions", [.table(table)])
    }

    private var activitySection: ReportSection {
        var facts = [
            ReportFact(
                "Practised in the last 7 days", "\(activity.activeLast7Days) of \(trainees.count) trainees"),
            ReportFact(
                "Practised in the last 30 days", "\(activity.activeLast30Days) of \(trainees.count) trainees"),
            ReportFact("Answers in the last 30 days", "\(activity.reviewsLast30Days)"),
            ReportFact("Retention", ReportNumber.percent(fraction: activity.retention)),
            ReportFact("Due now", "\(activity.dueNow)"),
        ]
        if let ready = activity.criticalReady {
            facts.append(
                ReportFact("Recall every critical question", "\(ready) of \(trainees.count) trainees"))
        }
        return ReportSection("Practice activity", [.facts(facts)])
    }
}
