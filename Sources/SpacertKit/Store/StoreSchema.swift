import GRDB

/// The store's tables, built by numbered migrations; each sets `PRAGMA user_version` to its
/// number so that an older spacert can tell, even from the file header, that it is too old.
///
/// Times are whole microseconds since 1970 UTC (`datetime(due / 1e6, 'unixepoch')` reads them).
enum StoreSchema {
    /// `PRAGMA application_id` of a spacert store: "SPRT".
    static let applicationID: Int32 = 0x5350_5254
    /// The newest schema this spacert writes.
    static let version = 6

    /// The migrations, oldest first. Never edit one that has shipped: add another.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: version2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: version3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: version4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: version5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: version6)
        }
        return migrator
    }

    /// The migration identifiers this spacert knows, oldest first.
    static var knownMigrations: [String] { migrator.migrations }

    /// Version 1: trainees, cards and the review log.
    static let version1 = """
        CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            created INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
        );
        CREATE TABLE cards (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            question_id TEXT NOT NULL,
            question_rev INTEGER NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER NOT NULL,
            last_review INTEGER,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            introduced INTEGER NOT NULL,
            PRIMARY KEY (trainee_id, question_id)
        ) WITHOUT ROWID;
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            question_id TEXT NOT NULL,
            question_rev INTEGER NOT NULL,
            answer TEXT NOT NULL,
            shown_order TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'cram'))
        );
        CREATE INDEX review_log_by_trainee ON review_log(trainee_id, id);
        PRAGMA application_id = 1397772884;
        PRAGMA user_version = 1;
        """

    /// Version 2: editors' flags, and a guard that keeps the review log append-only
    /// (undo deletes the newest row; nothing ever rewrites one).
    static let version2 = """
        CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            question_id TEXT NOT NULL,
            question_rev INTEGER NOT NULL,
            note TEXT NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE INDEX flags_by_question ON flags(question_id);
        CREATE TRIGGER review_log_append_only BEFORE UPDATE ON review_log
        BEGIN
            SELECT RAISE(ABORT, 'the review log is append-only');
        END;
        PRAGMA user_version = 2;
        """

    /// Version 3: the exam ledger. Every exam event (an attempt's start with the questions
    /// drawn, each answer as it is given, the graded result) is one row, hash-chained to the
    /// row before it, so `spacert audit` detects any edit, deletion or insertion in the middle.
    /// Triggers refuse UPDATE and DELETE.
    static let version3 = """
        CREATE TABLE exam_ledger (
            seq INTEGER PRIMARY KEY,
            attempt TEXT NOT NULL,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            kind TEXT NOT NULL CHECK (kind IN ('start', 'answer', 'result', 'grant')),
            at INTEGER NOT NULL,
            body TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE INDEX exam_ledger_by_attempt ON exam_ledger(attempt, seq);
        CREATE INDEX exam_ledger_by_trainee ON exam_ledger(trainee_id, kind, seq);
        CREATE INDEX exam_ledger_by_kind ON exam_ledger(kind, seq);
        CREATE TRIGGER exam_ledger_no_update BEFORE UPDATE ON exam_ledger
        BEGIN
            SELECT RAISE(ABORT, 'the exam ledger is append-only');
        END;
        CREATE TRIGGER exam_ledger_no_delete BEFORE DELETE ON exam_ledger
        BEGIN
            SELECT RAISE(ABORT, 'the exam ledger is append-only');
        END;
        PRAGMA user_version = 3;
        """

    /// Version 4: rules the store itself keeps, whatever the number of processes, and signed
    /// checkpoints of the ledger.
    ///
    /// - An attempt has one start and at most one result (unique partial indexes).
    /// - A trainee has at most one open attempt: `open_attempts` holds it, filled and emptied by
    ///   triggers on the ledger, so a second start for a trainee with an attempt open fails.
    /// - `ledger_checkpoints`: the ledger's head at a moment, signed with the spa's key (in the
    ///   style of Certificate Transparency's signed tree heads); append-only like the ledger.
    ///
    /// An older ledger may hold two open attempts of one trainee (the race this version closes):
    /// the newest is kept as the open one, as `spacert exam` resumed it.
    static let version4 = """
        CREATE UNIQUE INDEX exam_ledger_one_start ON exam_ledger(attempt) WHERE kind = 'start';
        CREATE UNIQUE INDEX exam_ledger_one_result ON exam_ledger(attempt) WHERE kind = 'result';
        CREATE TABLE open_attempts (
            trainee_id INTEGER PRIMARY KEY REFERENCES trainees(id),
            attempt TEXT NOT NULL UNIQUE
        );
        INSERT OR REPLACE INTO open_attempts (trainee_id, attempt)
            SELECT trainee_id, attempt FROM exam_ledger AS s
            WHERE kind = 'start'
            AND NOT EXISTS (SELECT 1 FROM exam_ledger AS r WHERE r.attempt = s.attempt AND r.kind = 'result')
            ORDER BY seq;
        CREATE TRIGGER exam_ledger_opens AFTER INSERT ON exam_ledger WHEN NEW.kind = 'start'
        BEGIN
            INSERT INTO open_attempts (trainee_id, attempt) VALUES (NEW.trainee_id, NEW.attempt);
        END;
        CREATE TRIGGER exam_ledger_closes AFTER INSERT ON exam_ledger WHEN NEW.kind = 'result'
        BEGIN
            DELETE FROM open_attempts WHERE attempt = NEW.attempt;
        END;
        CREATE TABLE ledger_checkpoints (
            id INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL,
            head TEXT NOT NULL,
            at INTEGER NOT NULL,
            key TEXT NOT NULL,
            signature TEXT NOT NULL
        );
        CREATE INDEX ledger_checkpoints_by_seq ON ledger_checkpoints(seq);
        CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
        BEGIN
            SELECT RAISE(ABORT, 'the ledger checkpoints are append-only');
        END;
        CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
        BEGIN
            SELECT RAISE(ABORT, 'the ledger checkpoints are append-only');
        END;
        PRAGMA user_version = 4;
        """

    /// Version 5: the certificates issued, as signed, so that a verification code typed from
    /// paper finds its certificate (`spacert verify --code`) and a certificate can be printed
    /// again. Rows are never changed or deleted.
    static let version5 = """
        CREATE TABLE certificates (
            id TEXT PRIMARY KEY,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            attempt TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            issued INTEGER NOT NULL,
            expires INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        CREATE INDEX certificates_by_trainee ON certificates(trainee_id, issued);
        CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
        BEGIN
            SELECT RAISE(ABORT, 'certificates are kept as issued');
        END;
        CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
        BEGIN
            SELECT RAISE(ABORT, 'certificates are kept as issued');
        END;
        PRAGMA user_version = 5;
        """

    /// Version 6: each trainee belongs to a branch of the spa (a spa group's front desks share
    /// one store); every trainee already stored is in the default branch, "main".
    static let version6 = """
        ALTER TABLE trainees ADD COLUMN branch TEXT NOT NULL COLLATE NOCASE DEFAULT 'main'
            CHECK (length(branch) BETWEEN 1 AND 64);
        CREATE INDEX trainees_by_branch ON trainees(branch);
        PRAGMA user_version = 6;
        """
}
