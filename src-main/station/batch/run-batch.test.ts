import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClassifierService, type ClassifierService } from '../classify/classifier-service.ts';
import { defaultModelDir } from '../classify/model-manifest.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { syntheticPhoto } from '../test-support/synthetic-photo.ts';
import { runBatch } from './run-batch.ts';

let classifier: ClassifierService;
let root: string;
beforeAll(async () => {
  classifier = startClassifierService({ modelDir: defaultModelDir() });
  root = await mkdtemp(path.join(tmpdir(), 'rs-batch-'));
});
afterAll(async () => {
  await classifier.close();
  await rm(root, { recursive: true, force: true });
});

async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

describe('nightly batch', () => {
  it('files good photos, quarantines bad ones with a reason, and writes the desk’s outputs', async () => {
    const incoming = path.join(root, 'incoming');
    await mkdir(incoming, { recursive: true });
    const first = await syntheticPhoto({ width: 800, height: 600, seed: 1 });
    for (let i = 1; i <= 4; i++)
      await writeFile(
        path.join(incoming, `return_20251013_00${i}.jpg`),
        i === 1 ? first : await syntheticPhoto({ width: 800, height: 600, seed: i }),
      );
    await writeFile(
      path.join(incoming, 'return_20251013_005.jpg'),
      await sharp(await syntheticPhoto({ width: 300, height: 400, seed: 5 }))
        .png()
        .toBuffer(),
    ); // PNG named .jpg
    await writeFile(path.join(incoming, 'return_20251013_006.jpg'), 'not a photo');
    await writeFile(path.join(incoming, 'return_20251013_007.jpg'), '');
    await writeFile(path.join(incoming, 'scan copy of 001.jpg'), first);

    const db = openStationDb(path.join(root, 'station.db'));
    try {
      const run = await runBatch({ root, db, classifier, trigger: 'manual' });
      expect(run.status).toBe('completed_with_errors');
      expect([run.totalImages, run.successful, run.failed]).toEqual([8, 5, 3]);
      const tree = await listTree(root);
      expect(tree.filter((f) => f.startsWith('processed/'))).toHaveLength(5);
      expect(tree.filter((f) => f.startsWith('incoming/'))).toEqual([]);
      const errors = tree.filter((f) => f.startsWith('errors/'));
      expect(errors.sort()).toEqual(
        [
          'return_20251013_006.jpg',
          'return_20251013_006.jpg.error.txt',
          'return_20251013_007.jpg',
          'return_20251013_007.jpg.error.txt',
          'scan copy of 001.jpg',
          'scan copy of 001.jpg.error.txt',
        ].map((f) => `errors/${f}`),
      );
      expect(await readFile(path.join(root, 'errors/scan copy of 001.jpg.error.txt'), 'utf8')).toContain(
        'Duplicate of return_20251013_001.jpg',
      );
      const csv = (await readFile(path.join(root, run.outputs!.csv), 'utf8')).trim().split(/\r?\n/);
      expect(csv[0]).toBe('filename,category,confidence,status,timestamp,return_id,band,error');
      expect(csv).toHaveLength(9);
      expect(csv.find((l) => l.startsWith('return_20251013_006.jpg'))).toMatch(/,0\.0000,error,/);
      const summary = JSON.parse(await readFile(path.join(root, run.outputs!.summary), 'utf8'));
      expect(summary).toMatchObject({ total_processed: 8, successful: 5, failed: 3 });
      const log = await readFile(path.join(root, run.outputs!.log), 'utf8');
      expect(log).toContain('BATCH PROCESSING COMPLETE');
      expect(log).toContain('Found 8 images to process');
      expect(tree.some((f) => f.startsWith('backups/station_'))).toBe(true);
      expect(db.items.listItemsByBatchRun(run.id)).toHaveLength(7);
      expect(db.integrityCheck()).toEqual(['ok']);
    } finally {
      db.close();
    }
  });
});
