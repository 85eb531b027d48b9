/// Whether answers move the schedule (`practice`) or only get logged (`cram`).
public enum PracticeMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Spaced repetition: each answer updates the card.
    case practice
    /// Practise anything at any time; answers are logged but cards stay as they are.
    case cram
}
