import Foundation

extension ExamTranscript {
    /// Why `result` (the attempt's result as the ledger's reader gave it) does not follow from
    /// the attempt's own rows, or nil when it does: the start must be the policy's draw for its
    /// seed from these banks, each answer is graded again against its question as shown, and the
    /// grading under `policy` must give the same verdict and score.
    ///
    /// This is what the manager's desk checks before it certifies a pass recorded by a branch
    /// terminal: a terminal appends its own rows, so a result row alone proves nothing more than
    /// that it was appended. `content` is the hashes of the policy and bank files `questions` and
    /// `policy` were loaded from; an attempt drawn from other content cannot be graded again.
    public func regradeProblem(
        of result: ExamResult, policy: CertificationPolicy, content: ExamContent, questions: [Question]
    ) -> String? {
        guard result.attemptID == start.attemptID, result.traineeID == start.traineeID else {
            return "its result does not belong to its start (attempt or trainee differ)"
        }
        guard result.policyHash == start.policyHash, result.banksHash == start.banksHash,
            result.policyID == start.policyID
        else { return "its result names other content than its start" }
        guard start.policyHash == content.policy.sha256, start.banksHash == content.banksHash,
            start.policyID == policy.id
        else {
            return "it was drawn from other banks or another policy than those in the banks folder now "
                + "(policy \(start.policyHash.prefix(12))…, banks \(start.banksHash.prefix(12))…): put those "
                + "in place to check it and issue its certificate"
        }
        let drawn = ExamDraw.draw(policy: policy, from: questions, seed: start.seed)
        guard drawn.map(\.id) == start.questions.map(\.questionID),
            drawn.map(\.rev) == start.questions.map(\.rev)
        else { return "its questions are not the policy's draw for its seed" }
        guard presented.count == start.questions.count,
            presented.allSatisfy({ $0 != nil })
        else { return "its questions were not shown as the banks show them for its seed" }
        var regraded: [ExamAnswerRecord] = []
        for position in answers.keys.sorted() {
            let record = answers[position]!
            guard (1...presented.count).contains(position), let shown = presented[position - 1],
                record.questionID == shown.question.id
            else { return "answer \(position) is not for the question shown there" }
            guard record.answeredAt < start.deadline else {
                return "answer \(position) was recorded after the time limit"
            }
            guard shown.validate(record.answer) == nil else {
                return "answer \(position) is not a valid answer to its question"
            }
            let graded = shown.grade(record.answer)
            var again = record
            again.rawScore = graded.score
            again.correct = graded.correct
            again.picked = shown.picked(record.answer)
            regraded.append(again)
        }
        let again = ExamGrader(policy: policy).grade(
            start: start, answers: regraded, prompts: [:], finished: result.finished, ending: result.ending)
        guard again.passed == result.passed, abs(again.score - result.score) < 1e-9 else {
            return "graded again from its answers it "
                + (again.passed ? "passes" : "does not pass")
                + " with \(ExamGrader.percent(again.score)), not as its result says ("
                + (result.passed ? "passed" : "not passed") + " with \(ExamGrader.percent(result.score)))"
        }
        return nil
    }
}
