import SpacertFSRS

/// Draws an exam's questions by the policy's blueprint, reproducibly from a seed.
public enum ExamDraw {
    /// For each area in blueprint order, `area.questions` questions of that category picked
    /// by a generator seeded with `seed` and the area, in a seeded order. The same questions
    /// and seed always give the same exam.
    public static func draw(policy: CertificationPolicy, from questions: [Question], seed: String)
        -> [Question]
    {
        var drawn: [Question] = []
        for area in policy.areas {
            var pool = questions.filter { $0.category == area.category }.sorted { $0.id < $1.id }
            var generator = SeededRandom(seed: "\(seed)|draw|\(area.category.rawValue)")
            pool.shuffle(using: &generator)
            drawn += pool.prefix(area.questions)
        }
        return drawn
    }

    /// The seed each drawn question is shown with (its choices' order).
    public static func presentationSeed(exam seed: String, questionID: String) -> String {
        "\(seed)|show|\(questionID)"
    }
}
