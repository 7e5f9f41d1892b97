// The panel's requests over a real database: the figures, a person clearing a flag (recorded), an
// unknown flag refused, and the contract refusing a clearing without a name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src-shared/contract.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
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
    expect(before.flags[0]!.details).toEqual({ model: 'X100' });
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
});
