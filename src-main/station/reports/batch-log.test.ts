import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDistribution, resumeBatchLog, startBatchLog } from './batch-log.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-log-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Local 2025-10-13 02:00:00, one second later on every call. */
function fixedClock(start = new Date(2025, 9, 13, 2, 0, 0)) {
  let t = start.getTime();
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

const SHA = '3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';

describe('batch log', () => {
  it('writes the desk lines, line by line', async () => {
    const log = startBatchLog({ root, stamp: '20251013_020000', clock: fixedClock() });
    expect(log.relPath).toBe('logs/batch_20251013_020000.log');
    log.modelReady({ name: 'returns10', version: 'v1', sha256: SHA });
    log.found(247);
    log.processing(1, 247, 'return_20251013_001.jpg');
    // Written before close: a crash right now would leave these lines.
    expect((await readFile(log.file, 'utf8')).split('\n')).toHaveLength(5);
    log.category('Tshirts', 0.9534);
    log.movedTo('processed/Tshirts/return_20251013_001.jpg');
    log.processing(2, 247, 'return_20251013_006.jpg');
    log.itemError('Corrupt image file');
    log.movedTo('errors/return_20251013_006.jpg');
    log.complete({ total: 247, successful: 242, failed: 5 }, { Handbags: 32, Tshirts: 87, 'Casual Shoes': 45 });
    log.close();
    log.close(); // twice is harmless
    expect(await readFile(log.file, 'utf8')).toBe(
      [
        '[2025-10-13 02:00:00] BATCH PROCESSING STARTED',
        '[2025-10-13 02:00:01] Model ready: returns10 v1 (sha256 3f2a9c1d4e5b…)',
        '[2025-10-13 02:00:02] Found 247 images to process',
        '[2025-10-13 02:00:03] Processing [1/247]: return_20251013_001.jpg',
        '[2025-10-13 02:00:04]   Category: Tshirts (confidence: 95.3%)',
        '[2025-10-13 02:00:05]   Moved to: processed/Tshirts/return_20251013_001.jpg',
        '[2025-10-13 02:00:06] Processing [2/247]: return_20251013_006.jpg',
        '[2025-10-13 02:00:07]   ERROR: Corrupt image file',
        '[2025-10-13 02:00:08]   Moved to: errors/return_20251013_006.jpg',
        '[2025-10-13 02:00:09] BATCH PROCESSING COMPLETE',
        '[2025-10-13 02:00:10] Total processed: 247 · Successful: 242 · Failed: 5',
        '[2025-10-13 02:00:11] Category distribution: Tshirts 87, Casual Shoes 45, Handbags 32',
        '',
      ].join('\n'),
    );
    expect(() => log.found(1)).toThrow(/closed/);
  });

  it('refuses to start a second log for the same stamp, and appends after a resume', async () => {
    const o = { root, stamp: '20251014_020000', clock: fixedClock(new Date(2025, 9, 14, 2, 0, 0)) };
    const first = startBatchLog(o);
    first.processing(1, 2, 'a.jpg');
    first.close(); // the "crash"
    expect(() => startBatchLog(o)).toThrow(/EEXIST/);
    const again = resumeBatchLog({ ...o, clock: fixedClock(new Date(2025, 9, 14, 7, 30, 0)) }, '1 of 2 already done');
    again.processing(2, 2, 'b.jpg');
    again.close();
    expect((await readFile(first.file, 'utf8')).split('\n')).toEqual([
      '[2025-10-14 02:00:00] BATCH PROCESSING STARTED',
      '[2025-10-14 02:00:01] Processing [1/2]: a.jpg',
      '[2025-10-14 07:30:00] BATCH PROCESSING RESUMED (1 of 2 already done)',
      '[2025-10-14 07:30:01] Processing [2/2]: b.jpg',
      '',
    ]);
  });

  it('cannot be forged by a file name with a newline', async () => {
    const log = startBatchLog({ root, stamp: '20251015_020000', clock: fixedClock(), fsync: false });
    log.processing(1, 1, 'x.jpg\n[2025-10-13 02:00:09] BATCH PROCESSING COMPLETE');
    log.close();
    const lines = (await readFile(log.file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('[2025-10-13 02:00:01] Processing [1/1]: x.jpg\\n[2025-10-13 02:00:09] BATCH PROCESSING COMPLETE');
  });

  it('rejects a stamp that is not one', () => {
    expect(() => startBatchLog({ root, stamp: '../../etc' })).toThrow(/Not a batch stamp/);
  });

  it('formats the category distribution most first', () => {
    expect(
      formatDistribution([
        ['A', 1],
        ['B', 3],
        ['C', 1],
      ]),
    ).toBe('B 3, A 1, C 1');
    expect(formatDistribution({})).toBe('(none)');
  });
});
