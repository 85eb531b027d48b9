import SpacertKit
import SpacertTerminal

/// How a question and the picks on it look on a terminal screen: shared by the practice quiz
/// and the exam, so a trainee answers both the same way.
public enum QuestionView {
    /// The scenario, the prompt (bold), and the items, wrapped to `width`: choices and
    /// steps with their marks (`(•)`, `[x]`, `(2)`) and `›` at the cursor; a match's left items
    /// with the pairs picked (`→ b`), then its right items.
    public static func lines(
        _ presented: PresentedQuestion, picker: AnswerPicker, style: Style, width: Int
    ) -> [String] {
        layout(presented, picker: picker, style: style, width: width).lines
    }

    /// The lines of ``lines(_:picker:style:width:)``, and the line each item starts on by its
    /// key (a match's digits and letters both), for keeping a pick in sight.
    public static func layout(
        _ presented: PresentedQuestion, picker: AnswerPicker, style: Style, width: Int
    ) -> (lines: [String], rows: [String: Int]) {
        let question = presented.question
        var lines: [String] = []
        var rows: [String: Int] = [:]
        if let scenario = question.scenario {
            lines += wrap(sanitize(scenario), width: width)
            lines.append("")
        }
        lines += wrap(sanitize(question.prompt), width: width).map { style.bold($0) }
        lines.append("")
        switch question.type {
        case .match:
            let paired = picker.pairedRight
            for item in presented.left {
                let mark =
                    paired[item.key].map { " → \($0)" } ?? (picker.pendingLeft == item.key ? " → _" : "")
                rows[item.key] = lines.count
                lines += wrap(
                    "\(item.key)) \(sanitize(item.text))\(mark)", width: width, indent: "  ",
                    hangingIndent: "     ")
            }
            lines.append("")
            for item in presented.right {
                rows[item.key] = lines.count
                lines += wrap(
                    "\(item.key)) \(sanitize(item.text))", width: width, indent: "  ", hangingIndent: "     ")
            }
        default:
            for (index, item) in presented.items.enumerated() {
                let selected = picker.picked.contains(item.key)
                let marker: String
                switch question.type {
                case .multiple: marker = selected ? "[x]" : "[ ]"
                case .order: marker = picker.picked.firstIndex(of: item.key).map { "(\($0 + 1))" } ?? "( )"
                default: marker = selected ? "(•)" : "( )"
                }
                let pointer = index == picker.cursor ? "›" : " "
                var text = wrap("\(item.key)) \(sanitize(item.text))", width: width - 6)
                if text.isEmpty { text = [""] }
                let first = "\(pointer)\(marker) \(text[0])"
                rows[item.key] = lines.count
                lines.append(selected ? style.bold(first) : first)
                lines += text.dropFirst().map { "      " + $0 }
            }
        }
        return (lines, rows)
    }

    /// The key of the item to keep in sight after a pick: the highlighted choice, the step
    /// just placed, or the match item the next letter pairs (else the last paired).
    public static func focusKey(_ picker: AnswerPicker) -> String? {
        switch picker.type {
        case .match:
            let paired = Set(picker.pairs.map(\.left))
            return picker.pendingLeft ?? picker.leftKeys.first { !paired.contains($0) }
                ?? picker.pairs.last?.left
        case .order:
            return picker.picked.last ?? picker.itemKeys.first
        default:
            return picker.itemKeys.indices.contains(picker.cursor) ? picker.itemKeys[picker.cursor] : nil
        }
    }

    /// The picks in a line: `Selected: a c`, `Your order: c → a`, `Your pairs: 1b 2a`, with a
    /// hint on how to pick while nothing is picked.
    public static func picksLine(_ picker: AnswerPicker) -> String {
        switch picker.type {
        case .order:
            return "Your order: "
                + (picker.picked.isEmpty
                    ? "(type the letters, first step first)" : picker.picked.joined(separator: " → "))
        case .match:
            let done = picker.pairs.map { "\($0.left)\($0.right)" }.joined(separator: " ")
            return "Your pairs: "
                + (done.isEmpty
                    ? "(press a letter for item 1, then for item 2…, or a number then a letter)" : done)
        case .multiple:
            return "Selected: "
                + (picker.picked.isEmpty ? "none" : picker.picked.sorted().joined(separator: " "))
        case .single, .truefalse:
            return "Selected: " + (picker.picked.first ?? "none")
        }
    }

    /// The keys that pick, for a footer: `a–d`, `t/f or a/b` for true or false, or `1–3 a–c`
    /// for a match.
    public static func pickingKeys(_ picker: AnswerPicker) -> String {
        switch picker.type {
        case .match: return "\(span(picker.leftKeys)) \(span(picker.rightKeys))"
        case .truefalse: return "t/f or \(picker.itemKeys.joined(separator: "/"))"
        default: return span(picker.itemKeys)
        }
    }

    /// `a–d` for a run of keys, `a` for one.
    static func span(_ keys: [String]) -> String {
        guard let first = keys.first, let last = keys.last else { return "" }
        return first == last ? first : "\(first)–\(last)"
    }

}
