// Migration 2's derived columns: the latest prediction and the reviewed category kept on the item
// by triggers must always say what item-select.ts works out from the base tables.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from './migrations.ts';
import { openStationDb } from './open-station-db.ts';
import { localIso, openTempDb, shaOf, type TempDb } from './test-temp-db.ts';
import { localDays } from './time-values.ts';

const MODEL = 'c'.repeat(64);

describe('derived history columns', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  const derived = (id: number) => {
    const raw = new Database(t.file, { readonly: true });
    try {
      return raw
        .prepare('SELECT latest_category AS latest, latest_confidence AS confidence, reviewed_category AS reviewed FROM items WHERE id = ?')
        .get(id);
    } finally {
      raw.close();
    }
  };
  const predict = (itemId: number, category: string, confidence: number) =>
    t.db.items.addPrediction(itemId, { category, confidence, top3: [{ category, confidence }], modelSha256: MODEL, latencyMs: 3 });

  it('follow new predictions, decisions and undo', () => {
    const item = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf('a'), sizeBytes: 1, relPath: 'incoming/a.jpg' });
    expect(derived(item.id)).toEqual({ latest: null, confidence: null, reviewed: null });
    predict(item.id, 'Tops', 0.6);
    predict(item.id, 'Shirts', 0.66);
    expect(derived(item.id)).toEqual({ latest: 'Shirts', confidence: 0.66, reviewed: null });

    const accept = t.db.review.addDecision({ itemId: item.id, action: 'accept', clerk: 'Ana', durationMs: 1 });
    expect(derived(item.id)).toMatchObject({ reviewed: 'Shirts' });
    const override = t.db.review.addDecision({ itemId: item.id, action: 'override', category: 'Heels', clerk: 'Ana', durationMs: 1 });
    t.db.review.addDecision({ itemId: item.id, action: 'defer', clerk: 'Ana', durationMs: 1 });
    expect(derived(item.id)).toMatchObject({ reviewed: 'Heels' });
    t.db.review.undoDecision(override.id);
    expect(derived(item.id)).toMatchObject({ reviewed: 'Shirts' });
    t.db.review.undoDecision(accept.id);
    expect(derived(item.id)).toMatchObject({ reviewed: null });
    expect(t.db.items.getItem(item.id)!.category).toBe('Shirts');
  });

  it('feed the daily counts exactly as the items read', () => {
    const days = localDays('2025-10-12', '2025-10-13');
    const add = (n: number, day: number, category: string, confidence: number | null) => {
      const item = t.db.items.insertItem({
        fileName: `${n}.jpg`,
        sha256: shaOf(n),
        sizeBytes: 1,
        relPath: `incoming/${n}.jpg`,
        receivedAt: localIso(2025, 10, day, 10),
      });
      if (confidence !== null) predict(item.id, category, confidence);
      return item;
    };
    add(1, 12, 'Tops', 0.9);
    const low = add(2, 13, 'Tops', 0.5);
    add(3, 13, 'Tops', 0.75);
    const unread = add(4, 13, '', null);
    t.db.items.updateItemLocation(unread.id, 'errors', 'errors/4.jpg', 'failed', 'unreadable');
    t.db.review.addDecision({ itemId: low.id, action: 'override', category: 'Heels', clerk: 'Ana', durationMs: 1 });
    expect(t.db.history.dailyItemCounts(days, { high: 0.85, low: 0.7 })).toEqual([
      {
        day: '2025-10-12',
        received: 1,
        classified: 1,
        bands: { high: 1, medium: 0, low: 0 },
        filed: 0,
        failed: 0,
        reviewed: 0,
        overridden: 0,
        categories: { Tops: 1 },
      },
      {
        day: '2025-10-13',
        received: 3,
        classified: 2,
        bands: { high: 0, medium: 1, low: 1 },
        filed: 0,
        failed: 1,
        reviewed: 1,
        overridden: 1,
        categories: { Heels: 1, Tops: 1 },
      },
    ]);
  });
});

describe('migration 2 on a version-1 file with history', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rs-m2-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills the derived columns from the rows already there', () => {
    const file = path.join(dir, 'station.db');
    const v1 = new Database(file);
    runMigrations(v1, MIGRATIONS.slice(0, 1));
    const at = '2025-10-13T08:00:00.000Z';
    const item = v1.prepare(
      `INSERT INTO items (file_name, sha256, size_bytes, location, rel_path, status, received_at) VALUES ('a.jpg', ?, 1, 'incoming', ?, 'classified', ?)`,
    );
    item.run(shaOf(1), 'incoming/a.jpg', at);
    item.run(shaOf(2), 'incoming/b.jpg', at);
    const pred = v1.prepare(
      `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at) VALUES (?, ?, ?, ?, '[]', 1, ?)`,
    );
    pred.run(1, MODEL, 'Tops', 0.5, at);
    pred.run(1, MODEL, 'Shirts', 0.6, at);
    pred.run(2, MODEL, 'Heels', 0.9, at);
    v1.prepare(
      `INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at) VALUES (1, 'override', 'Kurtas', 'Ana', 1, ?)`,
    ).run(at);
    v1.prepare(
      `INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at, undone_at) VALUES (2, 'override', 'Tops', 'Ana', 1, ?, ?)`,
    ).run(at, at);
    v1.close();

    const db = openStationDb(file);
    try {
      expect(db.pragmas().userVersion).toBe(MIGRATIONS.length);
    } finally {
      db.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT id, latest_category, latest_confidence, reviewed_category FROM items ORDER BY id').all()).toEqual([
      { id: 1, latest_category: 'Shirts', latest_confidence: 0.6, reviewed_category: 'Kurtas' },
      { id: 2, latest_category: 'Heels', latest_confidence: 0.9, reviewed_category: null },
    ]);
    check.close();
  });
});
