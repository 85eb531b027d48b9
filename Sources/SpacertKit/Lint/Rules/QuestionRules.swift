// The quality rules that look at one question: cues a test-wise trainee can use to answer
// without knowing the work. Their findings are warnings (`spacert lint --strict` fails on
// them); an editor who has a good reason can accept one in the question (QuestionBanks/README.md).

extension Question {
    /// The name quality findings use.
    var lintName: String { "question '\(id)'" }

    /// The key and the distractors of a single or multiple choice question; nil for other types.
    var keyAndDistractors: (keys: [String], distractors: [String])? {
        guard case .choices(let choices) = body else { return nil }
        // One pass, no intermediate arrays: five rules ask for this on every question.
        var keys: [String] = []
        var distractors: [String] = []
        distractors.reserveCapacity(choices.count)
        for choice in choices {
            if choice.correct { keys.append(choice.text) } else { distractors.append(choice.text) }
        }
        return (keys, distractors)
    }
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

    public static func findings(in question: Question) -> [String] {
        guard question.type == .single, let (keys, distractors) = question.keyAndDistractors,
            keys.count == 1, !distractors.isEmpty
        else { return [] }
        let key = ItemText.length(keys[0])
        let longest = distractors.map(ItemText.length).max() ?? 0
        guard Double(key) >= ratio * Double(longest), key - longest >= minimumExtra else { return [] }
        return [
            "\(question.lintName): the key is the longest option by far (\(key) characters; the longest wrong option has \(longest)); a test-wise trainee picks it without knowing why"
        ]
    }

    /// Whether the key of a single-choice question is strictly the longest option, and the
    /// chance of that (1/k) for a question with k choices; nil for other questions.
    static func keyIsLongest(_ question: Question) -> (longest: Bool, chance: Double)? {
        guard question.type == .single, let (keys, distractors) = question.keyAndDistractors,
            keys.count == 1, !distractors.isEmpty
        else { return nil }
        let key = ItemText.length(keys[0])
        let longest = distractors.map(ItemText.length).max() ?? 0
        return (key > longest, 1 / Double(distractors.count + 1))
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

    public static func findings(in question: Question) -> [String] {
        guard let (keys, distractors) = question.keyAndDistractors else { return [] }
        guard !keys.contains(where: ItemText.hasAbsolute) else { return [] }
        let flagged = distractors.compactMap(ItemText.firstAbsolute)
        guard !flagged.isEmpty else { return [] }
        let words = Array(Set(flagged.map(String.init))).sorted().map { "'\($0)'" }.joined(separator: ", ")
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

    public static func findings(in question: Question) -> [String] {
        guard let (keys, distractors) = question.keyAndDistractors, !keys.isEmpty, !distractors.isEmpty
        else { return [] }
        let keyReasons = keys.compactMap(ItemText.justification)
        let wrongReasons = distractors.compactMap(ItemText.justification)
        if keyReasons.isEmpty && !wrongReasons.isEmpty {
            return [
                "\(question.lintName): only wrong options give a reason ('\(wrongReasons[0])'); an option that argues for itself reads as a trap"
            ]
        }
        if !keyReasons.isEmpty && wrongReasons.isEmpty && keys.count == keyReasons.count {
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

    public static func findings(in question: Question) -> [String] {
        guard case .choices(let choices) = question.body else { return [] }
        // The phrases are short: a long option is none of them, and is not split into words.
        for choice in choices where choice.text.utf8.count <= 48 {
            // Most options open with none of the phrases' first words: no words to join.
            if let opening = ItemText.withASCII(
                choice.text,
                { bytes -> Bool in
                    var opens = false
                    ItemText.forEachWord(bytes) { range in
                        opens =
                            ItemText.word(bytes, range, is: "all") || ItemText.word(bytes, range, is: "none")
                            || ItemText.word(bytes, range, is: "both")
                            || ItemText.word(bytes, range, is: "neither")
                        return false
                    }
                    return opens
                }), !opening
            {
                continue
            }
            let text = ItemText.words(choice.text).joined(separator: " ")
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

    public static func findings(in question: Question) -> [String] {
        guard question.type != .truefalse else { return [] }
        // Only a prompt with a negative word needs its written case read; an ASCII prompt is
        // looked through in place.
        let negative =
            ItemText.withASCII(question.prompt) { bytes -> Bool in
                var found = false
                ItemText.forEachWord(bytes) { range in
                    found =
                        ItemText.word(bytes, range, is: "not") || ItemText.word(bytes, range, is: "except")
                        || ItemText.word(bytes, range, is: "never")
                        || ItemText.word(bytes, range, is: "least")
                        || ItemText.word(bytes, range, is: "false")
                        || ItemText.word(bytes, range, is: "incorrect")
                        || ItemText.word(bytes, range, is: "unsafe")
                    return !found
                }
                return found
            } ?? ItemText.words(question.prompt).contains(where: { negatives.contains($0) })
        guard negative else { return [] }
        for word in ItemText.writtenWords(question.prompt) {
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

    public static func findings(in question: Question) -> [String] {
        // Only a stem ending in a, an, is or are can cue: look at an ASCII stem's last word first.
        if let cue = ItemText.withASCII(
            question.prompt,
            { bytes -> Bool in
                var last: Range<Int>?
                ItemText.forEachWord(bytes) { range in
                    last = range
                    return true
                }
                guard let last else { return false }
                return ItemText.word(bytes, last, is: "a") || ItemText.word(bytes, last, is: "an")
                    || ItemText.word(bytes, last, is: "is") || ItemText.word(bytes, last, is: "are")
            }), !cue
        {
            return []
        }
        guard let (keys, distractors) = question.keyAndDistractors, keys.count == 1, !distractors.isEmpty
        else { return [] }
        let stem = ItemText.words(question.prompt)
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

    public static func findings(in question: Question) -> [String] {
        guard question.type == .single, let (keys, distractors) = question.keyAndDistractors,
            keys.count == 1, !distractors.isEmpty
        else { return [] }
        if !mayEcho(question, key: keys[0], distractors: distractors) { return [] }
        let stem = ItemText.contentWords(
            ([question.scenario].compactMap { $0 } + [question.prompt]).joined(separator: " "))
        guard !stem.isEmpty else { return [] }
        var echoed = ItemText.contentWords(keys[0]).intersection(stem)
        for distractor in distractors {
            echoed.subtract(ItemText.contentWords(distractor))
            if echoed.isEmpty { return [] }
        }
        let words = echoed.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return [
            "\(question.lintName): only the key repeats \(words) from the question; a trainee can match words instead of knowing the answer"
        ]
    }

    /// False when the key repeats no stem word that every distractor lacks, judged on the
    /// hashes of the content words of ASCII texts (no Strings, no Sets); true when it may, or
    /// when a text is not ASCII, and the words themselves decide.
    static func mayEcho(_ question: Question, key: String, distractors: [String]) -> Bool {
        var stem: [UInt64] = []
        var echoed: [UInt64] = []
        var other: [UInt64] = []
        if let scenario = question.scenario, !ItemText.contentWordHashes(scenario, into: &stem) {
            return true
        }
        guard ItemText.contentWordHashes(question.prompt, into: &stem) else { return true }
        guard ItemText.contentWordHashes(key, into: &other) else { return true }
        echoed = other.filter(stem.contains)
        for distractor in distractors {
            if echoed.isEmpty { return false }
            other.removeAll(keepingCapacity: true)
            guard ItemText.contentWordHashes(distractor, into: &other) else { return true }
            echoed.removeAll(where: other.contains)
        }
        return !echoed.isEmpty
    }
}

/// A true/false statement whose truth hangs on one absolute word.
public enum TrueFalseAbsoluteRule: QuestionRule {
    public static let id = "truefalse-absolute"
    public static let severity = Diagnostic.Severity.warning
    public static let summary = "a true/false statement does not hang on one absolute word"

    public static func findings(in question: Question) -> [String] {
        guard case .trueFalse = question.body else { return [] }
        guard let word = ItemText.firstAbsolute(question.prompt) else { return [] }
        return [
            "\(question.lintName): the statement hangs on '\(word)'; test-wise trainees answer 'false' to absolute statements, so test the fact itself"
        ]
    }
}
