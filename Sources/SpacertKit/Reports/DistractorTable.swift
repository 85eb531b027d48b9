/// How often each choice of a question was picked, overall and by the top and bottom third of
/// the attempts that contained it (ranked by the attempt's total score).
///
/// The thirds are taken among the attempts that contained the question, so both groups are
/// the same size and their counts compare directly; an attempt tied on score with the
/// boundary goes by attempt id. With fewer than three attempts there are no thirds.
public struct DistractorTable: Sendable, Hashable, Encodable {
    /// One choice, in written (bank) order.
    public struct Row: Sendable, Hashable, Encodable {
        /// 0-based written index.
        public var index: Int
        /// The choice's text, when the bank still holds the question at this revision.
        @Nullable public var text: String? = nil
        /// Whether it is a right choice; nil when the question is unknown.
        @Nullable public var correct: Bool? = nil
        /// Attempts that picked it.
        public var picked: Int
        /// Attempts of the top third that picked it.
        public var top: Int
        /// Attempts of the bottom third that picked it.
        public var bottom: Int
    }

    public var rows: [Row]
    /// Attempts that left the question unanswered (overall, top third, bottom third).
    public var unanswered: Int
    public var unansweredTop: Int
    public var unansweredBottom: Int
    /// Attempts in each third (0 when there were fewer than three attempts).
    public var groupSize: Int

    /// One answer to the question: the written indices picked (empty when unanswered) and the
    /// attempt's total, by which the thirds are formed.
    struct Response {
        var attemptID: String
        var picked: [Int]
        var total: Double
    }

    /// Counts `responses` against the question's `choices` (nil when the bank no longer has it
    /// at this revision: rows then cover every index picked).
    init(responses: [Response], choices: [Choice]?) {
        let ranked = responses.sorted {
            $0.total != $1.total ? $0.total > $1.total : $0.attemptID < $1.attemptID
        }
        let size = ranked.count / 3
        groupSize = size
        let top = ranked.prefix(size)
        let bottom = ranked.suffix(size)
        let highest = responses.flatMap(\.picked).max() ?? -1
        let count = max(choices?.count ?? 0, highest + 1)
        func picking(_ index: Int, in group: some Sequence<Response>) -> Int {
            group.reduce(0) { $0 + ($1.picked.contains(index) ? 1 : 0) }
        }
        rows = (0..<count).map { index in
            let choice = choices.flatMap { index < $0.count ? $0[index] : nil }
            return Row(
                index: index, text: choice?.text, correct: choice?.correct,
                picked: picking(index, in: responses), top: picking(index, in: top),
                bottom: picking(index, in: bottom))
        }
        unanswered = responses.count { $0.picked.isEmpty }
        unansweredTop = top.count { $0.picked.isEmpty }
        unansweredBottom = bottom.count { $0.picked.isEmpty }
    }
}
