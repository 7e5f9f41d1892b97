import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

const MODEL = 'b'.repeat(64);

describe('batch runs', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('starts a run as running and finishes it with the desk figures', () => {
    t.clock.set('2025-10-13T00:00:00.000Z');
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule', modelSha256: MODEL });
    expect(run).toEqual({
      id: run.id,
      timestamp: '20251013_020000',
      startedAt: '2025-10-13T00:00:00.000Z',
      finishedAt: null,
      trigger: 'schedule',
      status: 'running',
      totalImages: 0,
      successful: 0,
      failed: 0,
      successRate: 0,
      lowConfidence: 0,
      durationSeconds: 0,
      modelSha256: MODEL,
      errorMessage: null,
      outputs: null,
    });
    expect(t.db.runs.runningBatchRuns().map((r) => r.id)).toEqual([run.id]);
    expect(t.db.runs.lastFinishedBatchRun()).toBeNull();

    t.clock.advance(495_000);
    const outputs = {
      csv: 'results/batch_results_20251013_020000.csv',
      summary: 'results/summary_20251013_020000.json',
      report: 'results/batch_report_20251013_020000.html',
      log: 'logs/batch_20251013_020000.log',
    };
    const done = t.db.runs.finishBatchRun(run.id, {
      status: 'completed_with_errors',
      totalImages: 247,
      successful: 242,
      failed: 5,
      lowConfidence: 13,
      outputs,
    });
    expect(done).toMatchObject({
      status: 'completed_with_errors',
      finishedAt: '2025-10-13T00:08:15.000Z',
      totalImages: 247,
      successful: 242,
      failed: 5,
      successRate: 97.98,
      lowConfidence: 13,
      durationSeconds: 495,
      modelSha256: MODEL,
      outputs,
    });
    expect(t.db.runs.getBatchRun(run.id)).toEqual(done);
    expect(t.db.runs.lastFinishedBatchRun()).toEqual(done);
    expect(t.db.runs.runningBatchRuns()).toEqual([]);
    expect(() => t.db.runs.finishBatchRun(run.id, { status: 'failed', totalImages: 0, successful: 0, failed: 0 })).toThrow(
      /already finished/,
    );
  });

  it('records a failed run with its error and an empty run as 100 % successful', () => {
    const bad = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'manual' });
    const failed = t.db.runs.finishBatchRun(bad.id, {
      status: 'failed',
      totalImages: 0,
      successful: 0,
      failed: 0,
      errorMessage: 'Model file not found',
      durationSeconds: 1.234,
    });
    expect(failed).toMatchObject({ status: 'failed', errorMessage: 'Model file not found', durationSeconds: 1.23, modelSha256: null });

    const empty = t.db.runs.startBatchRun({ timestamp: '20251014_020000', trigger: 'catch-up' });
    expect(
      t.db.runs.finishBatchRun(empty.id, { status: 'completed', totalImages: 0, successful: 0, failed: 0, modelSha256: MODEL }),
    ).toMatchObject({ successRate: 100, modelSha256: MODEL });
  });

  it('lists runs newest first and finds the last finished one', () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      const r = t.db.runs.startBatchRun({ timestamp: `2025101${i}_020000`, trigger: 'schedule' });
      ids.push(r.id);
      if (i < 3) {
        t.clock.advance(1000);
        t.db.runs.finishBatchRun(r.id, { status: 'completed', totalImages: 1, successful: 1, failed: 0 });
      }
    }
    expect(t.db.runs.listBatchRuns(10).map((r) => r.id)).toEqual([...ids].reverse());
    expect(t.db.runs.listBatchRuns(2).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    expect(t.db.runs.lastFinishedBatchRun()?.id).toBe(ids[2]);
    expect(t.db.runs.getBatchRun(999)).toBeNull();
  });

  it('refuses a timestamp that is not the file-name stamp', () => {
    expect(() => t.db.runs.startBatchRun({ timestamp: '2025-10-13 02:00', trigger: 'manual' })).toThrow(/CHECK/);
  });

  it('items point at the run that filed them', () => {
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'manual' });
    const item = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 1, relPath: 'incoming/a.jpg' });
    expect(t.db.items.updateItemLocation(item.id, 'errors', 'errors/a.jpg', 'failed', 'x', run.id).batchRunId).toBe(run.id);
    expect(() => t.db.items.updateItemLocation(item.id, 'errors', 'errors/a.jpg', 'failed', 'x', 999)).toThrow(/FOREIGN KEY/);

    const other = t.db.items.insertItem({
      fileName: 'b.jpg',
      sha256: shaOf(2),
      sizeBytes: 1,
      relPath: 'incoming/b.jpg',
      receivedAt: '2025-10-13T07:00:00Z',
    });
    t.db.items.insertItem({ fileName: 'c.jpg', sha256: shaOf(3), sizeBytes: 1, relPath: 'incoming/c.jpg' });
    t.db.items.updateItemLocation(other.id, 'processed', 'processed/Tops/b.jpg', 'filed', null, run.id);
    expect(t.db.items.listItemsByBatchRun(run.id).map((i) => i.id)).toEqual([other.id, item.id]);
    expect(t.db.items.listItemsByBatchRun(run.id + 1)).toEqual([]);
  });
});
