import Foundation
import GRDB

/// Adding, finding, renaming and archiving trainees.
extension ProgressStore {
    /// Adds a trainee; the name is trimmed and checked (``Trainee/validatedName(_:)``) and must
    /// not be taken, ignoring ASCII case.
    @discardableResult
    public func addTrainee(named rawName: String, at time: Date) throws -> Trainee {
        let name = try Trainee.validatedName(rawName)
        return try write { db in
            if let existing = try Self.trainee(named: name, db) {
                throw SpacertError.invalidInput("a trainee named '\(existing.name)' already exists")
            }
            return try Self.insertTrainee(name, at: time, db)
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

    /// Trainees by name; archived ones only when asked for.
    public func trainees(includingArchived: Bool = false) throws -> [Trainee] {
        try read { db in
            try TraineeRow.listed(includingArchived: includingArchived).fetchAll(db).map(\.trainee)
        }
    }

    /// Gives a trainee a new name (checked as for ``addTrainee(named:at:)``); history stays.
    @discardableResult
    public func renameTrainee(named oldName: String, to rawNewName: String) throws -> Trainee {
        let newName = try Trainee.validatedName(rawNewName)
        return try write { db in
            guard
                var row = try TraineeRow.named(oldName.trimmingCharacters(in: .whitespacesAndNewlines))
                    .fetchOne(db)
            else {
                throw SpacertError.invalidInput("no trainee named '\(oldName)'")
            }
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
            guard
                var row = try TraineeRow.named(name.trimmingCharacters(in: .whitespacesAndNewlines))
                    .fetchOne(db)
            else {
                throw SpacertError.invalidInput("no trainee named '\(name)'")
            }
            row.archived = archived
            try row.update(db, columns: [TraineeRow.Columns.archived])
            return row.trainee
        }
    }

    // MARK: - Rows

    static func trainee(named name: String, _ db: Database) throws -> Trainee? {
        try TraineeRow.named(name).fetchOne(db)?.trainee
    }

    private static func insertTrainee(_ name: String, at time: Date, _ db: Database) throws -> Trainee {
        var row = TraineeRow(name: name, created: time)
        try row.insert(db)
        return row.trainee
    }
}
