/// Reads an answer typed by a person: `b`; `a c` or `ac`; `cadb` for an order; `1b 2a 3c`
/// or `bac` (in left order) for a match.
public enum TypedAnswer {
    /// The answer `text` stands for, or nil when it cannot be read as one.
    public static func parse(_ text: String, for presented: PresentedQuestion) -> Answer? {
        let cleaned = text.lowercased().filter { !$0.isWhitespace && $0 != "," && $0 != "-" && $0 != ">" }
        guard !cleaned.isEmpty else { return nil }
        switch presented.question.type {
        case .truefalse where ["t", "true", "f", "false"].contains(cleaned):
            let text = cleaned.hasPrefix("t") ? "True" : "False"
            return presented.items.first { $0.text == text }.map { .keys([$0.key]) }
        case .single, .truefalse, .multiple, .order:
            guard cleaned.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
            return .keys(cleaned.map(String.init))
        case .match:
            var pairs: [String: String] = [:]
            if cleaned.allSatisfy({ $0.isLetter && $0.isASCII }) {
                guard cleaned.count == presented.left.count else { return nil }
                for (left, right) in zip(presented.left, cleaned) { pairs[left.key] = String(right) }
                return .pairs(pairs)
            }
            var characters = Array(cleaned)
            while characters.count >= 2 {
                guard characters[0].isNumber, characters[1].isLetter else { return nil }
                pairs[String(characters[0])] = String(characters[1])
                characters.removeFirst(2)
            }
            return characters.isEmpty ? .pairs(pairs) : nil
        }
    }

    /// The answer `text` stands for if it is a possible one, else the message to show.
    public static func read(_ text: String, for presented: PresentedQuestion) -> Result<Answer, Problem> {
        guard let answer = parse(text, for: presented) else {
            return .failure(Problem(message: "cannot read that: \(hint(for: presented.question.type))"))
        }
        if let problem = presented.validate(answer) { return .failure(Problem(message: problem)) }
        return .success(answer)
    }

    /// Why a typed answer was not taken, in words.
    public struct Problem: Error, Sendable {
        public var message: String
    }

    /// How to type an answer to this kind of question.
    public static func hint(for type: QuestionType) -> String {
        switch type {
        case .single: return "type the letter of your answer"
        case .truefalse: return "type t or f (or the letter of your answer)"
        case .multiple: return "type every letter that applies, for example: a c"
        case .order: return "type the letters in order, first step first, for example: c a d b"
        case .match: return "type each number with its letter, for example: 1b 2a 3c"
        }
    }
}
