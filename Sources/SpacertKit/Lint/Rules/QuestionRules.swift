// The quality rules that look at one question: cues a test-wise trainee can use to answer
// without knowing the work. Their findings are warnings (`spacert lint --strict` fails on
// them); an editor who has a good reason can accept one in the question (QuestionBanks/README.md).

extension QuestionRule {
    /// The findings on a built question: those on its item.
    public static func findings(in question: Question) -> [String] { findings(in: QualityItem(question)) }
}

/// The key of a single-choice question is clearly the longest option.
///
/// Threshold: the key is at least 25% longer than the longest distractor and at least 10
/// characters longer. Item-writing guides ask for options of about equal length (Haladyna,
/// Downing & Rodriguez 2002), and the longest option being the key is the cue test-wise
/// candidates use most (Pham et al. 2018). Below a quarter (or under ten characters: a word
/// or two) length differences in our banks come from the subject, not from the editor adding
/// qualifiers to make the key safe; above it the key stands out on the screen.
/// For a whole bank, see `KeyLongestRule.bankFinding`.
public enum KeyLongestRule: QuestionRule {
    public static let id = "key-longest"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "the key is not clearly longer than every distractor"
    /// How much longer than the longest distractor a key must be to be flagged.
    public static let ratio = 1.25
    public static let minimumExtra = 10

    public static func findings(in question: QualityItem) -> [String] {
        guard let (key, longest) = lengths(question) else { return [] }
        guard Double(key) >= ratio * Double(longest), key - longest >= minimumExtra else { return [] }
        return [
            "\(question.lintName): the key is the longest option by far (\(key) characters; the longest wrong option has \(longest)); a test-wise trainee picks it without knowing why"
        ]
    }

    /// Whether the key of a single-choice question is strictly the longest option, and the
    /// chance of that (1/k) for a question with k choices; nil for other questions.
    static func keyIsLongest(_ question: QualityItem) -> (longest: Bool, chance: Double)? {
        guard let (key, longest) = lengths(question) else { return nil }
        return (key > longest, 1 / Double(question.distractorCount + 1))
    }

    /// The key's length and the longest distractor's, for a single-choice question with one
    /// key and a distractor; nil for others.
    private static func lengths(_ question: QualityItem) -> (key: Int, longest: Int)? {
        guard question.type == .single, question.keyCount == 1, question.distractorCount > 0 else {
            return nil
        }
        var key = 0
        var longest = 0
        for text in question.texts {
            if text.role == .key {
                key = text.facts.length
            } else if text.role == .distractor {
                longest = max(longest, text.facts.length)
            }
        }
        return (key, longest)
    }

    /// The bank-level finding: the share of single-choice questions whose key is the longest,
    /// against the chance rate (the mean of 1/k). Reported when there are at least 8 such
    /// questions, the share is above chance by more than 2.33 standard deviations (one-sided
    /// 1%, binomial with each question's own chance) and at least 1.5 times the chance rate.
    static func bankFinding(bank: String, longest: Int, questions: Int, chance: Double, variance: Double)
        -> String?
    {
        guard questions >= 8, variance > 0 else { return nil }
        let expected = chance
        let z = (Double(longest) - expected) / variance.squareRoot()
        guard z > 2.33, Double(longest) >= 1.5 * expected else { return nil }
        let share = Int((100 * Double(longest) / Double(questions)).rounded())
        let chancePercent = Int((100 * expected / Double(questions)).rounded())
        return
            "bank '\(bank)': in \(longest) of \(questions) single-choice questions (\(share)%) the key is the longest option; chance is about \(chancePercent)%, so trainees learn to pick the longest"
    }
}

/// Absolute words ("always", "never", "only") sit in wrong options but not in the key.
public enum AbsoluteDistractorRule: QuestionRule {
    public static let id = "absolute-distractor"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "absolute words (always, never, only...) are not only in wrong options"

    public static func findings(in question: QualityItem) -> [String] {
        guard question.hasChoices else { return [] }
        var flagged: [String] = []
        for text in question.texts {
            if text.role == .key && text.facts.hasAbsolute { return [] }
            if text.role == .distractor, let word = text.facts.absolute { flagged.append(word) }
        }
        guard !flagged.isEmpty else { return [] }
        let words = Array(Set(flagged)).sorted().map { "'\($0)'" }.joined(separator: ", ")
        return [
            "\(question.lintName): \(flagged.count) wrong option\(flagged.count == 1 ? "" : "s") use\(flagged.count == 1 ? "s" : "") an absolute word (\(words)) that no key uses; trainees learn that absolute options are wrong"
        ]
    }
}

/// A "because/since" justification only in wrong options, or only in the key.
public enum JustifiedDistractorRule: QuestionRule {
    public static let id = "justified-distractor"
    public static let severity = Diagnostic.Severity.warning
    public static let summary =
        "reasons (because, since...) are not only in wrong options, nor only in the key"

    public static func findings(in question: QualityItem) -> [String] {
        guard question.hasChoices, question.keyCount > 0, question.distractorCount > 0 else { return [] }
        var keyReasons: [String] = []
        var wrongReasons: [String] = []
        for text in question.texts {
            guard let reason = text.facts.reason else { continue }
            if text.role == .key { keyReasons.append(reason) }
            if text.role == .distractor { wrongReasons.append(reason) }
        }
        if keyReasons.isEmpty && !wrongReasons.isEmpty {
            return [
                "\(question.lintName): only wrong options give a reason ('\(wrongReasons[0])'); an option that argues for itself reads as a trap"
            ]
        }
        if !keyReasons.isEmpty && wrongReasons.isEmpty && question.keyCount == keyReasons.count {
            return [
                "\(question.lintName): only the key gives a reason ('\(keyReasons[0])'); the explained option stands out as the answer"
            ]
        }
        return []
    }
}

/// "All of the above" or "None of the above" as an option.
public enum AllNoneOfTheAboveRule: QuestionRule {
    public static let id = "all-none-of-the-above"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "no \"all of the above\" or \"none of the above\" option"

    static let phrases = [
        "all of the above", "none of the above", "all of these", "none of these", "all the above",
        "none of them", "all of them", "both of the above", "neither of the above",
    ]

    public static func findings(in question: QualityItem) -> [String] {
        guard question.hasChoices else { return [] }
        // The phrases are short: a long option is none of them, and is not split into words.
        // Most options open with none of the phrases' first words: no words to join.
        for choice in question.texts
        where (choice.role == .key || choice.role == .distractor) && choice.end - choice.start <= 48
            && choice.facts.opensAllNone
        {
            let text = ItemText.words(question.string(choice)).joined(separator: " ")
            if let phrase = phrases.first(where: { text.hasPrefix($0) }) {
                return [
                    "\(question.lintName) offers '\(phrase)'; a trainee who spots two right (or one wrong) options answers without knowing the rest"
                ]
            }
        }
        return []
    }
}

/// A negative stem (not, except, never, least) without emphasis.
public enum NegativeStemRule: QuestionRule {
    public static let id = "negative-stem"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "a negative stem (NOT, EXCEPT, NEVER, LEAST) is written in capitals"

    static let negatives: Set<Substring> = [
        "not", "except", "never", "least", "false", "incorrect", "unsafe",
    ]

    public static func findings(in question: QualityItem) -> [String] {
        guard question.type != .truefalse else { return [] }
        // Only a prompt with a negative word needs its written case read.
        guard question.prompt.facts.negative else { return [] }
        for word in ItemText.writtenWords(question.string(question.prompt)) {
            let lower = word.lowercased()
            guard negatives.contains(Substring(lower)) else { continue }
            if word.allSatisfy({ !$0.isLetter || $0.isUppercase }) { continue }
            return [
                "\(question.lintName) asks a negative question ('\(word)') without emphasis; write \(lower.uppercased()) in capitals, or ask it positively"
            ]
        }
        return []
    }
}

/// The stem's last article ("a"/"an") fits the key but not some distractors.
public enum GrammarCueRule: QuestionRule {
    public static let id = "grammar-cue"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "the stem's grammar (a/an, is/are) fits every option, not just the key"

    /// Whether `word` takes "an": it starts with a vowel letter (a rough sound test; "hour",
    /// "unit" and "one" are the usual exceptions).
    static func takesAn(_ word: Substring) -> Bool {
        if ["hour", "honest", "herb"].contains(where: { word.hasPrefix($0) }) { return true }
        if ["uni", "use", "usu", "one", "eu"].contains(where: { word.hasPrefix($0) }) { return false }
        return word.first.map { "aeiou".contains($0) } ?? false
    }

    /// Whether an option reads as plural: its first word ends in s (not ss, us, is).
    static func looksPlural(_ words: [Substring]) -> Bool {
        guard let first = words.first, first.count > 3 else { return false }
        return first.hasSuffix("s") && !first.hasSuffix("ss") && !first.hasSuffix("us")
            && !first.hasSuffix("is")
    }

    public static func findings(in question: QualityItem) -> [String] {
        // Only a stem ending in a, an, is or are can cue.
        guard question.prompt.facts.lastWord >= 0 else { return [] }
        guard question.hasChoices, question.keyCount == 1, question.distractorCount > 0 else { return [] }
        let keys = question.keys.map(question.string)
        let distractors = question.distractors.map(question.string)
        let stem = ItemText.words(question.string(question.prompt))
        guard let last = stem.last else { return [] }
        let keyWords = ItemText.words(keys[0])
        guard let keyFirst = keyWords.first else { return [] }
        if last == "a" || last == "an" {
            let wantsAn = last == "an"
            guard takesAn(keyFirst) == wantsAn else { return [] }
            let misfits = distractors.filter { text in
                ItemText.words(text).first.map { takesAn($0) != wantsAn } ?? false
            }
            guard !misfits.isEmpty else { return [] }
            return [
                "\(question.lintName): the stem ends with '\(last)', which fits the key but not \(misfits.count) wrong option\(misfits.count == 1 ? "" : "s"); end the stem before the article or make every option fit"
            ]
        }
        if last == "is" || last == "are" {
            let wantsPlural = last == "are"
            guard looksPlural(keyWords) == wantsPlural else { return [] }
            let misfits = distractors.filter { looksPlural(ItemText.words($0)) != wantsPlural }
            guard misfits.count == distractors.count else { return [] }
            return [
                "\(question.lintName): the stem ends with '\(last)', which agrees with the key but with no wrong option; make every option agree"
            ]
        }
        return []
    }
}

/// The key repeats a content word of the stem that no distractor uses.
public enum StemEchoRule: QuestionRule {
    public static let id = "stem-echo"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "the key does not alone repeat a word of the stem"

    public static func findings(in question: QualityItem) -> [String] {
        guard question.type == .single, question.keyCount == 1, question.distractorCount > 0 else {
            return []
        }
        let echoedHashes = echoed(question)
        if echoedHashes.isEmpty { return [] }
        let key = question.keys[0]
        if key.facts.ascii {
            // The words are the key's own content words with those hashes: read off its bytes.
            let words = question.withBytes(key) { ItemText.contentStems(of: $0, among: echoedHashes) }
            return message(question, Set(words).sorted())
        }
        let keys = question.keys.map(question.string)
        let distractors = question.distractors.map(question.string)
        let stem = ItemText.contentWords(
            question.texts.filter { $0.role == .scenario || $0.role == .prompt }.map(question.string)
                .joined(separator: " "))
        guard !stem.isEmpty else { return [] }
        var echoed = ItemText.contentWords(keys[0]).intersection(stem)
        for distractor in distractors {
            echoed.subtract(ItemText.contentWords(distractor))
            if echoed.isEmpty { return [] }
        }
        return message(question, echoed.sorted().map(String.init))
    }

    /// The finding, naming the first three echoed words in order.
    private static func message(_ question: QualityItem, _ echoed: [String]) -> [String] {
        let words = echoed.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return [
            "\(question.lintName): only the key repeats \(words) from the question; a trainee can match words instead of knowing the answer"
        ]
    }

    /// The hashes of the content words the key alone repeats from the stem, judged on the
    /// hashes of the texts' content words (no Strings, no Sets); empty when there are none.
    static func echoed(_ question: QualityItem) -> [UInt64] {
        var echoed: [UInt64] = []
        for text in question.texts where text.role == .key {
            echoed = question.content(text).filter { hash in
                question.texts.contains {
                    ($0.role == .scenario || $0.role == .prompt) && question.content($0).contains(hash)
                }
            }
        }
        for text in question.texts where text.role == .distractor {
            if echoed.isEmpty { return [] }
            let other = question.content(text)
            echoed.removeAll(where: other.contains)
        }
        return echoed
    }
}

/// A true/false statement whose truth hangs on one absolute word.
public enum TrueFalseAbsoluteRule: QuestionRule {
    public static let id = "truefalse-absolute"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "a true/false statement does not hang on one absolute word"

    public static func findings(in question: QualityItem) -> [String] {
        guard question.type == .truefalse, let word = question.prompt.facts.absolute else { return [] }
        return [
            "\(question.lintName): the statement hangs on '\(word)'; test-wise trainees answer 'false' to absolute statements, so test the fact itself"
        ]
    }
}
