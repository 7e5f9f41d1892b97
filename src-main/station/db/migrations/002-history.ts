// Migration 2: what pick lists and the History screen need to stay fast at a year of
// history (~110,000 items).
//
// - Derived columns on items, kept by triggers, never written by code: the latest prediction's
//   category and confidence, and the category of the latest live accept/override decision. They
//   repeat what item-select.ts works out per item ("latest" = highest id), so a year's History
//   request is one range scan of one covering index instead of three or four index probes per
//   item (measured: ~2.5× faster). Predictions and decisions are append-only (migration 1's
//   triggers) and undo only stamps undone_at, so an insert or that one update is all that can
//   change them; the triggers below cover exactly those.
// - Indexes: items by received day with those columns (the History query reads nothing else);
//   items by filed_at (pick lists "filed between these days"); runs by start and alerts by
//   creation time (the runs and alerts of a date range).
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE items ADD COLUMN latest_category TEXT;
ALTER TABLE items ADD COLUMN latest_confidence REAL;
ALTER TABLE items ADD COLUMN reviewed_category TEXT;

-- A new prediction is the latest unless a row with a higher id exists (an import writing out of
-- order); live, ids only grow. A row that already holds the values is left alone (bulk-import.ts
-- writes them with the item: rewriting 110,000 rows and their index entries again costs seconds).
CREATE TRIGGER items_latest_prediction AFTER INSERT ON predictions
BEGIN
  UPDATE items SET latest_category = NEW.category, latest_confidence = NEW.confidence
   WHERE id = NEW.item_id
     AND (latest_category IS NOT NEW.category OR latest_confidence IS NOT NEW.confidence)
     AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.item_id = NEW.item_id AND p.id > NEW.id);
END;

CREATE TRIGGER items_reviewed_on_decision AFTER INSERT ON review_decisions
BEGIN
  UPDATE items SET reviewed_category = (
    SELECT r.category FROM review_decisions r
     WHERE r.item_id = NEW.item_id AND r.undone_at IS NULL AND r.action IN ('accept', 'override')
     ORDER BY r.id DESC LIMIT 1)
   WHERE id = NEW.item_id;
END;

CREATE TRIGGER items_reviewed_on_undo AFTER UPDATE OF undone_at ON review_decisions
BEGIN
  UPDATE items SET reviewed_category = (
    SELECT r.category FROM review_decisions r
     WHERE r.item_id = NEW.item_id AND r.undone_at IS NULL AND r.action IN ('accept', 'override')
     ORDER BY r.id DESC LIMIT 1)
   WHERE id = NEW.item_id;
END;

-- Desks upgrading with history already on disk.
UPDATE items SET latest_category = p.category, latest_confidence = p.confidence
  FROM predictions p
 WHERE p.id = (SELECT max(id) FROM predictions WHERE item_id = items.id);
UPDATE items SET reviewed_category = (
  SELECT r.category FROM review_decisions r
   WHERE r.item_id = items.id AND r.undone_at IS NULL AND r.action IN ('accept', 'override')
   ORDER BY r.id DESC LIMIT 1)
 WHERE EXISTS (SELECT 1 FROM review_decisions r WHERE r.item_id = items.id);

CREATE INDEX items_history ON items (received_at, status, latest_category, latest_confidence, reviewed_category);
CREATE INDEX items_by_filed ON items (filed_at) WHERE filed_at IS NOT NULL;
CREATE INDEX batch_runs_by_started ON batch_runs (started_at);
CREATE INDEX alerts_by_created ON alerts (created_at);
`;

export function historySupport(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
