extension ItemsReport {
    /// The report laid out for the text, Markdown and HTML formats.
    public var document: ReportDocument {
        var sections = [
            ReportSection(
                "How to read it",
                [
                    .paragraph(
                        "Attempts counted: \(attempts.rawValue)\(attempts == .default ? " (each trainee's best, Moodle's default)" : ""); voided attempts never count. "
                            + "Each exam draws a subset of the banks, so every question's statistics are taken over the attempts that contained it; "
                            + "alpha and the other exam statistics take each position of the exam as one item, as Moodle does for its slots. "
                            + "Percentages throughout; n/a where a statistic is not defined (too few attempts, no spread)."
                    )
                ])
        ]
        if exams.isEmpty {
            sections.append(ReportSection("Exams", [.paragraph("No graded exam attempt yet.")]))
        }
        for exam in exams {
            sections += Self.sections(exam, several: exams.count > 1)
        }
        return ReportDocument(
            title: "Item analysis",
            subtitle: (spa.map { [$0] } ?? []) + [
                "\(policyTitle) (\(policyID))", "As of \(ReportNumber.time(generated))",
            ],
            sections: sections)
    }

    private static func sections(_ exam: ExamStatistics, several: Bool) -> [ReportSection] {
        let suffix = several ? " (\(exam.policyID), \(exam.questionsPerAttempt) questions)" : ""
        return [
            ReportSection("Exam" + suffix, [.facts(facts(exam))]),
            ReportSection("Questions" + suffix, [.table(questionTable(exam))]),
            ReportSection("Questions to check" + suffix, [checkEntries(exam)]),
            ReportSection("Distractors" + suffix, distractorBlocks(exam)),
        ]
    }

    private static func facts(_ exam: ExamStatistics) -> [ReportFact] {
        let alphaTone: ReportTone? = exam.cronbachAlpha.map { $0 > 75 ? .good : $0 < 64 ? .bad : .warning }
        let verdict =
            exam.cronbachAlpha.map { $0 > 75 ? " (satisfactory)" : $0 < 64 ? " (unsatisfactory)" : " (fair)" }
            ?? ""
        return [
            ReportFact("Policy", "\(exam.policyID), \(exam.questionsPerAttempt) questions of one mark each"),
            ReportFact(
                "Attempts counted",
                "\(exam.attempts) by \(exam.trainees) trainee\(exam.trainees == 1 ? "" : "s")"),
            ReportFact("Mean score", ReportNumber.percent(exam.meanScore)),
            ReportFact("Median score", ReportNumber.percent(exam.medianScore)),
            ReportFact("Standard deviation", ReportNumber.percent(exam.standardDeviation)),
            ReportFact("Skewness", ReportNumber.number(exam.skewness)),
            ReportFact("Kurtosis", ReportNumber.number(exam.kurtosis)),
            ReportFact(
                "Cronbach's alpha", ReportNumber.percent(exam.cronbachAlpha) + verdict, tone: alphaTone),
            ReportFact("Error ratio", ReportNumber.percent(exam.errorRatio)),
            ReportFact("Standard error", ReportNumber.percent(exam.standardError)),
        ]
    }

    private static func name(_ question: QuestionStatistics) -> String {
        question.rev > 1 ? "\(question.questionID) r\(question.rev)" : question.questionID
    }

    private static func questionTable(_ exam: ExamStatistics) -> ReportTable {
        let rows = exam.questions.map { question -> [ReportCell] in
            let kinds = Set(question.checks.map(\.kind))
            let flag = { (found: Set<ItemCheck.Kind>) -> ReportTone? in
                kinds.isDisjoint(with: found) ? nil : .bad
            }
            return [
                ReportCell(name(question) + (question.critical ? " (critical)" : "")),
                ReportCell(question.category.title), ReportCell(question.type.rawValue),
                ReportCell("\(question.attempts)"),
                ReportCell(
                    ReportNumber.percent(question.facility), tone: flag([.facilityHigh, .facilityLow])),
                ReportCell(ReportNumber.percent(question.standardDeviation)),
                ReportCell(ReportNumber.percent(question.randomGuessScore), tone: flag([.guessHigh])),
                ReportCell(ReportNumber.percent(question.intendedWeight)),
                ReportCell(ReportNumber.percent(question.effectiveWeight), tone: flag([.covarianceNegative])),
                ReportCell(
                    ReportNumber.percent(question.discriminationIndex),
                    tone: flag([.discriminationLow, .discriminationNegative])),
                ReportCell(
                    ReportNumber.percent(question.discriminativeEfficiency), tone: flag([.efficiencyLow])),
                ReportCell(
                    question.checks.isEmpty ? "" : "\(question.checks.count)",
                    tone: question.checks.isEmpty ? nil : .warning),
            ]
        }
        return ReportTable(
            columns: [
                .init("Question"), .init("Area"), .init("Type"), .init("Attempts", numeric: true),
                .init("Facility", numeric: true), .init("SD", numeric: true), .init("Guess", numeric: true),
                .init("Intended", numeric: true), .init("Effective", numeric: true),
                .init("Discrimination", numeric: true), .init("Efficiency", numeric: true),
                .init("Checks", numeric: true),
            ], rows: rows, empty: "no questions")
    }

    private static func checkEntries(_ exam: ExamStatistics) -> ReportBlock {
        let flagged = exam.questions.filter { !$0.checks.isEmpty || !$0.flaws.isEmpty }
        guard !flagged.isEmpty else { return .paragraph("No question needs checking.") }
        return .entries(
            flagged.map { question in
                var details = question.checks.map { ReportFact("Check", $0.message, tone: .warning) }
                // An item-writing flaw (spacert lint's quality rules) beside the figures it may
                // explain: a cue shows as high facility and low discrimination.
                details += question.flaws.map {
                    ReportFact("Item flaw", "\($0.message) [\($0.rule)]", tone: .warning)
                }
                if !question.flaws.isEmpty {
                    details.append(
                        ReportFact(
                            "Facility, discrimination",
                            "\(ReportNumber.percent(question.facility)), \(ReportNumber.percent(question.discriminationIndex))"
                        ))
                }
                if let prompt = question.prompt { details.insert(ReportFact("Question", prompt), at: 0) }
                if let source = question.source {
                    details.append(ReportFact("Source", source.label, link: source.url))
                }
                details.append(
                    ReportFact(
                        "Written at", question.location ?? "no longer in the banks at this revision",
                        tone: .muted))
                return ReportEntry(
                    "\(name(question)) (\(question.category.title.lowercased()), \(question.attempts) attempts)",
                    details: details)
            })
    }

    private static func distractorBlocks(_ exam: ExamStatistics) -> [ReportBlock] {
        var blocks: [ReportBlock] = [
            .paragraph(
                "For each choice question: how many attempts picked each choice, and how many of the top and bottom third by total score. "
                    + "A wrong choice no one picks distracts no one; one the top third picks more than the bottom third may be arguable."
            )
        ]
        let withTables = exam.questions.filter { $0.distractors != nil }
        if withTables.isEmpty { blocks.append(.paragraph("No choice question was asked.")) }
        for question in withTables {
            guard let table = question.distractors else { continue }
            var heading =
                "\(name(question)): \(question.attempts) attempt\(question.attempts == 1 ? "" : "s")"
            heading += table.groupSize > 0 ? ", thirds of \(table.groupSize)" : ", too few for thirds"
            if let prompt = question.prompt { heading += " \u{2014} " + prompt }
            blocks.append(.subheading(heading))
            let flagged = Set(question.checks.compactMap(\.choice))
            var rows = table.rows.map { row -> [ReportCell] in
                let third = { (count: Int) in table.groupSize > 0 ? "\(count)" : "\u{2013}" }
                return [
                    ReportCell("\(row.index + 1)"),
                    ReportCell(row.text ?? "(unknown)", tone: flagged.contains(row.index) ? .bad : nil),
                    ReportCell(
                        row.correct == true ? "right" : row.correct == false ? "" : "?",
                        tone: row.correct == true ? .good : nil),
                    ReportCell("\(row.picked)"), ReportCell(third(row.top)), ReportCell(third(row.bottom)),
                ]
            }
            if table.unanswered > 0 {
                let third = { (count: Int) in table.groupSize > 0 ? "\(count)" : "\u{2013}" }
                rows.append([
                    ReportCell("\u{2013}"), ReportCell("(no answer)", tone: .muted), "",
                    ReportCell("\(table.unanswered)"), ReportCell(third(table.unansweredTop)),
                    ReportCell(third(table.unansweredBottom)),
                ])
            }
            blocks.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("#", numeric: true), .init("Choice", textWidth: 50), .init("Key"),
                            .init("Picked", numeric: true), .init("Top third", numeric: true),
                            .init("Bottom third", numeric: true),
                        ], rows: rows)))
        }
        return blocks
    }
}
