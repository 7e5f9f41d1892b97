import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

describe('move journal', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('plans before and completes after; pending moves survive a reopen (a crash)', () => {
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule' });
    const a = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 1, relPath: 'incoming/a.jpg' });
    const b = t.db.items.insertItem({ fileName: 'b.jpg', sha256: shaOf(2), sizeBytes: 1, relPath: 'incoming/b.jpg' });

    const ma = t.db.moves.planMove({
      itemId: a.id,
      batchRunId: run.id,
      fromRel: a.relPath,
      toRel: 'processed/Tshirts/a.jpg',
      reason: 'file',
    });
    expect(ma).toEqual({
      id: ma.id,
      itemId: a.id,
      batchRunId: run.id,
      fromRel: 'incoming/a.jpg',
      toRel: 'processed/Tshirts/a.jpg',
      reason: 'file',
      state: 'planned',
      createdAt: '2025-10-13T08:00:00.000Z',
      doneAt: null,
    });
    const mb = t.db.moves.planMove({ itemId: b.id, fromRel: b.relPath, toRel: 'errors/b.jpg', reason: 'quarantine' });
    expect(t.db.moves.pendingMoves().map((m) => m.id)).toEqual([ma.id, mb.id]);
    expect(t.db.moves.movesForRun(run.id)).toEqual([ma]);

    // The move of a is done: item row and journal together.
    t.clock.advance(500);
    t.db.transaction(() => {
      t.db.items.updateItemLocation(a.id, 'processed', 'processed/Tshirts/a.jpg', 'filed', null, run.id);
      expect(t.db.moves.completeMove(ma.id)).toMatchObject({ state: 'done', doneAt: '2025-10-13T08:00:00.500Z' });
    });
    // Power cut before b's move completes.
    t.reopen();
    expect(t.db.moves.pendingMoves()).toEqual([mb]);
    t.clock.advance(500);
    expect(t.db.moves.completeMove(ma.id).doneAt).toBe('2025-10-13T08:00:00.500Z'); // idempotent
    t.db.moves.completeMove(mb.id);
    expect(t.db.moves.pendingMoves()).toEqual([]);
    expect(() => t.db.moves.completeMove(999)).toThrow(/No move 999/);
  });

  it('refuses paths outside the station root', () => {
    expect(() => t.db.moves.planMove({ fromRel: 'incoming/a.jpg', toRel: '../a.jpg', reason: 'file' })).toThrow(/station-relative/);
    expect(t.db.moves.pendingMoves()).toEqual([]);
  });
});
