import Foundation

/// Someone practising: a name unique in the store (ignoring ASCII case).
public struct Trainee: Sendable, Hashable, Codable, Identifiable {
    /// The store's number for the trainee; it never changes, even when the name does.
    public var id: Int64
    public var name: String
    public var created: Date
    /// An archived trainee keeps their history but is left out of lists.
    public var archived: Bool
    /// The branch of the spa the trainee works at (``defaultBranch`` unless given); reports and
    /// `exam check` can be limited to one branch.
    public var branch: String

    public init(
        id: Int64, name: String, created: Date, archived: Bool, branch: String = Trainee.defaultBranch
    ) {
        self.id = id
        self.name = name
        self.created = created
        self.archived = archived
        self.branch = branch
    }

    /// The branch of a trainee added without one, and of every trainee stored before branches.
    public static let defaultBranch = "main"

    /// The longest branch name accepted, in characters.
    public static let maximumBranchLength = 64

    /// The branch name trimmed of surrounding white space, or an error saying why it cannot be
    /// used: empty, longer than ``maximumBranchLength`` characters, or holding control
    /// characters. Branch names, like trainee names, ignore ASCII case.
    public static func validatedBranch(_ raw: String) throws -> String {
        try validated(raw, what: "branch name", maximum: maximumBranchLength)
    }

    /// The longest name accepted, in characters.
    public static let maximumNameLength = 64

    /// The name trimmed of surrounding white space, or an error saying why it cannot be used:
    /// empty, longer than ``maximumNameLength`` characters, or holding control characters.
    public static func validatedName(_ raw: String) throws -> String {
        try validated(raw, what: "trainee name", maximum: maximumNameLength)
    }

    /// `raw` trimmed, or an error naming `what` is wrong with it.
    private static func validated(_ raw: String, what: String, maximum: Int) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw SpacertError.invalidInput("a \(what) must not be empty")
        }
        guard value.count <= maximum else {
            throw SpacertError.invalidInput(
                "\(what) '\(value.prefix(20))…' is \(value.count) characters long; at most \(maximum) are allowed"
            )
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw SpacertError.invalidInput("a \(what) must not contain control characters")
        }
        return value
    }
}
