// The panel's requests over a real database: the figures, a person clearing a flag (recorded), an
// unknown flag refused, and the contract refusing a clearing without a name; a drift flag with its
// group's photos, found by its id or by its alert's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src-shared/contract.ts';
import { openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';
import { createStationHealthHandlers } from './station-health.ts';

describe('History: is the station still right?', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('answers the figures and lets a person clear a flag, with their name and the time', async () => {
    const h = createStationHealthHandlers(t.db);
    const { flag, alert } = t.db.drift.raiseFlag({ cause: 'camera', message: 'Another camera.', details: { model: 'X100' } });
    const before = await h.getStationHealth({});
    expect(before.flags).toEqual([flag]);
    expect(before.flags[0]!.details).toEqual({ model: 'X100', alertId: alert.id });
    expect(before.audit).toMatchObject({ share: 0.02, seed: '', overall: { decided: 0, rate: null, interval: null } });
    expect(before.clearing).toEqual({ decided: 0, wrong: 0 });
    expect(t.db.alerts.getAlert(alert.id)!.rule).toBe('drift');

    t.clock.advance(3_600_000);
    expect(await h.clearDriftFlag(parseRequest('clearDriftFlag', { id: flag.id, clerk: ' Ana ' }))).toMatchObject({
      clearedBy: 'Ana',
      clearedHow: 'person',
      clearedAt: '2025-10-13T09:00:00.000Z',
    });
    expect((await h.getStationHealth({})).clearing).toBeNull();
    await expect(h.clearDriftFlag({ id: 999, clerk: 'Ana' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => parseRequest('clearDriftFlag', { id: flag.id, clerk: '' })).toThrow(/clerk/);
  });
  it('answers a drift flag with its group, by the flag or by its alert', async () => {
    const h = createStationHealthHandlers(t.db);
    const items = Array.from({ length: 15 }, (_, i) =>
      t.db.items.insertItem({
        fileName: `look_${i + 1}.jpg`,
        sha256: shaOf(`look-${i}`),
        sizeBytes: 1,
        relPath: `incoming/look_${i + 1}.jpg`,
      }),
    );
    const night = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule' });
    const camera = t.db.drift.raiseFlag({ batchRunId: night.id, cause: 'camera', message: 'Another camera.' });
    // An alert of another rule between them changes nothing.
    const other = t.db.alerts.insertAlert({ rule: 'slow-batch', severity: 'warning', title: 'Slow', message: 'Slow.' });
    // The group closest to its centre first; an id with no item (999) is left out.
    const groupItemIds = [...items.slice(2).map((i) => i.id), 999, items[1]!.id, items[0]!.id];
    const kind = t.db.drift.raiseFlag({
      batchRunId: night.id,
      cause: 'new-kind',
      message: 'Since Monday 15 photos look alike and match no category: add a category?',
      details: { signals: [], groupItemIds },
    });

    const byAlert = await h.getDriftFlag(parseRequest('getDriftFlag', { alertId: kind.alert.id }));
    expect(byAlert.flag).toEqual(kind.flag);
    expect(byAlert.group.total).toBe(15);
    expect(byAlert.group.items).toHaveLength(12);
    expect(byAlert.group.items[0]).toEqual({ itemId: items[2]!.id, fileName: 'look_3.jpg' });
    expect(byAlert.group.items.map((i) => i.fileName)).toEqual(Array.from({ length: 12 }, (_, i) => `look_${i + 3}.jpg`));
    expect(await h.getDriftFlag(parseRequest('getDriftFlag', { id: kind.flag.id }))).toEqual(byAlert);

    // Another cause: no group.
    expect(await h.getDriftFlag({ alertId: camera.alert.id })).toEqual({ flag: camera.flag, group: { items: [], total: 0 } });
    // Cleared: the view says by whom.
    t.db.drift.clearDriftFlag(camera.flag.id, 'Ana');
    expect((await h.getDriftFlag({ alertId: camera.alert.id })).flag).toMatchObject({ clearedBy: 'Ana', clearedHow: 'person' });

    await expect(h.getDriftFlag({ alertId: other.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.getDriftFlag({ alertId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.getDriftFlag({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => parseRequest('getDriftFlag', {})).toThrow(/either id or alertId/);
    expect(() => parseRequest('getDriftFlag', { id: 1, alertId: 1 })).toThrow(/either id or alertId/);
  });
});
