/// The four areas a certified therapist must master; a bank belongs to exactly one.
public enum Category: String, Sendable, Codable, CaseIterable, Comparable {
    case techniques
    case bodyMechanics = "body-mechanics"
    case communication
    case contraindications

    /// A title for people.
    public var title: String {
        switch self {
        case .techniques: return "Techniques"
        case .bodyMechanics: return "Body mechanics"
        case .communication: return "Communication"
        case .contraindications: return "Contraindications"
        }
    }

    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The kinds of question a bank may hold.
public enum QuestionType: String, Sendable, Codable, CaseIterable {
    case single, multiple, truefalse, order, match
}

/// How hard an editor judges a question to be.
public enum Difficulty: String, Sendable, Codable, CaseIterable {
    case easy, medium, hard
}

/// Where something was written: a file, a 1-based line and, when known, a column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, or `file:line` without a column.
    public var description: String {
        column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}

/// One answer option of a single, multiple or (generated) true/false question.
public struct Choice: Sendable, Hashable, Codable {
    public var text: String
    public var correct: Bool
    /// Stays in its written place when the others are shuffled.
    public var pinned: Bool

    public init(text: String, correct: Bool, pinned: Bool = false) {
        self.text = text
        self.correct = correct
        self.pinned = pinned
    }
}

/// One pair of a match question: the left item and the right item that belongs to it.
public struct MatchPair: Sendable, Hashable, Codable {
    public var left: String
    public var right: String

    public init(left: String, right: String) {
        self.left = left
        self.right = right
    }
}

/// The answer content of a question, by type.
public enum QuestionBody: Sendable, Hashable {
    /// Single or multiple choice: the choices in written order.
    case choices([Choice])
    /// True/false: whether the statement is true.
    case trueFalse(Bool)
    /// Order: the steps in the correct order.
    case order([String])
    /// Match: the pairs in written order.
    case match([MatchPair])
}

/// Where a question's fact comes from: a section of a seed article (`<source article="FILE">`),
/// or a web page (`<source href="https://…">`, bank format 1.1).
public struct Citation: Sendable, Hashable, Codable {
    /// What a reader sees first: the seed article's title (the file name when the article is
    /// not one of the seeds), or the page title of a web source.
    public var title: String
    /// The page's https address; nil for a seed article.
    public var url: String?
    /// The seed article's file name; nil for a web source.
    public var article: String?
    /// The section heading in the seed article; nil for a web source.
    public var section: String?

    /// A section of a seed article, titled from `SeedArticle.title(of:)`.
    public init(article: String, section: String) {
        self.title = SeedArticle.title(of: article) ?? article
        self.url = nil
        self.article = article
        self.section = section
    }

    /// A web page: its title and https address.
    public init(title: String, url: String) {
        self.title = title
        self.url = url
        self.article = nil
        self.section = nil
    }

    /// The citation in words, without the address: `Section, in "Title"` or `Title`.
    public var label: String {
        guard let section, !section.isEmpty else { return title }
        return "\(section), in \u{201C}\(title)\u{201D}"
    }
}

/// The two seed articles the banks are written from: file name and title, so a citation shows the article's title rather than its file name.
public enum SeedArticle {
    public static let titles: [String: String] = [
        "000_4844a43459959855.txt": "How to massage for lower back pain",
        "002_b321187dd613e1ca.txt": "how to massage lower back",
    ]

    /// The title of the seed article in `file`, nil when it is not a seed article.
    public static func title(of file: String) -> String? { titles[file] }
}

/// A question as an editor wrote it in a bank, with where it was written.
public struct Question: Sendable, Hashable, Identifiable {
    public var id: String
    public var type: QuestionType
    /// Bumped by an editor when the right answer changes; trainees' memory then starts again.
    public var rev: Int
    public var difficulty: Difficulty
    /// A safety question a certified therapist must never get wrong.
    public var critical: Bool
    /// False keeps every choice in written order.
    public var shuffle: Bool
    public var tags: [String]
    /// The case text shown above the prompt, if any.
    public var scenario: String?
    public var prompt: String
    public var body: QuestionBody
    public var explanation: String
    public var source: Citation
    /// The bank's id and category.
    public var bankID: String
    public var category: Category
    public var location: SourceLocation
    /// Quality findings the editor accepted in the question, with reasons.
    public var lintAccepts: [LintAcceptance] = []

    public init(
        id: String, type: QuestionType, rev: Int = 1, difficulty: Difficulty = .medium,
        critical: Bool = false, shuffle: Bool = true, tags: [String] = [], scenario: String? = nil,
        prompt: String, body: QuestionBody, explanation: String, source: Citation,
        bankID: String, category: Category, location: SourceLocation
    ) {
        self.id = id
        self.type = type
        self.rev = rev
        self.difficulty = difficulty
        self.critical = critical
        self.shuffle = shuffle
        self.tags = tags
        self.scenario = scenario
        self.prompt = prompt
        self.body = body
        self.explanation = explanation
        self.source = source
        self.bankID = bankID
        self.category = category
        self.location = location
    }

    /// The choices a trainee picks from, in written order. True/false questions get
    /// "True" and "False", pinned.
    public var choices: [Choice] {
        switch body {
        case .choices(let choices): return choices
        case .trueFalse(let value):
            return [
                Choice(text: "True", correct: value, pinned: true),
                Choice(text: "False", correct: !value, pinned: true),
            ]
        case .order, .match: return []
        }
    }
}

/// A question bank: one file, one area of practice.
public struct QuestionBank: Sendable, Hashable {
    public var id: String
    public var title: String
    public var category: Category
    public var description: String?
    public var questions: [Question]
    public var file: String
    /// The line of the `<bank>` start tag.
    public var line = 1

    public init(
        id: String, title: String, category: Category, description: String? = nil,
        questions: [Question], file: String
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.description = description
        self.questions = questions
        self.file = file
    }
}

extension Question {
    /// The scenario (if any) and the prompt on one line, for lists and reasons.
    public var promptLine: String {
        ([scenario].compactMap { $0 } + [prompt]).joined(separator: " ").split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }
}
