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
