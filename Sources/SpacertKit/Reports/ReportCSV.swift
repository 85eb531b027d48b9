extension TraineeReport {
    /// One record per attempt: when, how it ended, the score and each area's score (percent),
    /// and the reasons.
    public var csv: CSVTable {
        let areaNames = areas.isEmpty ? Category.allCases.map(\.rawValue) : areas.map(\.category.rawValue)
        return CSVTable(
            header: ["trainee", "attempt", "started", "finished", "ending", "passed", "score_pct"]
                + areaNames.map { "\($0)_pct" } + ["reasons"],
            rows: attempts.map { attempt in
                [
                    .text(trainee), .text(attempt.attemptID), .text(ReportNumber.iso(attempt.started)),
                    .text(ReportNumber.iso(attempt.finished)), .text(attempt.ending.rawValue),
                    .text(attempt.passed ? "yes" : "no"), .number(attempt.score * 100),
                ] + areaNames.map { .number(attempt.categories[$0].map { $0 * 100 }) }
                    + [.text(attempt.reasons.joined(separator: "; "))]
            })
    }
}

extension CohortReport {
    /// One record per trainee: status, certificate, latest attempt and practice.
    public var csv: CSVTable {
        CSVTable(
            header: [
                "trainee", "archived", "status", "certified_on", "expires", "days_to_expiry", "attempts",
                "latest_attempt", "latest_score_pct", "latest_passed", "answers", "answers_30d",
                "retention_pct",
                "last_practised", "due_now", "due_7d", "critical_recalled", "critical_total", "result",
                "reason", "ready", "readiness",
            ] + areas.map { "\($0.category.rawValue)_pct" },
            rows: trainees.map { row in
                let practice = row.practice
                return [
                    .text(row.name), .text(row.archived ? "yes" : "no"),
                    .text(row.certification.status.rawValue),
                    .text(row.certification.certifiedOn.map(ReportNumber.iso) ?? ""),
                    .text(row.certification.expires.map(ReportNumber.iso) ?? ""),
                    .integer(row.certification.daysToExpiry), .integer(row.attempts),
                    .text(row.latestAttempt.map(ReportNumber.iso) ?? ""),
                    .number(row.latestScore.map { $0 * 100 }),
                    .text(row.latestPassed.map { $0 ? "yes" : "no" } ?? ""), .integer(practice.reviews),
                    .integer(practice.reviewsLast30Days), .number(practice.retention.map { $0 * 100 }),
                    .text(practice.lastPractised.map(ReportNumber.iso) ?? ""), .integer(practice.dueNow),
                    .integer(practice.dueNext7Days), .integer(practice.criticalRecalled),
                    .integer(practice.criticalTotal), .text(row.result), .text(row.reason ?? ""),
                    .text(row.ready.map { $0 ? "yes" : "no" } ?? ""), .text(row.readiness ?? ""),
                ] + areas.map { .number(row.areaScores[$0.category.rawValue].map { $0 * 100 }) }
            })
    }
}

extension ItemsReport {
    /// One record per question and exam form: the statistics (percent) and the checks.
    public var csv: CSVTable {
        CSVTable(
            header: [
                "policy", "exam_questions", "question", "rev", "area", "type", "critical", "attempts",
                "facility_pct", "sd_pct", "random_guess_pct", "intended_weight_pct", "effective_weight_pct",
                "discrimination_index_pct", "discriminative_efficiency_pct", "checks", "location", "prompt",
            ],
            rows: exams.flatMap { exam in
                exam.questions.map { question in
                    [
                        .text(exam.policyID), .integer(exam.questionsPerAttempt), .text(question.questionID),
                        .integer(question.rev), .text(question.category.rawValue),
                        .text(question.type.rawValue),
                        .text(question.critical ? "yes" : "no"), .integer(question.attempts),
                        .number(question.facility), .number(question.standardDeviation),
                        .number(question.randomGuessScore), .number(question.intendedWeight),
                        .number(question.effectiveWeight), .number(question.discriminationIndex),
                        .number(question.discriminativeEfficiency),
                        .text(question.checks.map(\.message).joined(separator: "; ")),
                        .text(question.location ?? ""), .text(question.prompt ?? ""),
                    ]
                }
            })
    }
}

extension ItemsReport {
    /// The distractor table, one record per choice (numbered in written order, as the report
    /// shows them) of each question and exam form, and one for no answer: picks
    /// overall and by the top and bottom third (written as its own CSV file).
    public var distractorCSV: CSVTable {
        CSVTable(
            header: [
                "policy", "exam_questions", "question", "rev", "choice", "correct", "text", "picked",
                "top_third",
                "bottom_third", "group_size",
            ],
            rows: exams.flatMap { exam in
                exam.questions.flatMap { question -> [[CSVTable.Field]] in
                    guard let table = question.distractors else { return [] }
                    let start: [CSVTable.Field] = [
                        .text(exam.policyID), .integer(exam.questionsPerAttempt), .text(question.questionID),
                        .integer(question.rev),
                    ]
                    let choices = table.rows.map { row -> [CSVTable.Field] in
                        start + [
                            .integer(row.index + 1),
                            .text(row.correct.map { $0 ? "yes" : "no" } ?? ""), .text(row.text ?? ""),
                            .integer(row.picked), .integer(row.top), .integer(row.bottom),
                            .integer(table.groupSize),
                        ]
                    }
                    let unanswered =
                        start + [
                            .integer(nil), .text(""), .text("(no answer)"), .integer(table.unanswered),
                            .integer(table.unansweredTop), .integer(table.unansweredBottom),
                            .integer(table.groupSize),
                        ]
                    return choices + [unanswered]
                }
            })
    }
}
