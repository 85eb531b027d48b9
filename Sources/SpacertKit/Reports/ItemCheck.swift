/// A reason to look at a question again, found in its statistics, in words.
public struct ItemCheck: Sendable, Hashable, Encodable {
    /// What was found; stable names for scripts.
    public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
        case facilityHigh = "facility-high"
        case facilityLow = "facility-low"
        case discriminationNegative = "discrimination-negative"
        case discriminationLow = "discrimination-low"
        case covarianceNegative = "covariance-negative"
        case efficiencyLow = "efficiency-low"
        case guessHigh = "guess-high"
        case distractorUnpicked = "distractor-unpicked"
        case distractorAttractsTop = "distractor-attracts-top"
    }

    public var kind: Kind
    /// The reason, for editors.
    public var message: String
    /// The choice it is about (0-based written index), for the distractor checks.
    @Nullable public var choice: Int? = nil

    public init(_ kind: Kind, _ message: String, choice: Int? = nil) {
        self.kind = kind
        self.message = message
        self.choice = choice
    }
}

/// When a question is flagged for checking. The defaults follow Moodle's guidance: facility
/// under 10% is very hard and over 90% very easy; a discrimination index under 20% is weak
/// and a negative one bad; a discriminative efficiency under 15% was flagged as dubious; a
/// random guess score over 40% is unsatisfactory.
public struct ItemCheckRules: Sendable, Hashable {
    /// Facility (percent) under which a question is flagged as very hard.
    public var facilityLow: Double = 10
    /// Facility (percent) over which a question is flagged as very easy.
    public var facilityHigh: Double = 90
    /// Discrimination index (percent) under which a question is flagged as weak.
    public var discriminationLow: Double = 20
    /// Discriminative efficiency (percent) under which a question is flagged.
    public var efficiencyLow: Double = 15
    /// Random guess score (percent) over which a question is flagged.
    public var guessHigh: Double = 40
    /// Attempts a question needs before its statistics and choices are judged (the random
    /// guess score, a property of the question, is judged always).
    public var minimumAttempts: Int = 5

    public init() {}
}

extension ItemCheck {
    /// Every check `statistics` fails under `rules`, in the order of ``Kind``.
    static func checks(for statistics: QuestionStatistics, rules: ItemCheckRules) -> [ItemCheck] {
        var found: [ItemCheck] = []
        if let guess = statistics.randomGuessScore, guess > rules.guessHigh {
            found.append(
                .init(
                    .guessHigh,
                    "random guess score \(pct(guess)) is over \(pct(rules.guessHigh)): guessing pays too well"
                ))
        }
        guard statistics.attempts >= rules.minimumAttempts else { return found }
        if let facility = statistics.facility {
            if facility > rules.facilityHigh {
                found.append(
                    .init(
                        .facilityHigh,
                        "facility \(pct(facility)) is very high: almost everyone gets it right, so it tells trainees apart little"
                    ))
            } else if facility < rules.facilityLow {
                found.append(
                    .init(
                        .facilityLow,
                        "facility \(pct(facility)) is very low: almost no one gets it right; check the key and the wording"
                    ))
            }
        }
        if let index = statistics.discriminationIndex {
            if index < 0 {
                found.append(
                    .init(
                        .discriminationNegative,
                        "discrimination index \(pct(index)) is negative: weaker trainees do better on it than stronger ones; check the key"
                    ))
            } else if index < rules.discriminationLow {
                found.append(
                    .init(
                        .discriminationLow,
                        "discrimination index \(pct(index)) is low (under \(pct(rules.discriminationLow))): it hardly tells strong trainees from weak ones"
                    ))
            }
        }
        if let covariance = statistics.covarianceWithTotal, covariance < 0 {
            found.append(
                .init(
                    .covarianceNegative,
                    "its score moves against the exam total (negative covariance), so it has no effective weight"
                ))
        }
        if let efficiency = statistics.discriminativeEfficiency, efficiency < rules.efficiencyLow {
            found.append(
                .init(
                    .efficiencyLow,
                    "discriminative efficiency \(pct(efficiency)) is under \(pct(rules.efficiencyLow)): it discriminates far less than it could"
                ))
        }
        if let table = statistics.distractors {
            for row in table.rows where row.correct == false {
                let name = choiceName(row)
                if row.picked == 0 {
                    found.append(
                        .init(
                            .distractorUnpicked,
                            "\(name) was picked by no one in \(statistics.attempts) attempts: it distracts no one",
                            choice: row.index))
                } else if table.groupSize > 0, row.top > row.bottom {
                    found.append(
                        .init(
                            .distractorAttractsTop,
                            "\(name) was picked by more of the top third (\(row.top)) than of the bottom third (\(row.bottom)): it may be arguable or the key wrong",
                            choice: row.index))
                }
            }
        }
        return found
    }

    /// `choice 3 ("Ice first…")`.
    private static func choiceName(_ row: DistractorTable.Row) -> String {
        let number = "choice \(row.index + 1)"
        guard let text = row.text else { return number }
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let short = flat.count > 40 ? String(flat.prefix(39)) + "\u{2026}" : flat
        return "\(number) (\u{201C}\(short)\u{201D})"
    }

    private static func pct(_ value: Double) -> String { ReportNumber.percent(value) }
}
