import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmaxWithTemperature } from '../classify/confidence-rule.ts';
import { startClassifierService, type ClassifierService } from '../classify/classifier-service.ts';
import { defaultModelDir } from '../classify/model-manifest.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
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

  // A model update that keeps the network file and changes its band rule's temperatures (2.1.0 to
  // 2.1.1) is a new model to a photo still waiting: the batch answers it again instead of filing it
  // by a confidence read with the old temperatures.
  const BEFORE = '2025-10-13T08:00:00.000Z';

  it('answers again a waiting photo whose confidence was read with other temperatures', async () => {
    const station = await mkdtemp(path.join(tmpdir(), 'rs-band-rule-'));
    await mkdir(path.join(station, 'incoming'), { recursive: true });
    const names = ['return_20251013_001.jpg', 'return_20251013_002.jpg'];
    for (const [i, name] of names.entries())
      await writeFile(path.join(station, 'incoming', name), await syntheticPhoto({ width: 800, height: 600, seed: 40 + i }));
    const answers = await classifier.classifyMany(
      names.map((n) => path.join(station, 'incoming', n)),
      { hash: true },
    );
    const model = await classifier.ready();
    const db = openStationDb(path.join(station, 'station.db'));
    try {
      const [stale, current] = answers.map((r, i) => {
        if (!r.ok) throw new Error(r.error.message);
        const item = db.items.insertItem({
          fileName: names[i]!,
          sha256: r.sha256!,
          sizeBytes: r.sizeBytes!,
          relPath: `incoming/${names[i]}`,
        });
        let p = r.prediction;
        if (i === 0) {
          // As the same network file read with the temperature halved would have answered it.
          const t = (p.photoKind === 'studio' ? model.temperatures.studio : model.temperatures.photo) / 2;
          const confidence = Math.max(...softmaxWithTemperature(p.logits!, t));
          p = { ...p, confidence, top3: p.top3.map((g, k) => (k === 0 ? { ...g, confidence } : g)) };
        }
        return db.items.addPrediction(item.id, { ...p, createdAt: BEFORE });
      });
      expect(stale!.prediction!.confidence).not.toBeCloseTo(answers[0]!.ok ? answers[0]!.prediction.confidence : 0, 6);

      const run = await runBatch({ root: station, db, classifier, trigger: 'manual' });
      expect(run.successful).toBe(2);
      const again = db.items.latestPrediction(stale!.id)!;
      expect(again.createdAt).not.toBe(BEFORE); // answered again, with today's reading
      expect(again.confidence).toBeCloseTo(answers[0]!.ok ? answers[0]!.prediction.confidence : NaN, 6);
      expect(db.items.latestPrediction(current!.id)!.createdAt).toBe(BEFORE); // read as today: kept
    } finally {
      db.close();
      await rm(station, { recursive: true, force: true });
    }
  });
});
