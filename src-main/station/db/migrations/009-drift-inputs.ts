// Migration 9: what the drift watch reads (models/… any; issue 35).
//
// `predictions.image_stats` keeps each photo's image statistics as the classifier measured them on the
// working copy it decoded anyway (src-shared/drift.ts ImageStats: brightness, contrast, colour cast,
// sharpness, size), as JSON; NULL for predictions made before and for photos read without them.
// `drift_references` keeps the desk's own reference, built once from its first settled nights of one
// model (drift/desk-reference.ts): from then on a night is compared with the desk's usual, not with
// the model's training photos. The reference is JSON (drift/drift-reference.ts DriftReference).
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE predictions ADD COLUMN image_stats TEXT CHECK (image_stats IS NULL OR json_valid(image_stats));

CREATE TABLE drift_references (
  id            INTEGER PRIMARY KEY,
  model_sha256  TEXT    NOT NULL CHECK (length(model_sha256) = 64),
  built_at      TEXT    NOT NULL,
  first_run_id  INTEGER NOT NULL REFERENCES batch_runs(id),
  last_run_id   INTEGER NOT NULL REFERENCES batch_runs(id),
  nights        INTEGER NOT NULL CHECK (nights > 0),
  photos        INTEGER NOT NULL CHECK (photos > 0),
  reference     TEXT    NOT NULL CHECK (json_valid(reference))
);
CREATE INDEX drift_references_model ON drift_references(model_sha256, id);
`;

export function driftInputs(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
