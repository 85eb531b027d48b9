import Foundation

/// Grades an exam under the certification policy: each question is worth one mark, earned in
/// full or in part by the policy's credit rules; an area's score and the overall score are marks
/// over questions. It passes when every rule holds, and says in words every rule that did not.
public struct ExamGrader: Sendable {
    public let policy: CertificationPolicy
    /// Tolerance for "exactly at the mark passes" with sums of fractions.
    static let tolerance = 1e-9

    public init(policy: CertificationPolicy) {
        self.policy = policy
    }

    /// The credit an answer earns under the policy: a question type with the all-or-nothing
    /// rule earns 1 only when fully right.
    public func credit(type: QuestionType, rawScore: Double, correct: Bool) -> Double {
        if correct { return 1 }
        switch policy.partialCredit[type] ?? .allOrNothing {
        case .proportional: return type == .single || type == .truefalse ? 0 : min(1, max(0, rawScore))
        case .allOrNothing: return 0
        }
    }

    /// Grades the attempt `start` with its latest answers (one per position); `prompts` gives
    /// question texts for the reasons, by question id.
    public func grade(
        start: ExamStart, answers: [ExamAnswerRecord], prompts: [String: String], finished: Date,
        ending: ExamEnding
    ) -> ExamResult {
        var latest: [Int: ExamAnswerRecord] = [:]
        for answer in answers { latest[answer.position] = answer }
        let items = start.questions.enumerated().map { offset, drawn in
            let position = offset + 1
            let given = latest[position]
            return GradedItem(
                position: position, questionID: drawn.questionID, rev: drawn.rev, category: drawn.category,
                type: drawn.type, critical: drawn.critical, answer: given?.answer,
                picked: given?.picked ?? [],
                score: given.map { credit(type: drawn.type, rawScore: $0.rawScore, correct: $0.correct) }
                    ?? 0,
                correct: given?.correct ?? false)
        }
        let total = items.reduce(0) { $0 + $1.score }
        let score = items.isEmpty ? 0 : total / Double(items.count)
        var categories: [String: Double] = [:]
        var reasons: [String] = []
        if score + Self.tolerance < policy.passMark {
            reasons.append(
                "overall score \(Self.percent(score)) is below the pass mark of \(Self.percent(policy.passMark))"
            )
        }
        for area in policy.areas {
            let inArea = items.filter { $0.category == area.category }
            guard !inArea.isEmpty else { continue }
            let marks = inArea.reduce(0) { $0 + $1.score }
            let areaScore = marks / Double(inArea.count)
            categories[area.category.rawValue] = areaScore
            if areaScore + Self.tolerance < area.minimum {
                reasons.append(
                    "\(area.category.title.lowercased()) scored \(Self.percent(areaScore)) "
                        + "(\(Self.marks(marks)) of \(inArea.count)), below the area minimum of "
                        + "\(Self.percent(area.minimum))")
            }
        }
        if policy.allCritical {
            for item in items where item.critical && !item.correct {
                let prompt = prompts[item.questionID].map { ": \(Self.excerpt($0))" } ?? ""
                let verb =
                    item.answer == nil
                    ? "left critical question \(item.questionID) unanswered"
                    : "missed critical question \(item.questionID)"
                reasons.append(verb + prompt)
            }
        }
        let unanswered = items.filter { $0.answer == nil }.count
        if ending == .timedOut && unanswered > 0 && !reasons.isEmpty {
            reasons.append(
                "time ran out with \(unanswered) question\(unanswered == 1 ? "" : "s") unanswered")
        }
        return ExamResult(
            attemptID: start.attemptID, traineeID: start.traineeID, trainee: start.trainee,
            started: start.started,
            finished: finished, ending: ending, passed: reasons.isEmpty, score: score, categories: categories,
            reasons: reasons, items: items, policyID: start.policyID, policyHash: start.policyHash,
            banksHash: start.banksHash)
    }

    /// `87%`, `73.3%`.
    public static func percent(_ value: Double) -> String {
        let tenths = (value * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
    }

    /// `4`, `4.5`.
    static func marks(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return hundredths == hundredths.rounded() ? "\(Int(hundredths))" : "\(hundredths)"
    }

    /// The prompt's first words, quoted, on one line.
    static func excerpt(_ prompt: String, limit: Int = 70) -> String {
        let flat = prompt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return "\u{201C}" + (flat.count > limit ? String(flat.prefix(limit - 1)) + "\u{2026}" : flat)
            + "\u{201D}"
    }
}
