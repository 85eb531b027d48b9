import Foundation

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
        return try write { tx in
            if let existing = try tx.trainee(named: name) {
                throw SpacertError.invalidInput("a trainee named '\(existing.name)' already exists")
            }
            return try tx.insertTrainee(
                name: name, branch: try tx.branchSpelling(branch) ?? branch,
                created: StoreTime.normalized(time))
        }
    }

    /// Moves a trainee to another branch; their history stays.
    @discardableResult
    public func moveTrainee(named name: String, toBranch rawBranch: String) throws -> Trainee {
        let branch = try Trainee.validatedBranch(rawBranch)
        return try write { tx in
            var trainee = try Self.existing(named: name, tx)
            trainee.branch = try tx.branchSpelling(branch) ?? branch
            try tx.updateTrainee(trainee)
            return trainee
        }
    }

    /// The branches trainees belong to, with how many (archived ones left out), by name.
    public func branches() throws -> [(branch: String, trainees: Int)] {
        try read { tx in try tx.branches() }
    }

    /// The trainee with this name, making them on first use; `created` says which happened.
    public func ensureTrainee(named rawName: String, at time: Date) throws -> (
        trainee: Trainee, created: Bool
    ) {
        let name = try Trainee.validatedName(rawName)
        if let trainee = try read({ try $0.trainee(named: name) }) { return (trainee, false) }
        return try write { tx in
            if let trainee = try tx.trainee(named: name) { return (trainee, false) }
            return (
                try tx.insertTrainee(
                    name: name, branch: try tx.branchSpelling(Trainee.defaultBranch) ?? Trainee.defaultBranch,
                    created: StoreTime.normalized(time)), true
            )
        }
    }

    /// The trainee with this name (ignoring ASCII case and surrounding white space), if any.
    public func trainee(named name: String) throws -> Trainee? {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return try read { try $0.trainee(named: name) }
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
        try read { tx in try tx.trainees(includingArchived: includingArchived, branch: branch) }
    }

    /// Gives a trainee a new name (checked as for ``addTrainee(named:at:)``); history stays.
    @discardableResult
    public func renameTrainee(named oldName: String, to rawNewName: String) throws -> Trainee {
        let newName = try Trainee.validatedName(rawNewName)
        return try write { tx in
            var trainee = try Self.existing(named: oldName, tx)
            if let other = try tx.trainee(named: newName), other.id != trainee.id {
                throw SpacertError.invalidInput("a trainee named '\(other.name)' already exists")
            }
            trainee.name = newName
            try tx.updateTrainee(trainee)
            return trainee
        }
    }

    /// Archives (or, with `archived: false`, restores) a trainee; their history stays.
    @discardableResult
    public func archiveTrainee(named name: String, archived: Bool = true) throws -> Trainee {
        try write { tx in
            var trainee = try Self.existing(named: name, tx)
            trainee.archived = archived
            try tx.updateTrainee(trainee)
            return trainee
        }
    }

    // MARK: - Rows

    /// The trainee with this name (trimmed), or an error naming the missing trainee.
    private static func existing(named name: String, _ tx: any StoreTransaction) throws -> Trainee {
        guard let trainee = try tx.trainee(named: name.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SpacertError.invalidInput("no trainee named '\(name)'")
        }
        return trainee
    }
}
