// A reviewer's decision and the move of its filed photo happen together or not at all: a move that
// fails takes the decision back, and a crash between the decision and the move is finished at the
// next start, so an item's category always names the folder its photo is in.
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import { createStation, type Station } from '../station.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';

let root: string;
let station: Station | null = null;
let items: Item[] = [];
const folderOf = (i: Item) => i.relPath.split('/')[1];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-decide-'));
  await mkdir(path.join(root, 'incoming'));
  for (let i = 1; i <= 2; i++) {
    await writeFile(
      path.join(root, 'incoming', `return_20251013_00${i}.jpg`),
      await syntheticPhoto({ width: 320, height: 240, seed: 500 + i }),
    );
  }
  station = await createStation({ root, watch: false, schedule: false });
  await station.ready;
  const finished = new Promise((r) => station!.events.on('batch-finished', r));
  await station.handlers.runBatchNow({});
  await finished;
  items = station.db.items.listItemsByBatchRun(1);
  expect(items.map((i) => i.status)).toEqual(['filed', 'filed']);
});
afterAll(async () => {
  await station?.close();
  await rm(root, { recursive: true, force: true });
});

const otherCategory = (i: Item) => (i.category === 'Watches' ? 'Handbags' : 'Watches');

describe('a decision and its move', () => {
  it('when the move fails, the decision is taken back and the category still names the folder', async () => {
    const item = items[0]!;
    const target = otherCategory(item);
    await writeFile(path.join(root, 'processed', target), 'a file where the folder should be\n');
    const refused = await station!.handlers
      .decide({ itemId: item.id, action: 'override', category: target, clerk: 'Ana', durationMs: 900 })
      .catch((e: Error & { code?: string }) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect((refused as Error).message).toMatch(/decision was not kept/);
    const after = station!.db.items.getItem(item.id)!;
    expect(after.category).toBe(folderOf(after));
    expect(after.relPath).toBe(item.relPath);
    expect(station!.db.review.recentDecisions(1)[0]!.undoneAt).not.toBeNull();
    expect(station!.db.moves.pendingMoves()).toEqual([]);

    await unlink(path.join(root, 'processed', target));
    const decided = await station!.handlers.decide({
      itemId: item.id,
      action: 'override',
      category: target,
      clerk: 'Ana',
      durationMs: 900,
    });
    expect(decided.item.category).toBe(target);
    expect(folderOf(decided.item)).toBe(target);
    expect(existsSync(path.join(root, ...decided.item.relPath.split('/')))).toBe(true);
  });

  it('a crash after the decision committed and before the photo moved is finished at the next start', async () => {
    const item = items[1]!;
    const target = otherCategory(item);
    // The first transaction of a decision, as decideAndFile writes it, and then the process dies.
    station!.db.transaction(() => {
      station!.db.review.addDecision({ itemId: item.id, action: 'override', category: target, clerk: 'Ana', durationMs: 500 });
      station!.db.moves.planMove({
        itemId: item.id,
        batchRunId: item.batchRunId,
        fromRel: item.relPath,
        toRel: `processed/${target}/${item.fileName}`,
        reason: 'override',
      });
    });
    await station!.close();
    station = await createStation({ root, watch: false, schedule: false });
    await station.ready;
    const after = station.db.items.getItem(item.id)!;
    expect(after.category).toBe(target);
    expect(folderOf(after)).toBe(target);
    expect(existsSync(path.join(root, ...after.relPath.split('/')))).toBe(true);
    expect(station.db.moves.pendingMoves()).toEqual([]);
  });
});
