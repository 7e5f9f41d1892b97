// The Review screen's requests: bad requests are refused with a reason the screen can show, and a
// decision files the photo under its new category and is announced as 'item-updated'.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { createEventBus } from '../station-events.ts';
import { createReviewHandlers } from './review-handlers.ts';

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

function setUp(labels: readonly string[] | null) {
  const events = createEventBus();
  const updated: Item[] = [];
  events.on('item-updated', (i) => updated.push(i));
  return { handlers: createReviewHandlers({ root: t.dir, db: t.db, events, labels: () => labels }), updated };
}

/** A photo the batch filed under Watches. */
function filedWatch(): Item {
  mkdirSync(path.join(t.dir, 'processed', 'Watches'), { recursive: true });
  writeFileSync(path.join(t.dir, 'processed', 'Watches', 'a.jpg'), 'photo bytes\n');
  const item = t.db.items.insertItem({
    fileName: 'a.jpg',
    sha256: null,
    sizeBytes: 12,
    relPath: 'processed/Watches/a.jpg',
    location: 'processed',
    status: 'filed',
  });
  return t.db.items.addPrediction(item.id, { category: 'Watches', confidence: 0.6, top3: [], modelSha256: 'm', latencyMs: 1 });
}

const reason = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code?: string }) => e.code,
  );

describe('review handlers', () => {
  it('refuses an unknown item, an unknown category, accepting without a prediction, and undoing nothing', async () => {
    const { handlers } = setUp(['Watches', 'Handbags']);
    const bare = t.db.items.insertItem({ fileName: 'b.jpg', sha256: null, sizeBytes: 1, relPath: 'incoming/b.jpg' });
    expect(await reason(handlers.getItem({ id: 999 }))).toBe('NOT_FOUND');
    expect(await reason(handlers.decide({ itemId: bare.id, action: 'override', category: 'Boats', clerk: 'Ana', durationMs: 1 }))).toBe(
      'BAD_REQUEST',
    );
    expect(await reason(handlers.decide({ itemId: bare.id, action: 'accept', clerk: 'Ana', durationMs: 1 }))).toBe('CONFLICT');
    expect(await reason(handlers.undoDecision({ decisionId: 999 }))).toBe('NOT_FOUND');
  });

  it('an override moves the photo to its new folder and announces the item; undo brings it back', async () => {
    const { handlers, updated } = setUp(null);
    const item = filedWatch();
    const decision = await handlers.decide({ itemId: item.id, action: 'override', category: 'Handbags', clerk: 'Ana', durationMs: 1 });
    expect(decision.item.relPath).toBe('processed/Handbags/a.jpg');
    expect(existsSync(path.join(t.dir, 'processed', 'Handbags', 'a.jpg'))).toBe(true);
    const back = await handlers.undoDecision({ decisionId: decision.id });
    expect(back.relPath).toBe('processed/Watches/a.jpg');
    expect(updated.map((i) => i.relPath)).toEqual(['processed/Handbags/a.jpg', 'processed/Watches/a.jpg']);
    expect((await handlers.recentDecisions({ limit: 5 })).map((d) => d.id)).toEqual([decision.id]);
  });
});
