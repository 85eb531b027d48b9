extension Question {
    /// The right answer in words: the right choices, the steps in order, or the pairs.
    public var rightAnswerText: String {
        switch body {
        case .choices, .trueFalse:
            return choices.filter(\.correct).map(\.text).joined(separator: "; ")
        case .order(let steps):
            return steps.joined(separator: " \u{2192} ")
        case .match(let pairs):
            return pairs.map { "\($0.left) \u{2192} \($0.right)" }.joined(separator: "; ")
        }
    }

    /// The choices picked (written indices) in words; nil when none are known.
    func pickedText(_ picked: [Int]) -> String? {
        let texts = picked.compactMap { $0 >= 0 && $0 < choices.count ? choices[$0].text : nil }
        return texts.isEmpty ? nil : texts.joined(separator: "; ")
    }
}

extension PresentedQuestion {
    /// `answer` in words, each part marked ✓ (right) or ✗ (wrong): the choices picked; the
    /// steps in the order given, each marked by whether it is in its right place; or each pair
    /// given.
    func givenText(_ answer: Answer) -> String {
        let text = { (key: String, list: [KeyedText]) in list.first { $0.key == key }?.text ?? "?" }
        switch (answer, expected) {
        case (.keys(let keys), .keys(let right)) where question.type == .order:
            return keys.enumerated().map { index, key in
                text(key, items) + (index < right.count && right[index] == key ? " ✓" : " ✗")
            }.joined(separator: " \u{2192} ")
        case (.keys(let keys), .keys(let right)):
            return keys.map { text($0, items) + (right.contains($0) ? " ✓" : " ✗") }.joined(separator: "; ")
        case (.pairs(let pairs), .pairs(let right)):
            return left.map { item in
                guard let given = pairs[item.key] else { return "\(item.text) \u{2192} (none) ✗" }
                return "\(item.text) \u{2192} \(text(given, self.right))"
                    + (right[item.key] == given ? " ✓" : " ✗")
            }.joined(separator: "; ")
        default:
            return SessionText.describe(answer, in: self)
        }
    }
}
