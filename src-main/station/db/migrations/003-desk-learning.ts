// Migration 3: what the station needs to learn from its morning review.
//
// - Each prediction keeps what a desk head reads: the photo's features (int8, one scale per photo:
//   384 bytes instead of 1.5 kB of float32, and the head loses nothing measurable), the raw logits
//   (float32), the photo kind of the band rule, the base model's own answer (the head may have
//   changed it) and which head made it.
// - desk_categories: categories a desk adds in Review; their photos go to processed/<name>/.
// - desk_heads: every head ever fitted, kept (rollback needs them), with its check figures beside
//   the base model's. desk_head_in_use: one row, the head predictions use (NULL: the base model).
//   A head is written in one transaction at the end of its fit, so a fit killed half-way leaves
//   nothing behind and the previous head in use.
// Desk examples are not a table: a photo is an example while its latest live review decision is an
// accept or override (items.reviewed_category, kept by migration 2's triggers), so undo removes it
// with no code of its own.
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE predictions ADD COLUMN features BLOB;
ALTER TABLE predictions ADD COLUMN features_scale REAL;
ALTER TABLE predictions ADD COLUMN logits BLOB;
ALTER TABLE predictions ADD COLUMN photo_kind TEXT CHECK (photo_kind IS NULL OR photo_kind IN ('studio', 'photo'));
ALTER TABLE predictions ADD COLUMN base_category TEXT;
ALTER TABLE predictions ADD COLUMN base_confidence REAL;
ALTER TABLE predictions ADD COLUMN head_id INTEGER REFERENCES desk_heads (id);

CREATE TABLE desk_categories (
  name       TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 40),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE desk_heads (
  id                    INTEGER PRIMARY KEY,
  model_sha256          TEXT    NOT NULL,
  created_at            TEXT    NOT NULL,
  trigger               TEXT    NOT NULL CHECK (trigger IN ('nightly', 'manual')),
  classes               TEXT    NOT NULL CHECK (json_valid(classes)),
  weights               BLOB    NOT NULL,
  examples              INTEGER NOT NULL CHECK (examples >= 0),
  check_examples        INTEGER NOT NULL CHECK (check_examples >= 0),
  check_accuracy        REAL    NOT NULL,
  base_check_accuracy   REAL    NOT NULL,
  check_wrong_auto      INTEGER NOT NULL,
  base_check_wrong_auto INTEGER NOT NULL,
  accepted              INTEGER NOT NULL CHECK (accepted IN (0, 1)),
  reason                TEXT    NOT NULL,
  -- The newest decision it saw: a night with no new decision fits nothing new.
  last_decision_id      INTEGER NOT NULL
);
CREATE INDEX desk_heads_by_time ON desk_heads (created_at);

CREATE TABLE desk_head_in_use (
  one       INTEGER PRIMARY KEY CHECK (one = 1),
  head_id   INTEGER REFERENCES desk_heads (id),
  chosen_at TEXT NOT NULL
);
INSERT INTO desk_head_in_use (one, head_id, chosen_at) VALUES (1, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Only an accepted head may be put in use.
CREATE TRIGGER desk_head_in_use_accepted BEFORE UPDATE OF head_id ON desk_head_in_use
WHEN NEW.head_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM desk_heads WHERE id = NEW.head_id AND accepted = 1)
BEGIN SELECT RAISE(ABORT, 'only an accepted desk head can be used'); END;

-- The examples of a model: reviewed items by their latest prediction with features.
CREATE INDEX items_reviewed ON items (reviewed_category) WHERE reviewed_category IS NOT NULL;
`;

export function deskLearning(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
