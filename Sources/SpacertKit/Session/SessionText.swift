import Foundation
import SpacertTerminal

/// The words a session shows people, shared by the plain line mode and the terminal screen.
public enum SessionText {
    /// The question: area, scenario, prompt, and its keyed items.
    public static func question(_ presented: PresentedQuestion) -> [String] {
        let question = presented.question
        var lines: [String] = []
        if let scenario = question.scenario { lines.append(sanitize(scenario)) }
        lines.append(sanitize(question.prompt))
        switch question.type {
        case .match:
            for item in presented.left { lines.append("  \(item.key)) \(sanitize(item.text))") }
            lines.append("")
            for item in presented.right { lines.append("  \(item.key)) \(sanitize(item.text))") }
        default:
            for item in presented.items { lines.append("  \(item.key)) \(sanitize(item.text))") }
        }
        return lines
    }

    /// The heading of a question: its area, kind and whether it is a safety question.
    public static func heading(_ presented: PresentedQuestion, kind: PracticeItem.Kind?) -> String {
        let question = presented.question
        var parts = [question.category.title, question.type.label]
        if let kind { parts.append(kind.rawValue) }
        if question.critical { parts.append("SAFETY") }
        return parts.joined(separator: " · ")
    }

    /// The feedback lines after an answer.
    public static func feedback(_ feedback: Feedback) -> (verdict: String, lines: [String]) {
        let question = feedback.presented.question
        let verdict: String
        if feedback.graded.correct {
            verdict = "Correct"
        } else if feedback.graded.score > 0 {
            verdict = "Partly right: \(Int((feedback.graded.score * 100).rounded()))%"
        } else {
            verdict = "Incorrect"
        }
        var lines = ["Answer: " + describe(feedback.expected, in: feedback.presented)]
        if !feedback.graded.correct {
            lines.append("You gave: " + describe(feedback.given, in: feedback.presented))
        }
        lines.append(sanitize(question.explanation))
        lines.append(
            "Source: " + sanitize(question.source.label)
                + (question.source.url.map { " <\(sanitize($0))>" } ?? ""))
        return (verdict, lines)
    }

    /// An answer in words: `b) Refer her to her doctor`, or the order or pairs spelled out.
    public static func describe(_ answer: Answer, in presented: PresentedQuestion) -> String {
        switch answer {
        case .keys(let keys):
            let texts = keys.map { key in
                "\(key)) " + sanitize(presented.items.first { $0.key == key }?.text ?? "?")
            }
            return presented.question.type == .order
                ? texts.joined(separator: " → ") : texts.joined(separator: "; ")
        case .pairs(let pairs):
            return presented.left.map { item in
                let right = pairs[item.key].flatMap { key in presented.right.first { $0.key == key } }
                let text = right.map { "\($0.key)) \(sanitize($0.text))" } ?? "?"
                return "\(item.key)) \(sanitize(item.text)) → \(text)"
            }.joined(separator: "; ")
        }
    }

    /// The end-of-session summary.
    public static func summary(_ summary: SessionSummary) -> [String] {
        var lines = [
            "Session done: \(summary.tally.answered) answered, \(summary.tally.correct) right"
                + (summary.tally.answered > 0 ? String(format: " (%.0f%%)", summary.percentCorrect) : "")
                + ", " + duration(summary.elapsed)
        ]
        for category in Category.allCases {
            guard let entry = summary.tally.byCategory[category] else { continue }
            lines.append("  \(category.title): \(entry.correct)/\(entry.answered)")
        }
        lines.append("Due tomorrow: \(summary.dueTomorrow); this week: \(summary.dueThisWeek)")
        return lines
    }

    /// `4m 05s`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded()))
        return total >= 60 ? String(format: "%dm %02ds", total / 60, total % 60) : "\(total)s"
    }
}

extension QuestionType {
    /// A label for people.
    public var label: String {
        switch self {
        case .single: return "one answer"
        case .multiple: return "select all that apply"
        case .truefalse: return "true or false"
        case .order: return "put in order"
        case .match: return "match"
        }
    }
}
