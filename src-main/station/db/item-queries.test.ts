import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSettings } from './stored-settings.ts';
import { ItemConflictError } from './db-errors.ts';
import type { NewItem } from './station-db.ts';
import { localIso, openTempDb, shaOf, type TempDb } from './test-temp-db.ts';
import { localDayRange, toIsoUtc } from './time-values.ts';

const MODEL = 'f'.repeat(64);

function photo(n: number, over: Partial<NewItem> = {}): NewItem {
  const name = `return_20251013_${String(n).padStart(3, '0')}.jpg`;
  return { fileName: name, sha256: shaOf(n), sizeBytes: 1000 + n, relPath: `incoming/${name}`, ...over };
}

function guess(category: string, confidence: number) {
  return {
    category,
    confidence,
    top3: [
      { category, confidence },
      { category: 'Shirts', confidence: (1 - confidence) / 2 },
      { category: 'Tops', confidence: (1 - confidence) / 2 },
    ],
    modelSha256: MODEL,
    latencyMs: 12.5,
  };
}

describe('items', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('round-trips an item with every field', () => {
    const item = t.db.items.insertItem(photo(1, { returnId: 'RET-20251013-001', receivedAt: '2025-10-13T02:00:04.123Z' }));
    expect(item).toEqual({
      id: item.id,
      fileName: 'return_20251013_001.jpg',
      sha256: shaOf(1),
      sizeBytes: 1001,
      returnId: 'RET-20251013-001',
      location: 'incoming',
      relPath: 'incoming/return_20251013_001.jpg',
      status: 'pending',
      error: null,
      receivedAt: '2025-10-13T02:00:04.123Z',
      filedAt: null,
      batchRunId: null,
      prediction: null,
      category: null,
      band: null,
      lastDecision: null,
      expectedMatch: null,
      grade: null,
      heldFor: null,
    });
    expect(t.db.items.getItem(item.id)).toEqual(item);
    expect(t.db.items.getItemBySha256(shaOf(1))).toEqual(item);
    expect(t.db.items.getItemByRelPath('incoming/return_20251013_001.jpg')).toEqual(item);
    expect(t.db.items.getItem(item.id + 100)).toBeNull();
    expect(t.db.items.getItemBySha256(shaOf(2))).toBeNull();
  });

  it('stamps receivedAt with the clock and normalises given times to ISO UTC', () => {
    const a = t.db.items.insertItem(photo(1));
    expect(a.receivedAt).toBe('2025-10-13T08:00:00.000Z');
    const b = t.db.items.insertItem(photo(2, { receivedAt: '2025-10-13T04:00:00+02:00' }));
    expect(b.receivedAt).toBe('2025-10-13T02:00:00.000Z');
    expect(() => t.db.items.insertItem(photo(3, { receivedAt: '2025-10-13T04:00:00' }))).toThrow(/no zone/);
  });

  it('the same bytes twice make one item: a second sha256 is refused, naming the first', () => {
    const first = t.db.items.insertItem(photo(1));
    let error: unknown;
    try {
      t.db.items.insertItem(photo(1, { fileName: 'copy.jpg', relPath: 'incoming/copy.jpg' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ItemConflictError);
    expect(error).toMatchObject({ field: 'sha256', existingId: first.id });
    expect(t.db.items.getItemByRelPath('incoming/copy.jpg')).toBeNull();
  });

  it('refuses a second row for the same file path', () => {
    const first = t.db.items.insertItem(photo(1));
    expect(() => t.db.items.insertItem(photo(2, { relPath: first.relPath }))).toThrow(ItemConflictError);
    const second = t.db.items.insertItem(photo(2));
    expect(() => t.db.items.updateItemLocation(second.id, 'incoming', first.relPath, 'pending')).toThrow(
      expect.objectContaining({ field: 'relPath', existingId: first.id }),
    );
  });

  it('refuses paths that could leave the station root', () => {
    for (const bad of ['../x.jpg', 'incoming/../../x.jpg', '/etc/passwd', 'incoming\\a.jpg', 'C:/x.jpg', '', 'incoming//a.jpg']) {
      expect(() => t.db.items.insertItem(photo(1, { relPath: bad })), bad).toThrow(/station-relative/);
    }
  });

  it('rejects values the schema forbids', () => {
    expect(() => t.db.items.insertItem(photo(1, { sha256: 'ABC' }))).toThrow(/CHECK/);
    expect(() => t.db.items.insertItem(photo(1, { location: 'attic' as never }))).toThrow(/CHECK/);
  });

  it('lists a local day, newest first, with limit and offset', () => {
    const [y, m, d] = [2025, 10, 13];
    t.db.items.insertItem(photo(1, { receivedAt: localIso(y, m, d - 1, 23, 59) })); // the evening before
    const early = t.db.items.insertItem(photo(2, { receivedAt: localIso(y, m, d, 0, 0) }));
    const noon = t.db.items.insertItem(photo(3, { receivedAt: localIso(y, m, d, 12, 0) }));
    const late = t.db.items.insertItem(photo(4, { receivedAt: localIso(y, m, d, 23, 59) }));
    t.db.items.insertItem(photo(5, { receivedAt: localIso(y, m, d + 1, 0, 0) })); // the next day

    expect(t.db.items.listItemsByDay('2025-10-13').map((i) => i.id)).toEqual([late.id, noon.id, early.id]);
    expect(t.db.items.listItemsByDay('2025-10-13', 2, 0).map((i) => i.id)).toEqual([late.id, noon.id]);
    expect(t.db.items.listItemsByDay('2025-10-13', 2, 2).map((i) => i.id)).toEqual([early.id]);
    expect(t.db.items.listItemsByDay('2025-10-12')).toHaveLength(1);
    expect(t.db.items.listItemsByDay('2025-10-20')).toEqual([]);
    expect(() => t.db.items.listItemsByDay('2025-02-30')).toThrow(/Not a day/);
    expect(t.db.items.dayCounts('2025-10-13')).toEqual({ received: 3, classified: 0, failed: 0 });
  });

  it('localDayRange covers exactly one local day', () => {
    const r = localDayRange('2025-03-30');
    expect(new Date(r.from).getDate()).toBe(30);
    expect(new Date(r.from).getHours()).toBe(0);
    expect(new Date(new Date(r.to).getTime() - 1).getDate()).toBe(30);
    expect(new Date(r.to).getDate()).toBe(31);
    expect(toIsoUtc(new Date(Date.UTC(2025, 0, 2)))).toBe('2025-01-02T00:00:00.000Z');
  });

  it('adds predictions without replacing them; the latest counts and classifies a pending item', () => {
    const item = t.db.items.insertItem(photo(1));
    const first = t.db.items.addPrediction(item.id, guess('Tshirts', 0.95));
    expect(first.status).toBe('classified');
    expect(first.prediction).toMatchObject({ category: 'Tshirts', confidence: 0.95, modelSha256: MODEL, latencyMs: 12.5 });
    expect(first.prediction!.top3).toHaveLength(3);
    expect(first.category).toBe('Tshirts');
    expect(first.band).toBe('high');

    t.clock.advance(1000);
    const second = t.db.items.addPrediction(item.id, guess('Shirts', 0.6));
    expect(second.prediction).toMatchObject({ category: 'Shirts', confidence: 0.6, createdAt: '2025-10-13T08:00:01.000Z' });
    expect(second.category).toBe('Shirts');
    expect(second.band).toBe('low');
    expect(t.db.items.latestPrediction(item.id)?.category).toBe('Shirts');

    // A filed item stays filed when classified again.
    t.db.items.updateItemLocation(item.id, 'processed', 'processed/Shirts/return_20251013_001.jpg', 'filed');
    expect(t.db.items.addPrediction(item.id, guess('Shirts', 0.7)).status).toBe('filed');
  });

  it("keeps the kinds head's reading: the kind on the item, its logits for a re-read", () => {
    const item = t.db.items.insertItem(photo(9));
    const kind = { label: 'real:blazer', name: 'Blazer', probability: 0.8, categories: [] };
    const withKind = t.db.items.addPrediction(item.id, {
      ...guess('Shirts', 0.3),
      logits: [0.5, 2],
      photoKind: 'photo',
      kindLogits: [0.25, -1, 3],
      kind,
    });
    expect(withKind.prediction!.kind).toEqual(kind);
    expect(t.db.items.latestPrediction(item.id)!.kind).toEqual(kind);
    expect(Array.from(t.db.items.latestReading(item.id)!.kindLogits!)).toEqual([0.25, -1, 3]);
    // A model without kinds: none, and nothing to re-read them from.
    const without = t.db.items.addPrediction(item.id, { ...guess('Shirts', 0.3), logits: [0.5, 2], photoKind: 'photo' });
    expect(without.prediction!.kind).toBeNull();
    expect(t.db.items.latestReading(item.id)!.kindLogits).toBeNull();
  });

  it('bands with the thresholds passed in, else the stored settings', () => {
    const item = t.db.items.insertItem(photo(1));
    t.db.items.addPrediction(item.id, guess('Tshirts', 0.8));
    expect(t.db.items.getItem(item.id)!.band).toBe('medium');
    expect(t.db.items.getItem(item.id, { high: 0.75, low: 0.5 })!.band).toBe('high');
    writeSettings(t.db, { thresholds: { high: 0.95, low: 0.85 } });
    expect(t.db.items.getItem(item.id)!.band).toBe('low');
    expect(t.db.items.listItemsByDay('2025-10-13')[0]!.band).toBe('low');
  });

  it('records moves: filed_at, error, batch run', () => {
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'manual' });
    const a = t.db.items.insertItem(photo(1));
    const b = t.db.items.insertItem(photo(2));
    t.db.items.addPrediction(a.id, guess('Tshirts', 0.9));

    t.clock.advance(60_000);
    const filed = t.db.items.updateItemLocation(a.id, 'processed', 'processed/Tshirts/return_20251013_001.jpg', 'filed', null, run.id);
    expect(filed).toMatchObject({
      location: 'processed',
      status: 'filed',
      filedAt: '2025-10-13T08:01:00.000Z',
      batchRunId: run.id,
      error: null,
    });
    expect(t.db.items.getItemByRelPath('incoming/return_20251013_001.jpg')).toBeNull();

    const failed = t.db.items.updateItemLocation(b.id, 'errors', 'errors/return_20251013_002.jpg', 'failed', 'Corrupt image file', run.id);
    expect(failed).toMatchObject({ location: 'errors', status: 'failed', error: 'Corrupt image file', filedAt: null });

    // Left out, the batch run is kept.
    const moved = t.db.items.updateItemLocation(a.id, 'processed', 'processed/Shirts/return_20251013_001.jpg', 'filed');
    expect(moved.batchRunId).toBe(run.id);
    expect(() => t.db.items.updateItemLocation(999, 'incoming', 'incoming/x.jpg', 'pending')).toThrow(/No item 999/);
    expect(t.db.items.dayCounts('2025-10-13')).toEqual({ received: 2, classified: 1, failed: 1 });
  });

  it('lists unfiled items (still in incoming/), oldest first', () => {
    const a = t.db.items.insertItem(photo(1, { receivedAt: '2025-10-13T09:00:00Z' }));
    const b = t.db.items.insertItem(photo(2, { receivedAt: '2025-10-13T07:00:00Z' }));
    const c = t.db.items.insertItem(photo(3, { receivedAt: '2025-10-13T08:00:00Z' }));
    t.db.items.addPrediction(c.id, guess('Tshirts', 0.9));
    t.db.items.updateItemLocation(c.id, 'processed', 'processed/Tshirts/return_20251013_003.jpg', 'filed');
    expect(t.db.items.listUnfiledItems().map((i) => i.id)).toEqual([b.id, a.id]);
  });
});
