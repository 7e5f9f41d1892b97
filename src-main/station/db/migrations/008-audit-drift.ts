// Migration 8: the station checks itself. A share of the photos it would auto-approve goes to a
// person (the audit sample), and while a drift flag is open the photos it would auto-approve go to
// a person too; their decisions measure how often an auto-approval is wrong at this desk.
//
// - items.held_for ('audit' | 'drift', NULL otherwise): why a photo the model would auto-approve was
//   sent to Review instead. Set once, when a prediction is stored in the high band (db/drift-queries.ts);
//   a held photo's band is 'medium' (src-shared/audit.ts bandWithHold) and it stays held.
// - drift_flags: every drift signal raised on a night (cause, message, details), until a person or
//   the audit clears it (who, when, how).
// - night_estimates: each batch run's estimated accuracy of all its photos and of the auto-approved
//   ones, each with its interval, and the method that made them.
// - drift_checks: each batch run's drift signals as measured (the reference they were compared with
//   and the signals as JSON), for History's "Is the station still right?" panel.
// - settings.auditSeed: made once here, at random (32 hex digits); the audit rule reads it, nothing
//   changes it.
import type BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

const SQL = /* sql */ `
ALTER TABLE items ADD COLUMN held_for TEXT CHECK (held_for IS NULL OR held_for IN ('audit', 'drift'));
CREATE INDEX items_held ON items (held_for) WHERE held_for IS NOT NULL;

CREATE TABLE drift_flags (
  id           INTEGER PRIMARY KEY,
  raised_at    TEXT    NOT NULL,
  batch_run_id INTEGER REFERENCES batch_runs (id),
  cause        TEXT    NOT NULL CHECK (length(cause) BETWEEN 1 AND 64),
  message      TEXT    NOT NULL,
  details      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  cleared_at   TEXT,
  cleared_by   TEXT,
  cleared_how  TEXT CHECK (cleared_how IS NULL OR cleared_how IN ('person', 'audit')),
  CHECK ((cleared_at IS NULL) = (cleared_by IS NULL) AND (cleared_at IS NULL) = (cleared_how IS NULL))
);
CREATE INDEX drift_flags_open ON drift_flags (raised_at) WHERE cleared_at IS NULL;

CREATE TABLE night_estimates (
  batch_run_id  INTEGER PRIMARY KEY REFERENCES batch_runs (id),
  method        TEXT    NOT NULL,
  all_estimate  REAL    NOT NULL CHECK (all_estimate BETWEEN 0 AND 1),
  all_low       REAL    NOT NULL CHECK (all_low BETWEEN 0 AND 1),
  all_high      REAL    NOT NULL CHECK (all_high BETWEEN 0 AND 1),
  auto_estimate REAL             CHECK (auto_estimate IS NULL OR auto_estimate BETWEEN 0 AND 1),
  auto_low      REAL             CHECK (auto_low IS NULL OR auto_low BETWEEN 0 AND 1),
  auto_high     REAL             CHECK (auto_high IS NULL OR auto_high BETWEEN 0 AND 1),
  photos        INTEGER NOT NULL CHECK (photos >= 0),
  auto_photos   INTEGER NOT NULL CHECK (auto_photos >= 0),
  created_at    TEXT    NOT NULL
);

CREATE TABLE drift_checks (
  batch_run_id INTEGER PRIMARY KEY REFERENCES batch_runs (id),
  reference    TEXT    NOT NULL CHECK (reference IN ('model', 'desk')),
  signals      TEXT    NOT NULL CHECK (json_valid(signals) AND json_type(signals) = 'array'),
  created_at   TEXT    NOT NULL
);
`;

/** RETURNS_STATION_AUDIT_SEED, when set, is the seed instead of a random one; '' makes a database
 * with no audit sample. The unit tests set '' (vitest.config.ts), so a confident photo in a test
 * that is not about the audit is never drawn at random; the audit's own tests store a seed. */
const SEED_ENV = 'RETURNS_STATION_AUDIT_SEED';

export function auditDrift(db: BetterSqlite3.Database): void {
  db.exec(SQL);
  const seed = process.env[SEED_ENV] ?? randomBytes(16).toString('hex');
  db.prepare(`INSERT INTO settings (key, value) VALUES ('auditSeed', json_quote(?)) ON CONFLICT (key) DO NOTHING`).run(seed);
}
