import Foundation
import SpacertTerminal

/// The words a session shows people, shared by the plain line mode and the terminal screen.
public enum SessionText {
    /// The key that flags a question for the editors, in practice and in the exam, on every
    /// front end: no answer uses it.
    public static let flagKey: Character = "!"

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

    /// The feedback after an answer: the verdict, and the lines that follow it (every choice
    /// marked against what was picked, the explanation and the source).
    public static func feedback(_ feedback: Feedback) -> (verdict: String, lines: [String]) {
        (verdict(feedback), marked(feedback).map { "\($0.mark.symbol) \($0.text)" } + closing(feedback))
    }

    /// Right or not, in words: `Correct`, `Partly right: 67%`, `Incorrect`.
    public static func verdict(_ feedback: Feedback) -> String {
        if feedback.graded.correct { return "Correct" }
        if feedback.graded.score > 0 {
            return "Partly right: \(Int((feedback.graded.score * 100).rounded()))%"
        }
        return "Incorrect"
    }

    /// How one line of the feedback is marked.
    public enum Mark: Sendable, Hashable {
        /// A right choice, a step in its right place, a pair matched right.
        case right
        /// A wrong pick, a step out of place, a pair matched wrong.
        case wrong
        /// A choice neither right nor picked.
        case neither

        /// `✓`, `✗` or `·`.
        public var symbol: String {
            switch self {
            case .right: return "✓"
            case .wrong: return "✗"
            case .neither: return "·"
            }
        }
    }

    /// Every choice, step or pair of the question, marked against what was given: choices
    /// with ✓ (right) or ✗ (picked but wrong) and which were picked; the steps in their right
    /// order with the place each was given; each pair of a match with the one given.
    public static func marked(_ feedback: Feedback) -> [(mark: Mark, text: String)] {
        let presented = feedback.presented
        switch (feedback.given, feedback.expected) {
        case (.keys(let given), .keys(let right)) where presented.question.type == .order:
            return right.enumerated().map { place, key in
                let text = sanitize(presented.items.first { $0.key == key }?.text ?? "?")
                let givenPlace = given.firstIndex(of: key).map { String($0 + 1) } ?? "none"
                let ok = given.indices.contains(place) && given[place] == key
                return (ok ? .right : .wrong, "\(place + 1). \(key)) \(text) (you: \(givenPlace))")
            }
        case (.keys(let given), .keys(let right)):
            let multiple = presented.question.type == .multiple
            return presented.items.map { item in
                let picked = given.contains(item.key)
                let isRight = right.contains(item.key)
                let text = "\(item.key)) \(sanitize(item.text))"
                let note = picked ? " (your pick)" : (isRight && multiple ? " (not picked)" : "")
                return (isRight ? .right : picked ? .wrong : .neither, text + note)
            }
        case (.pairs(let given), .pairs(let right)):
            func rightText(_ key: String?) -> String {
                guard let key, let item = presented.right.first(where: { $0.key == key }) else {
                    return "none"
                }
                return "\(item.key)) \(sanitize(item.text))"
            }
            return presented.left.map { item in
                let expected = right[item.key]
                let ok = given[item.key] == expected
                let text = "\(item.key)) \(sanitize(item.text)) → \(rightText(expected))"
                return (ok ? .right : .wrong, ok ? text : text + " (you: \(rightText(given[item.key])))")
            }
        default:
            return [(.neither, "Answer: " + describe(feedback.expected, in: presented))]
        }
    }

    /// The lines after the marked choices: the explanation and the source.
    public static func closing(_ feedback: Feedback) -> [String] {
        let question = feedback.presented.question
        return ["Why: " + sanitize(question.explanation), "Source: " + source(question.source)]
    }

    /// The source of a question for people: the section and the article's title (never a file
    /// name), or a web page's title and its address.
    public static func source(_ citation: Citation) -> String {
        sanitize(citation.label) + (citation.url.map { " <\(sanitize($0))>" } ?? "")
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
        if !summary.missed.isEmpty {
            lines.append("Missed, to look at again:")
            for miss in summary.missed {
                let times = miss.times > 1 ? " (\(miss.times) times)" : ""
                lines.append("  \(sanitize(miss.id))\(times): \(sanitize(miss.prompt))")
            }
        }
        lines.append(
            "Due later today: \(summary.dueLaterToday); tomorrow: \(summary.dueTomorrow); "
                + "next 7 days: \(summary.dueThisWeek) (spacert due shows each day)")
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
