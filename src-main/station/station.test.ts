import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchRun, Item } from '../../src-shared/domain.ts';
import { syntheticPhoto } from './synthetic/synthetic-photo.ts';
import { createStation, type Station } from './station.ts';

let root: string;
let station: Station;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-station-'));
  station = await createStation({ root, schedule: false, stableMs: 200 });
  await station.ready;
});
afterEach(async () => {
  await station.close();
  await rm(root, { recursive: true, force: true });
});

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
const next = <T>(subscribe: (fn: (v: T) => void) => () => void, ms = 10_000) =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    const off = subscribe((v) => {
      clearTimeout(t);
      off();
      resolve(v);
    });
  });

describe('station core', () => {
  it('classifies a dropped photo at once, files it in the batch, and moves it on override and back on undo', async () => {
    const added = next<Item>((fn) => station.events.on('item-added', fn));
    await writeFile(path.join(root, 'incoming', 'return_20251013_001.jpg'), await syntheticPhoto({ width: 800, height: 600, seed: 2 }));
    const item = await added;
    expect(item.prediction?.top3).toHaveLength(3);

    const finished = next<BatchRun>((fn) => station.events.on('batch-finished', fn));
    const { runId } = await station.handlers.runBatchNow({});
    const run = await finished;
    expect(run.id).toBe(runId);
    const filed = await station.handlers.getItem({ id: item.id });
    expect(filed.location).toBe('processed');

    const status = await station.handlers.getStatus({});
    const other = status.model.labels.find((l) => l !== filed.category)!;
    const decision = await station.handlers.decide({
      itemId: item.id,
      action: 'override',
      category: other,
      clerk: 'Ana',
      durationMs: 1200,
    });
    expect(decision.item.relPath).toBe(`processed/${other}/return_20251013_001.jpg`);
    expect(await exists(path.join(root, decision.item.relPath))).toBe(true);
    expect(await exists(path.join(root, filed.relPath))).toBe(false);

    const back = await station.handlers.undoDecision({ decisionId: decision.id });
    expect(back.relPath).toBe(filed.relPath);
    expect(await exists(path.join(root, filed.relPath))).toBe(true);
  });

  it('applies settings without a restart and refuses invalid ones', async () => {
    await station.handlers.updateSettings({ batchTime: '03:30' });
    expect((await station.handlers.getSettings({})).batchTime).toBe('03:30');
    await expect(station.handlers.updateSettings({ thresholds: { high: 0.5, low: 0.8 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(station.handlers.getItem({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
