-- Least privilege for a spacert store on PostgreSQL (issue 16, item 5).
--
-- Run it as the owner of spacert's tables (the role that ran the first spacert on the database,
-- so that the tables exist), in that database, after every spacert upgrade:
--
--     psql -v ON_ERROR_STOP=1 -f Scripts/postgres-roles.sql 'postgres://OWNER@HOST/DATABASE'
--
-- It makes two group roles that cannot log in themselves, and grants them what their machines need.
-- Give each machine its own login role in one of the groups, for example:
--
--     CREATE ROLE north_desk LOGIN PASSWORD '...' IN ROLE spacert_terminal;
--     CREATE ROLE training_manager LOGIN PASSWORD '...' IN ROLE spacert_manager;
--
-- spacert_terminal, a branch's front-desk machine: trainees practise (cards, review log, flags;
-- undo removes the newest review), sit exams (the ledger's start, answer and result rows) and
-- read their progress. It cannot add or rename trainees, grant exam attempts, change or remove
-- any ledger row, sign checkpoints or issue certificates.
--
-- spacert_manager, the training manager's desk: reports, trainees, grants, checkpoints and
-- certificates (issued there from verified results: the spa's signing key never sits on a
-- branch terminal; docs/POSTGRES.md).
--
-- Nobody, the owner included, can change or delete a ledger row, checkpoint or certificate: the
-- tables' triggers refuse it. The grants below are the second wall.
--
-- Running it again is safe: roles are made only when missing, policies are replaced.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spacert_terminal') THEN
        CREATE ROLE spacert_terminal NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spacert_manager') THEN
        CREATE ROLE spacert_manager NOLOGIN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO spacert_terminal, spacert_manager', current_schema());
END
$$;

-- Start from nothing, so that a grant removed here is removed from the database too.
REVOKE ALL ON trainees, cards, review_log, flags, exam_ledger, open_attempts, ledger_checkpoints,
    certificates, spacert_schema FROM spacert_terminal, spacert_manager;

-- Both read everything: the schema version, progress, the ledger, checkpoints, certificates.
GRANT SELECT ON trainees, cards, review_log, flags, exam_ledger, open_attempts, ledger_checkpoints,
    certificates, spacert_schema TO spacert_terminal, spacert_manager;

-- Practice: cards are rewritten as answers come (and rebuilt from the log after an undo); the
-- review log gains a row per answer and loses only its newest on undo; flags are raised.
GRANT INSERT, UPDATE, DELETE ON cards TO spacert_terminal;
GRANT INSERT, DELETE ON review_log TO spacert_terminal;
GRANT INSERT ON flags TO spacert_terminal;
GRANT USAGE ON SEQUENCE review_log_id_seq, flags_id_seq TO spacert_terminal;

-- Exams: rows are appended to the ledger (which kinds, the policies below decide). The
-- open_attempts table follows the ledger by a trigger that runs as the owner.
GRANT INSERT ON exam_ledger TO spacert_terminal, spacert_manager;

-- The manager's desk: trainees (add, rename, archive), checkpoints, certificates.
GRANT INSERT, UPDATE ON trainees TO spacert_manager;
GRANT INSERT ON ledger_checkpoints, certificates TO spacert_manager;
GRANT USAGE ON SEQUENCE trainees_id_seq, ledger_checkpoints_id_seq TO spacert_manager;

-- Row-level security on the ledger: a terminal appends starts, answers and results, never a
-- grant of another attempt. The owner is not bound by these policies.
ALTER TABLE exam_ledger ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS spacert_read ON exam_ledger;
DROP POLICY IF EXISTS spacert_terminal_append ON exam_ledger;
DROP POLICY IF EXISTS spacert_manager_append ON exam_ledger;
CREATE POLICY spacert_read ON exam_ledger FOR SELECT TO spacert_terminal, spacert_manager USING (true);
CREATE POLICY spacert_terminal_append ON exam_ledger FOR INSERT TO spacert_terminal
    WITH CHECK (kind IN ('start', 'answer', 'result'));
CREATE POLICY spacert_manager_append ON exam_ledger FOR INSERT TO spacert_manager WITH CHECK (true);
