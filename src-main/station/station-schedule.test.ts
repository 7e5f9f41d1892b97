// The nightly schedule as the station runs it: a night missed while the machine was off runs at the
// next start; a station that ran last night does not run again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchRun } from '../../src-shared/domain.ts';
import { openStationDb } from './db/open-station-db.ts';
import { createStation, type Station } from './station.ts';
import { eventually } from './test-support/eventually.ts';

let root: string;
let station: Station | undefined;
afterEach(async () => {
  await station?.close();
  station = undefined;
  await rm(root, { recursive: true, force: true });
});

async function withPastRun(startedLocal: Date) {
  root = await mkdtemp(path.join(tmpdir(), 'rs-schedule-'));
  const db = openStationDb(path.join(root, 'station.db'), { clock: () => startedLocal });
  const run = db.runs.startBatchRun({ timestamp: '20251011_020000', trigger: 'schedule' });
  db.runs.finishBatchRun(run.id, { status: 'completed', totalImages: 0, successful: 0, failed: 0 });
  db.close();
}

describe('nightly schedule at start-up', () => {
  it('runs a missed night at the next start', async () => {
    await withPastRun(new Date(2025, 9, 11, 2, 0, 0));
    const now = new Date(2025, 9, 13, 9, 0, 0);
    const started: BatchRun[] = [];
    station = await createStation({ root, clock: () => now, watch: false });
    station.events.on('batch-started', (r) => started.push(r));
    await station.ready;
    await eventually(() => started.length > 0, 'the catch-up batch to start', 15_000);
    expect(started.map((r) => r.trigger)).toEqual(['catch-up']);
    const status = await station.handlers.getStatus({});
    expect(status.nextBatchAt).toBe(new Date(2025, 9, 14, 2, 0, 0).toISOString());
  });

  it('does not run again when last night’s batch happened, and moving the batch time moves the next run', async () => {
    await withPastRun(new Date(2025, 9, 13, 2, 0, 5));
    const now = new Date(2025, 9, 13, 9, 0, 0);
    const started: BatchRun[] = [];
    station = await createStation({ root, clock: () => now, watch: false });
    station.events.on('batch-started', (r) => started.push(r));
    await station.ready; // the catch-up decision is taken
    // Had it started a catch-up, this run would be refused (CONFLICT): it starts, and is the only one.
    await station.handlers.runBatchNow({});
    expect(started.map((r) => r.trigger)).toEqual(['manual']);
    await station.handlers.updateSettings({ batchTime: '21:15' });
    expect((await station.handlers.getStatus({})).nextBatchAt).toBe(new Date(2025, 9, 13, 21, 15, 0).toISOString());
  });
});
