// Migration 1: the station's first schema. Never edit this file once shipped; change the schema
// with a new numbered migration, because desks in the field already have version 1 on disk.
//
// Choices worth knowing:
// - CHECK constraints only on value sets that are part of the file layout or the record's meaning
//   (location, status, review action, journal state, severity). Alert rules and batch triggers
//   are left open: SQLite cannot change a CHECK without rebuilding the table, and those lists
//   grow with features.
// - Predictions and review decisions are append-only (triggers below). A decision is stored
//   beside the prediction, never over it; undo only stamps undone_at, once. That keeps the record
//   of what the model said and what a person decided honest for evaluation and audits.
// - No ON DELETE CASCADE anywhere: photos are never deleted, and a row delete that would orphan
//   history should fail loudly instead of quietly taking the history with it.
// - Times are ISO-8601 UTC text (see time-values.ts); JSON columns are checked with json_valid.
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
CREATE TABLE batch_runs (
  id               INTEGER PRIMARY KEY,
  -- Local start time as in the run's file names (batch_results_20251013_020000.csv).
  timestamp        TEXT    NOT NULL CHECK (timestamp GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9]'),
  total_images     INTEGER NOT NULL DEFAULT 0 CHECK (total_images >= 0),
  successful       INTEGER NOT NULL DEFAULT 0 CHECK (successful >= 0),
  failed           INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- Percent, 0–100, as in the desk's summary JSON (97.98).
  success_rate     REAL    NOT NULL DEFAULT 0,
  duration_seconds REAL    NOT NULL DEFAULT 0,
  status           TEXT    NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'completed', 'completed_with_errors', 'failed')),
  error_message    TEXT,
  started_at       TEXT    NOT NULL,
  finished_at      TEXT,
  "trigger"        TEXT    NOT NULL,
  low_confidence   INTEGER NOT NULL DEFAULT 0,
  model_sha256     TEXT,
  outputs          TEXT    CHECK (outputs IS NULL OR json_valid(outputs))
);
CREATE INDEX batch_runs_by_finished ON batch_runs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE items (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT    NOT NULL,
  -- The same bytes twice make one item. NULL only for a file that could not be read at all (no
  -- permission): it still gets a row, so its outcome is on record.
  sha256       TEXT    UNIQUE CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
  size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
  return_id    TEXT,
  location     TEXT    NOT NULL CHECK (location IN ('incoming', 'processed', 'errors')),
  -- Relative to the station root, forward slashes; the photo protocol joins it to the root, so
  -- an absolute path or a backslash must never get in (item-queries.ts also refuses "..").
  rel_path     TEXT    NOT NULL UNIQUE CHECK (instr(rel_path, '\\') = 0 AND substr(rel_path, 1, 1) <> '/'),
  status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'classified', 'filed', 'failed')),
  error        TEXT,
  received_at  TEXT    NOT NULL,
  filed_at     TEXT,
  batch_run_id INTEGER REFERENCES batch_runs (id)
);
CREATE INDEX items_by_received ON items (received_at);
CREATE INDEX items_by_status ON items (status, received_at);
CREATE INDEX items_by_location ON items (location, received_at);
CREATE INDEX items_by_batch_run ON items (batch_run_id);

CREATE TABLE predictions (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items (id),
  model_sha256 TEXT    NOT NULL,
  category     TEXT    NOT NULL,
  confidence   REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  top3         TEXT    NOT NULL CHECK (json_valid(top3)),
  latency_ms   REAL    NOT NULL CHECK (latency_ms >= 0),
  created_at   TEXT    NOT NULL
);
-- "The latest counts": max(id) per item, served by this index.
CREATE INDEX predictions_by_item ON predictions (item_id, id);

CREATE TRIGGER predictions_no_update BEFORE UPDATE ON predictions
BEGIN SELECT RAISE(ABORT, 'predictions are append-only'); END;
CREATE TRIGGER predictions_no_delete BEFORE DELETE ON predictions
BEGIN SELECT RAISE(ABORT, 'predictions are append-only'); END;

CREATE TABLE review_decisions (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items (id),
  action      TEXT    NOT NULL CHECK (action IN ('accept', 'override', 'defer', 'flag')),
  category    TEXT,
  clerk       TEXT    NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  created_at  TEXT    NOT NULL,
  undone_at   TEXT,
  CHECK (action <> 'override' OR category IS NOT NULL)
);
CREATE INDEX review_decisions_by_item ON review_decisions (item_id, id);

-- Undo may set undone_at once; nothing else about a decision ever changes.
CREATE TRIGGER review_decisions_undo_only BEFORE UPDATE ON review_decisions
WHEN OLD.undone_at IS NOT NULL OR NEW.undone_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.item_id IS NOT OLD.item_id OR NEW.action IS NOT OLD.action
  OR NEW.category IS NOT OLD.category OR NEW.clerk IS NOT OLD.clerk
  OR NEW.duration_ms IS NOT OLD.duration_ms OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'review decisions are append-only; undo may only set undone_at once'); END;
CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;

-- Every file move is written here as 'planned' before the rename and marked 'done' after it, so
-- recovery after a crash knows exactly which renames may be half-way.
CREATE TABLE move_journal (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER REFERENCES items (id),
  batch_run_id INTEGER REFERENCES batch_runs (id),
  from_rel     TEXT    NOT NULL,
  to_rel       TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done')),
  created_at   TEXT    NOT NULL,
  done_at      TEXT,
  CHECK ((state = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX move_journal_planned ON move_journal (id) WHERE state = 'planned';
CREATE INDEX move_journal_by_item ON move_journal (item_id);
CREATE INDEX move_journal_by_run ON move_journal (batch_run_id);

CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  rule            TEXT    NOT NULL,
  severity        TEXT    NOT NULL CHECK (severity IN ('critical', 'error', 'warning', 'info')),
  title           TEXT    NOT NULL,
  message         TEXT    NOT NULL,
  actions         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(actions)),
  batch_run_id    INTEGER REFERENCES batch_runs (id),
  created_at      TEXT    NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT
);
CREATE INDEX alerts_unacknowledged ON alerts (id) WHERE acknowledged_at IS NULL;

-- One row per StationSettings key that differs from the defaults the code ships with.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) WITHOUT ROWID;

CREATE TABLE warehouse_locations (
  category TEXT PRIMARY KEY,
  section  TEXT NOT NULL,
  aisle    TEXT NOT NULL
) WITHOUT ROWID;
`;

export function initialSchema(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
