import Foundation

/// What a practice session draws from and how much.
public struct QueueOptions: Sendable {
    /// Practice moves the schedule; cram only logs.
    public var mode: PracticeMode
    /// New questions a trainee may start per day, counting those already started today.
    public var newPerDay: Int
    /// The most answers in one session, a question coming back in it counted each time.
    public var limit: Int?
    /// Only these areas; empty means all four.
    public var categories: Set<Category>
    /// Only questions with at least one of these tags; empty means any.
    public var tags: Set<String>
    /// When nothing else is left, a learning step due within this long is shown early.
    public var learnAhead: TimeInterval
    /// Where days begin and end: the trainee's calendar and time zone.
    public var calendar: Calendar

    /// The default daily limit of new questions.
    public static let defaultNewPerDay = 10

    public init(
        mode: PracticeMode = .practice, newPerDay: Int = QueueOptions.defaultNewPerDay, limit: Int? = nil,
        categories: Set<Category> = [], tags: Set<String> = [], learnAhead: TimeInterval = 20 * 60,
        calendar: Calendar = .current
    ) {
        self.mode = mode
        self.newPerDay = newPerDay
        self.limit = limit
        self.categories = categories
        self.tags = tags
        self.learnAhead = learnAhead
        self.calendar = calendar
    }

    /// Whether the category and tag filters let `question` in.
    public func admits(_ question: Question) -> Bool {
        (categories.isEmpty || categories.contains(question.category))
            && (tags.isEmpty || question.tags.contains(where: tags.contains))
    }

    /// The start of the day holding `time`, and of the next.
    func day(of time: Date) -> (start: Date, end: Date) {
        let start = calendar.startOfDay(for: time)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return (start, end)
    }
}
