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
        let branch = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !branch.isEmpty else {
            throw SpacertError.invalidInput("a branch name must not be empty")
        }
        guard branch.count <= maximumBranchLength else {
            throw SpacertError.invalidInput(
                "branch name '\(branch.prefix(20))…' is \(branch.count) characters long; "
                    + "at most \(maximumBranchLength) are allowed")
        }
        if branch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw SpacertError.invalidInput("a branch name must not contain control characters")
        }
        return branch
    }

    /// Whether the trainee is in `branch` (ignoring ASCII case, as the store compares).
    public func isIn(branch other: String) -> Bool {
        branch.utf8.count == other.utf8.count
            && zip(branch.utf8, other.utf8).allSatisfy { Self.foldASCII($0) == Self.foldASCII($1) }
    }

    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// The longest name accepted, in characters.
    public static let maximumNameLength = 64

    /// The name trimmed of surrounding white space, or an error saying why it cannot be used:
    /// empty, longer than ``maximumNameLength`` characters, or holding control characters.
    public static func validatedName(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw SpacertError.invalidInput("a trainee name must not be empty")
        }
        guard name.count <= maximumNameLength else {
            throw SpacertError.invalidInput(
                "trainee name '\(name.prefix(20))…' is \(name.count) characters long; "
                    + "at most \(maximumNameLength) are allowed")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw SpacertError.invalidInput("a trainee name must not contain control characters")
        }
        return name
    }
}
