// Migration 7: receiving — the returns a desk is told to expect, each item's condition and
// disposition, where its lists and exports went, and the outbound webhook's outbox.
//
// - expected_returns: one row per announced return id (a later announcement replaces it); the
//   expected categories as a JSON array. expected_files: every expected-returns file taken in, by
//   content hash, with what it held and where it was kept (files are moved, never deleted).
// - items.expected_match (match, mismatch, unchecked; NULL when its return was never announced): the item's category (a person's live accept/override, else the latest
//   prediction: migration 2's columns) against its return's expected categories. Kept by triggers,
//   never written by code, so intake, the batch, Review and a file that arrives after the photo all
//   agree without a line of their own; the review queue and the band read it (the mismatch rule).
// - item_conditions: append-only grade and chosen-disposition records; items.grade and
//   items.disposition repeat the latest (triggers), for History and pick lists at a year's size.
//   items.disposition is a person's choice only: NULL means "the rule table's" (Settings).
// - pick_list_copies / pick_list_lines: every saved pick list and the items on it (the timeline's
//   "on which pick list"). inventory_exports: the export files of each batch run.
// - outbox: one message per settled item, written in the same transaction that records the
//   export, delivered at least once (idempotency_key, unique) and never deleted.
import type BetterSqlite3 from 'better-sqlite3';

const GRADES = `('New', 'Good', 'Damaged', 'Unsellable')`;
const DISPOSITIONS = `('Restock', 'Refurbish', 'Liquidate', 'Donate', 'Return to vendor', 'Quarantine')`;

/** An item's expected_match from its return id and settled category, for an item whose return was
 * announced (the triggers run only then). An item whose return id was never announced keeps NULL:
 * readers call it 'unexpected' (a return id and a category, no announcement), so a desk that never
 * announces returns pays nothing per photo. */
const MATCH = (item: string) => /* sql */ `(
  SELECT CASE
    WHEN coalesce(${item}.reviewed_category, ${item}.latest_category) IS NULL THEN NULL
    WHEN json_array_length(e.categories) = 0 THEN 'unchecked'
    WHEN EXISTS (SELECT 1 FROM json_each(e.categories) c
                  WHERE c.value = coalesce(${item}.reviewed_category, ${item}.latest_category)) THEN 'match'
    ELSE 'mismatch' END
  FROM expected_returns e WHERE e.return_id = ${item}.return_id)`;
const ANNOUNCED = (item: string) => `EXISTS (SELECT 1 FROM expected_returns WHERE return_id = ${item}.return_id)`;

const SQL = /* sql */ `
CREATE TABLE expected_returns (
  return_id    TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL,
  categories   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories) AND json_type(categories) = 'array'),
  item_text    TEXT NOT NULL DEFAULT '',
  customer_ref TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX expected_returns_by_order ON expected_returns (order_id);

CREATE TABLE expected_files (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT    NOT NULL,
  sha256       TEXT    NOT NULL,
  kept_as      TEXT    NOT NULL,
  good_rows    INTEGER NOT NULL CHECK (good_rows >= 0),
  bad_rows     INTEGER NOT NULL CHECK (bad_rows >= 0),
  processed_at TEXT    NOT NULL
);
CREATE INDEX expected_files_by_sha256 ON expected_files (sha256);

ALTER TABLE items ADD COLUMN expected_match TEXT
  CHECK (expected_match IS NULL OR expected_match IN ('match', 'mismatch', 'unchecked'));
ALTER TABLE items ADD COLUMN grade TEXT CHECK (grade IS NULL OR grade IN ${GRADES});
ALTER TABLE items ADD COLUMN disposition TEXT CHECK (disposition IS NULL OR disposition IN ${DISPOSITIONS});
CREATE INDEX items_by_return_id ON items (return_id) WHERE return_id IS NOT NULL;
CREATE INDEX items_receiving ON items (received_at, expected_match, grade, disposition, reviewed_category, latest_category, return_id);

CREATE TRIGGER items_expected_on_insert AFTER INSERT ON items WHEN ${ANNOUNCED('NEW')}
BEGIN
  UPDATE items SET expected_match = ${MATCH('items')} WHERE id = NEW.id;
END;
CREATE TRIGGER items_expected_on_change AFTER UPDATE OF return_id, latest_category, reviewed_category ON items
WHEN ${ANNOUNCED('NEW')} OR OLD.expected_match IS NOT NULL
BEGIN
  UPDATE items SET expected_match = ${MATCH('items')} WHERE id = NEW.id AND expected_match IS NOT ${MATCH('items')};
END;
CREATE TRIGGER expected_returns_added AFTER INSERT ON expected_returns
BEGIN
  UPDATE items SET expected_match = ${MATCH('items')} WHERE return_id = NEW.return_id;
END;
CREATE TRIGGER expected_returns_changed AFTER UPDATE ON expected_returns
BEGIN
  UPDATE items SET expected_match = ${MATCH('items')} WHERE return_id = NEW.return_id;
END;

CREATE TABLE item_conditions (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items (id),
  grade       TEXT CHECK (grade IS NULL OR grade IN ${GRADES}),
  disposition TEXT CHECK (disposition IS NULL OR disposition IN ${DISPOSITIONS}),
  clerk       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX item_conditions_by_item ON item_conditions (item_id, id);
CREATE TRIGGER item_conditions_no_update BEFORE UPDATE ON item_conditions
BEGIN SELECT RAISE(ABORT, 'item conditions are append-only'); END;
CREATE TRIGGER item_conditions_no_delete BEFORE DELETE ON item_conditions
BEGIN SELECT RAISE(ABORT, 'item conditions are append-only'); END;
CREATE TRIGGER item_conditions_latest AFTER INSERT ON item_conditions
BEGIN
  UPDATE items SET grade = NEW.grade, disposition = NEW.disposition WHERE id = NEW.item_id;
END;

CREATE TABLE pick_list_copies (
  id         INTEGER PRIMARY KEY,
  rel_path   TEXT NOT NULL,
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE pick_list_lines (
  item_id      INTEGER NOT NULL REFERENCES items (id),
  pick_list_id INTEGER NOT NULL REFERENCES pick_list_copies (id),
  PRIMARY KEY (item_id, pick_list_id)
) WITHOUT ROWID;

CREATE TABLE inventory_exports (
  batch_run_id INTEGER PRIMARY KEY REFERENCES batch_runs (id),
  csv          TEXT    NOT NULL,
  json         TEXT    NOT NULL,
  rows         INTEGER NOT NULL CHECK (rows >= 0),
  created_at   TEXT    NOT NULL
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT    NOT NULL UNIQUE,
  item_id         INTEGER REFERENCES items (id),
  body            TEXT    NOT NULL CHECK (json_valid(body)),
  state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT    NOT NULL,
  last_status     INTEGER,
  last_error      TEXT,
  created_at      TEXT    NOT NULL,
  delivered_at    TEXT,
  CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_by_item ON outbox (item_id);
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox messages are kept'); END;
`;

export function receiving(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
