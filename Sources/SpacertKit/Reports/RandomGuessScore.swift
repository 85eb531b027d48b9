/// The score a trainee would earn on average by guessing, from 0 to 1 (Moodle's random guess
/// score), under the policy's credit rules.
///
/// - single: the mean of the choices' fractions (1 for a right choice, 0 otherwise), as Moodle;
/// - true/false: one half;
/// - multiple: the mean score over every non-empty set of choices, each equally likely (Moodle
///   leaves this out; spacert's graders accept any non-empty set, so this is what guessing earns);
/// - order and match: a random arrangement puts one step or pair right on average, so 1/n with
///   proportional credit, 1/n! with all-or-nothing.
public enum RandomGuessScore {
    /// The most choices a multiple-choice question may have for the score to be worked out
    /// (the sets are counted one by one).
    static let maximumMultipleChoices = 16

    /// The random guess score of `question` under `policy`, or nil when it cannot be known.
    public static func of(_ question: Question, policy: CertificationPolicy) -> Double? {
        let rule = policy.partialCredit[question.type] ?? .allOrNothing
        switch question.body {
        case .trueFalse:
            return 0.5
        case .choices(let choices) where question.type == .single:
            guard !choices.isEmpty else { return nil }
            return Double(choices.count { $0.correct }) / Double(choices.count)
        case .choices(let choices):
            return multiple(correct: choices.map(\.correct), rule: rule)
        case .order(let steps):
            return arrangement(count: steps.count, rule: rule)
        case .match(let pairs):
            return arrangement(count: pairs.count, rule: rule)
        }
    }

    /// Mean score over every non-empty subset of choices: right picks minus wrong picks over the
    /// right choices, at least 0 (proportional), or 1 only for exactly the right set.
    static func multiple(correct: [Bool], rule: CertificationPolicy.CreditRule) -> Double? {
        let n = correct.count
        let right = correct.count { $0 }
        guard n > 0, n <= maximumMultipleChoices, right > 0 else { return nil }
        var rightMask = 0
        for (index, isRight) in correct.enumerated() where isRight { rightMask |= 1 << index }
        var total = 0.0
        for mask in 1..<(1 << n) {
            let hits = (mask & rightMask).nonzeroBitCount
            let misses = mask.nonzeroBitCount - hits
            switch rule {
            case .proportional: total += max(0, Double(hits - misses) / Double(right))
            case .allOrNothing: total += mask == rightMask ? 1 : 0
            }
        }
        return total / Double((1 << n) - 1)
    }

    /// A random arrangement of `count` items: on average one in the right place.
    static func arrangement(count: Int, rule: CertificationPolicy.CreditRule) -> Double? {
        guard count > 0 else { return nil }
        switch rule {
        case .proportional: return 1 / Double(count)
        case .allOrNothing: return 1 / (1...count).reduce(1.0) { $0 * Double($1) }
        }
    }
}
