import Foundation
import SpacertTerminal

/// An attempt read back from the ledger and shown again exactly: each question as it was
/// shown (same choices in the same order), the answer given, and how it was graded.
public struct ExamTranscript {
    public let start: ExamStart
    public let answers: [Int: ExamAnswerRecord]
    public let result: ExamResult?
    /// When the attempt's newest ledger row was written.
    public let lastRecorded: Date?
    /// Each question as shown, or nil when the banks no longer hold it at the same `rev`.
    public let presented: [PresentedQuestion?]

    /// Reads attempt `attemptID`; the questions are re-shown from `questions` with the
    /// attempt's seed, and checked against the order recorded. The result is read through the
    /// ledger's one reader, which checks it against the chain and checkpoints (`trust`); with
    /// `readingResult` false it is not read (a caller that has it already).
    public init(
        store: ProgressStore, attemptID: String, questions: [Question], trust: LedgerTrust = .chainOnly,
        readingResult: Bool = true
    ) throws {
        let entries = try store.ledger(attempt: attemptID)
        guard let first = entries.first(where: { $0.kind == .start }) else {
            throw SpacertError.invalidInput("no exam attempt '\(attemptID)' in \(store.path)")
        }
        let start = try ExamCoding.decode(ExamStart.self, from: first.body)
        self.start = start
        var latest: [Int: ExamAnswerRecord] = [:]
        for entry in entries where entry.kind == .answer {
            let record = try ExamCoding.decode(ExamAnswerRecord.self, from: entry.body)
            latest[record.position] = record
        }
        answers = latest
        lastRecorded = entries.last?.at
        result =
            readingResult && entries.contains { $0.kind == .result }
            ? try store.examResult(attempt: attemptID, trust: trust) : nil
        let byID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        presented = start.questions.map { drawn in
            guard let question = byID[drawn.questionID], question.rev == drawn.rev else { return nil }
            let shown = PresentedQuestion(
                question, seed: ExamDraw.presentationSeed(exam: start.seed, questionID: question.id))
            return shown.shownIndices == drawn.shown ? shown : nil
        }
    }

    /// The transcript as lines for people.
    public func lines() -> [String] {
        var lines = [
            "Exam \(start.attemptID) of \(sanitize(start.trainee)), started \(ISO8601.format(start.started)) "
                + "under policy \(start.policyID) (\(start.policyHash.prefix(12))…), banks \(start.banksHash.prefix(12))…"
        ]
        if let result {
            if result.recordAltered {
                lines.append(
                    "Record altered: not trusted (the ledger does not vouch for this result; see 'spacert audit')"
                )
            }
            lines.append(
                (result.passed ? "Passed" : "Not passed") + " with \(ExamGrader.percent(result.score)), "
                    + "\(result.ending.rawValue) at \(ISO8601.format(result.finished))"
                    + (result.certificateID.map { "; certificate \($0)" } ?? ""))
            result.reasons.forEach { lines.append("  - " + sanitize($0)) }
        } else {
            lines.append("Not finished; time runs out at \(ISO8601.format(start.deadline))")
        }
        for (offset, drawn) in start.questions.enumerated() {
            let position = offset + 1
            lines.append("")
            let item = result?.items[offset]
            let mark = item.map {
                $0.correct
                    ? "right" : $0.score > 0 ? "partly right (\(ExamGrader.percent($0.score)))" : "wrong"
            }
            lines.append(
                "[\(position)/\(start.questions.count)] \(drawn.questionID) rev \(drawn.rev) · "
                    + "\(drawn.category.title)\(drawn.critical ? " · SAFETY" : "")"
                    + (mark.map { " · \($0)" } ?? ""))
            guard let shown = presented[offset] else {
                lines.append(
                    "  (this question is no longer in the banks at rev \(drawn.rev); it cannot be shown again)"
                )
                if let given = answers[position] {
                    lines.append("  Given: " + ExamText.answerKeys(given.answer))
                }
                continue
            }
            SessionText.question(shown).forEach { lines.append($0) }
            lines.append(
                "Given: "
                    + (answers[position].map { SessionText.describe($0.answer, in: shown) } ?? "(no answer)"))
            lines.append("Answer: " + SessionText.describe(shown.expected, in: shown))
        }
        return lines
    }
}
