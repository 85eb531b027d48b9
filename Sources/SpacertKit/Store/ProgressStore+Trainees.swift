import Foundation
import GRDB

/// Adding, finding, renaming and archiving trainees.
extension ProgressStore {
    /// Adds a trainee to `branch`; the name is trimmed and checked
    /// (``Trainee/validatedName(_:)``) and must not be taken, ignoring ASCII case; the branch is
    /// checked as ``Trainee/validatedBranch(_:)``.
    @discardableResult
    public func addTrainee(
        named rawName: String, branch rawBranch: String = Trainee.defaultBranch, at time: Date
    )
        throws -> Trainee
    {
        let name = try Trainee.validatedName(rawName)
        let branch = try Trainee.validatedBranch(rawBranch)
        return try write { db in
            if let existing = try Self.trainee(named: name, db) {
                throw SpacertError.invalidInput("a trainee named '\(existing.name)' already exists")
            }
            return try Self.insertTrainee(name, branch: try Self.spelling(of: branch, db), at: time, db)
        }
    }

    /// Moves a trainee to another branch; their history stays.
    @discardableResult
    public func moveTrainee(named name: String, toBranch rawBranch: String) throws -> Trainee {
        let branch = try Trainee.validatedBranch(rawBranch)
        return try write { db in
            var row = try Self.existingRow(named: name, db)
            row.branch = try Self.spelling(of: branch, db)
            try row.update(db, columns: [TraineeRow.Columns.branch])
            return row.trainee
        }
    }

    /// The branches trainees belong to, with how many (archived ones left out), by name.
    public func branches() throws -> [(branch: String, trainees: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT min(branch), count(*) FROM trainees WHERE archived = 0
                    GROUP BY branch ORDER BY branch
                    """
            ).map { ($0[0], $0[1]) }
        }
    }

    /// The trainee with this name, making them on first use; `created` says which happened.
    public func ensureTrainee(named rawName: String, at time: Date) throws -> (
        trainee: Trainee, created: Bool
    ) {
        let name = try Trainee.validatedName(rawName)
        if let trainee = try read({ try Self.trainee(named: name, $0) }) { return (trainee, false) }
        return try write { db in
            if let trainee = try Self.trainee(named: name, db) { return (trainee, false) }
            return (try Self.insertTrainee(name, at: time, db), true)
        }
    }

    /// The trainee with this name (ignoring ASCII case and surrounding white space), if any.
    public func trainee(named name: String) throws -> Trainee? {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return try read { try Self.trainee(named: name, $0) }
    }

    /// The trainee with this name, or an error naming the missing trainee.
    public func existingTrainee(named name: String) throws -> Trainee {
        guard let trainee = try trainee(named: name) else {
            throw SpacertError.invalidInput(
                "no trainee named '\(name)'; add one with 'spacert trainee add \(name)'")
        }
        return trainee
    }

    /// Trainees by name; archived ones only when asked for; of one branch when one is given
    /// (ignoring ASCII case; a branch nobody is in gives none).
    public func trainees(includingArchived: Bool = false, branch: String? = nil) throws -> [Trainee] {
        try read { db in
            try TraineeRow.listed(includingArchived: includingArchived, branch: branch).fetchAll(db)
                .map(\.trainee)
        }
    }

    /// Gives a trainee a new name (checked as for ``addTrainee(named:at:)``); history stays.
    @discardableResult
    public func renameTrainee(named oldName: String, to rawNewName: String) throws -> Trainee {
        let newName = try Trainee.validatedName(rawNewName)
        return try write { db in
            var row = try Self.existingRow(named: oldName, db)
            if let other = try TraineeRow.named(newName).fetchOne(db), other.id != row.id {
                throw SpacertError.invalidInput("a trainee named '\(other.name)' already exists")
            }
            row.name = newName
            try row.update(db, columns: [TraineeRow.Columns.name])
            return row.trainee
        }
    }

    /// Archives (or, with `archived: false`, restores) a trainee; their history stays.
    @discardableResult
    public func archiveTrainee(named name: String, archived: Bool = true) throws -> Trainee {
        try write { db in
            var row = try Self.existingRow(named: name, db)
            row.archived = archived
            try row.update(db, columns: [TraineeRow.Columns.archived])
            return row.trainee
        }
    }

    // MARK: - Rows

    /// The row of the trainee with this name (trimmed), or an error naming the missing trainee.
    private static func existingRow(named name: String, _ db: Database) throws -> TraineeRow {
        guard
            let row = try TraineeRow.named(name.trimmingCharacters(in: .whitespacesAndNewlines)).fetchOne(db)
        else {
            throw SpacertError.invalidInput("no trainee named '\(name)'")
        }
        return row
    }

    /// A branch as it is already spelled in the store (branches ignore ASCII case), else as given.
    static func spelling(of branch: String, _ db: Database) throws -> String {
        try String.fetchOne(
            db, sql: "SELECT branch FROM trainees WHERE branch = ? LIMIT 1", arguments: [branch])
            ?? branch
    }

    static func trainee(named name: String, _ db: Database) throws -> Trainee? {
        try TraineeRow.named(name).fetchOne(db)?.trainee
    }

    private static func insertTrainee(
        _ name: String, branch: String = Trainee.defaultBranch, at time: Date, _ db: Database
    ) throws -> Trainee {
        var row = TraineeRow(name: name, created: time, branch: branch)
        try row.insert(db)
        return row.trainee
    }
}
