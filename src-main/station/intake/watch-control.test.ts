// Watching incoming/ is started and paused on request, and every change of state reaches the
// screens as 'watcher-state'.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StationEvents } from '../../../src-shared/contract.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { createEventBus } from '../station-events.ts';
import { createWatchControl } from './watch-control.ts';

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
  mkdirSync(path.join(t.dir, 'incoming'));
});
afterEach(() => t.cleanup());

describe('watch control', () => {
  it('starts, pauses and starts again, announcing each state; close() is silent', async () => {
    const events = createEventBus();
    const states: StationEvents['watcher-state'][] = [];
    events.on('watcher-state', (s) => states.push(s));
    const watch = createWatchControl({ root: t.dir, db: t.db, events, onPhoto: () => {} });
    expect(watch.watching).toBe(false);
    await watch.start();
    expect([watch.watching, watch.started]).toEqual([true, true]);
    await watch.stop();
    expect([watch.watching, watch.started]).toEqual([false, false]);
    await watch.start();
    await watch.close();
    expect(watch.started).toBe(false);
    expect(states).toEqual([
      { watching: true, error: null },
      { watching: false, error: null },
      { watching: true, error: null },
    ]);
  });
});
