/// How well the trainee recalled a card, as FSRS grades it.
public enum Rating: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Forgot the answer.
    case again = 1
    /// Recalled with serious difficulty.
    case hard = 2
    /// Recalled after some hesitation.
    case good = 3
    /// Recalled at once.
    case easy = 4

    /// The rating's name as py-fsrs spells it (`Again`, `Hard`, `Good`, `Easy`).
    public var description: String {
        switch self {
        case .again: "Again"
        case .hard: "Hard"
        case .good: "Good"
        case .easy: "Easy"
        }
    }

    /// The grade as a Double, the `G` of the FSRS formulas.
    @inlinable package var grade: Double { Double(rawValue) }
}
