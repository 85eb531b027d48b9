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
            try Row.fetchAll(
                db,
                sql: "SELECT id, name, created, archived FROM trainees"
                    + (includingArchived ? "" : " WHERE archived = 0") + " ORDER BY name, id"
            ).map(Self.trainee(from:))
        }
    }

    /// Gives a trainee a new name (checked as for ``addTrainee(named:at:)``); history stays.
    @discardableResult
    public func renameTrainee(named oldName: String, to rawNewName: String) throws -> Trainee {
        let newName = try Trainee.validatedName(rawNewName)
        return try write { db in
            guard
                var trainee = try Self.trainee(
                    named: oldName.trimmingCharacters(in: .whitespacesAndNewlines), db)
            else {
                throw SpacertError.invalidInput("no trainee named '\(oldName)'")
            }
            if let other = try Self.trainee(named: newName, db), other.id != trainee.id {
                throw SpacertError.invalidInput("a trainee named '\(other.name)' already exists")
            }
            try db.execute(
                sql: "UPDATE trainees SET name = ? WHERE id = ?", arguments: [newName, trainee.id])
            trainee.name = newName
            return trainee
        }
    }

    /// Archives (or, with `archived: false`, restores) a trainee; their history stays.
    @discardableResult
    public func archiveTrainee(named name: String, archived: Bool = true) throws -> Trainee {
        try write { db in
            guard
                var trainee = try Self.trainee(
                    named: name.trimmingCharacters(in: .whitespacesAndNewlines), db)
            else {
                throw SpacertError.invalidInput("no trainee named '\(name)'")
            }
            try db.execute(
                sql: "UPDATE trainees SET archived = ? WHERE id = ?", arguments: [archived, trainee.id])
            trainee.archived = archived
            return trainee
        }
    }

    // MARK: - Rows

    static func trainee(named name: String, _ db: Database) throws -> Trainee? {
        try Row.fetchOne(
            db, sql: "SELECT id, name, created, archived FROM trainees WHERE name = ?", arguments: [name]
        ).map(trainee(from:))
    }

    private static func insertTrainee(_ name: String, at time: Date, _ db: Database) throws -> Trainee {
        let created = StoreTime.micros(time)
        try db.execute(
            sql: "INSERT INTO trainees (name, created, archived) VALUES (?, ?, 0)",
            arguments: [name, created])
        return Trainee(
            id: db.lastInsertedRowID, name: name, created: StoreTime.date(created), archived: false)
    }

    private static func trainee(from row: Row) -> Trainee {
        Trainee(
            id: row["id"], name: row["name"], created: StoreTime.date(row["created"]),
            archived: row["archived"])
    }
}
