import Foundation

/// Someone practising: a name unique in the store (ignoring ASCII case).
public struct Trainee: Sendable, Hashable, Codable, Identifiable {
    /// The store's number for the trainee; it never changes, even when the name does.
    public var id: Int64
    public var name: String
    public var created: Date
    /// An archived trainee keeps their history but is left out of lists.
    public var archived: Bool

    public init(id: Int64, name: String, created: Date, archived: Bool) {
        self.id = id
        self.name = name
        self.created = created
        self.archived = archived
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
