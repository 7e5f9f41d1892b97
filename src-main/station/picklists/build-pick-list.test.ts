import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { PickList } from '../../../src-shared/domain.ts';
import { localIso, openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';
import { writeSettings } from '../db/stored-settings.ts';
import { buildPickList } from './build-pick-list.ts';
import { filedItem, finishedRun } from './pick-list-test-fixtures.ts';

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

const order = (list: PickList) => list.groups.flatMap((g) => g.lines.map((l) => l.returnId ?? l.fileName));
const now = new Date('2025-10-14T08:30:00.000Z');

describe('pick lists', () => {
  it('groups by category in warehouse order: section, then aisle (2 before 10), unlocated categories last by name', () => {
    const run = finishedRun(t);
    filedItem(t, run.id, { returnId: 'RET-20251013-004', category: 'Watches', confidence: 0.95 });
    filedItem(t, run.id, { returnId: 'RET-20251013-002', category: 'Tshirts', confidence: 0.91 });
    filedItem(t, run.id, { returnId: 'RET-20251013-001', category: 'Heels', confidence: 0.88 });
    filedItem(t, run.id, { returnId: null, category: 'Tshirts', confidence: 0.9, fileName: 'IMG_0042.jpg' });
    filedItem(t, run.id, { returnId: 'RET-20251013-003', category: 'Tshirts', confidence: 0.99 });
    filedItem(t, run.id, { returnId: 'RET-20251013-005', category: 'Bags', confidence: 0.99 });
    filedItem(t, run.id, { returnId: 'RET-20251013-006', category: 'Kurtas', confidence: 0.99 });
    writeSettings(t.db, {
      locations: [
        { category: 'Watches', section: 'B', aisle: '1' },
        { category: 'Tshirts', section: 'A', aisle: '10' },
        { category: 'Heels', section: 'A', aisle: '2' },
      ],
    });

    const { list } = buildPickList(t.db, { batchRunId: run.id }, now);
    expect(list.groups.map((g) => [g.category, g.location])).toEqual([
      ['Heels', { section: 'A', aisle: '2' }],
      ['Tshirts', { section: 'A', aisle: '10' }],
      ['Watches', { section: 'B', aisle: '1' }],
      ['Bags', null],
      ['Kurtas', null],
    ]);
    // Within a shelf by return id; an item without one after, shown by its file name.
    expect(order(list)).toEqual([
      'RET-20251013-001',
      'RET-20251013-002',
      'RET-20251013-003',
      'IMG_0042.jpg',
      'RET-20251013-004',
      'RET-20251013-005',
      'RET-20251013-006',
    ]);
    expect(list).toMatchObject({
      title: 'Pick list · batch 20251014_020000',
      generatedAt: '2025-10-14T08:30:00.000Z',
      scope: { kind: 'batch', batchRunId: run.id, batchTimestamp: '20251014_020000' },
      category: null,
      totals: { items: 7, categories: 5, reviewed: 0, bands: { high: 7, medium: 0, low: 0 } },
    });
    const noId = list.groups[1]!.lines.find((l) => l.returnId === null)!;
    expect(noId.barcodeSvg).toBeNull();
    expect(list.groups[0]!.lines[0]!.barcodeSvg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ 40"[^>]*>.*<path d="M10 0h/);
  });

  it('uses the reviewed category over the prediction (source says which), and bands by the current thresholds', () => {
    const run = finishedRun(t);
    const a = filedItem(t, run.id, { returnId: 'RET-20251013-001', category: 'Tshirts', confidence: 0.62 });
    const b = filedItem(t, run.id, { returnId: 'RET-20251013-002', category: 'Tshirts', confidence: 0.75 });
    const c = filedItem(t, run.id, { returnId: 'RET-20251013-003', category: 'Tshirts', confidence: 0.9 });
    const d = filedItem(t, run.id, { returnId: 'RET-20251013-004', category: 'Tops', confidence: 0.5 });
    t.db.review.addDecision({ itemId: a.id, action: 'override', category: 'Shirts', clerk: 'Ana', durationMs: 900 });
    t.db.review.addDecision({ itemId: b.id, action: 'accept', clerk: 'Ana', durationMs: 900 });
    // An accept with a flag on top still counts as reviewed; a defer alone does not; an undone
    // override falls back to the model.
    t.db.review.addDecision({ itemId: b.id, action: 'flag', clerk: 'Ben', durationMs: 900 });
    t.db.review.addDecision({ itemId: c.id, action: 'defer', clerk: 'Ana', durationMs: 900 });
    const undone = t.db.review.addDecision({ itemId: d.id, action: 'override', category: 'Heels', clerk: 'Ana', durationMs: 900 });
    t.db.review.undoDecision(undone.id);

    const lines = () =>
      Object.fromEntries(buildPickList(t.db, { batchRunId: run.id }, now).list.groups.flatMap((g) => g.lines.map((l) => [l.returnId, l])));
    expect(lines()).toMatchObject({
      'RET-20251013-001': { category: 'Shirts', source: 'reviewed', band: 'low', confidence: 0.62 },
      'RET-20251013-002': { category: 'Tshirts', source: 'reviewed', band: 'medium' },
      'RET-20251013-003': { category: 'Tshirts', source: 'predicted', band: 'high' },
      'RET-20251013-004': { category: 'Tops', source: 'predicted', band: 'low' },
    });

    writeSettings(t.db, { thresholds: { high: 0.95, low: 0.8 } });
    expect(lines()).toMatchObject({
      'RET-20251013-002': { band: 'low' },
      'RET-20251013-003': { band: 'medium' },
    });
    const { list } = buildPickList(t.db, { batchRunId: run.id, category: 'Tshirts' }, now);
    expect(order(list)).toEqual(['RET-20251013-002', 'RET-20251013-003']);
    expect(list).toMatchObject({
      title: 'Pick list · batch 20251014_020000 · Tshirts',
      category: 'Tshirts',
      totals: { items: 2, categories: 1, reviewed: 1 },
    });
  });

  it('takes only filed items: of that run, or filed within the local days of a range', () => {
    const run1 = finishedRun(t, '20251013_020000');
    t.clock.set(localIso(2025, 10, 13, 2, 5));
    filedItem(t, run1.id, { returnId: 'RET-20251012-001', category: 'Tops', confidence: 0.9 });
    const run2 = finishedRun(t, '20251014_020000');
    t.clock.set(localIso(2025, 10, 14, 2, 5));
    filedItem(t, run2.id, { returnId: 'RET-20251013-001', category: 'Tops', confidence: 0.9 });
    // Waiting in incoming/ or quarantined: not on a pick list.
    t.db.items.insertItem({ fileName: 'x.jpg', sha256: shaOf('x'), sizeBytes: 1, relPath: 'incoming/x.jpg' });
    const bad = t.db.items.insertItem({ fileName: 'y.jpg', sha256: shaOf('y'), sizeBytes: 1, relPath: 'incoming/y.jpg' });
    t.db.items.updateItemLocation(bad.id, 'errors', 'errors/y.jpg', 'failed', 'unreadable', run2.id);

    expect(order(buildPickList(t.db, { batchRunId: run2.id }, now).list)).toEqual(['RET-20251013-001']);
    expect(order(buildPickList(t.db, { from: '2025-10-13', to: '2025-10-13' }, now).list)).toEqual(['RET-20251012-001']);
    const both = buildPickList(t.db, { from: '2025-10-13', to: '2025-10-14' }, now).list;
    expect(order(both)).toEqual(['RET-20251012-001', 'RET-20251013-001']);
    expect(both.title).toBe('Pick list · 2025-10-13 to 2025-10-14');
    expect(buildPickList(t.db, { from: '2025-10-15', to: '2025-10-15' }, now).list).toMatchObject({ groups: [], totals: { items: 0 } });
  });

  it('answers NOT_FOUND for an unknown batch run', () => {
    expect(() => buildPickList(t.db, { batchRunId: 99 }, now)).toThrow(StationRequestError);
    expect(() => buildPickList(t.db, { batchRunId: 99 }, now)).toThrow(/No batch run 99/);
  });
});
