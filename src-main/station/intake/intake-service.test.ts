import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import { startClassifierService, type ClassifierService } from '../classify/classifier-service.ts';
import { defaultModelDir } from '../classify/model-manifest.ts';
import { openStationDb } from '../db/open-station-db.ts';
import type { StationDb } from '../db/station-db.ts';
import { eventually } from '../test-support/eventually.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { watchIncoming, type IncomingWatcher } from './incoming-watcher.ts';
import { createIntakeService } from './intake-service.ts';

let classifier: ClassifierService;
let root: string;
let db: StationDb;
let watcher: IncomingWatcher | undefined;
beforeAll(() => {
  classifier = startClassifierService({ modelDir: defaultModelDir() });
});
afterAll(() => classifier.close());
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-intake-'));
  await mkdir(path.join(root, 'incoming'));
  db = openStationDb(path.join(root, 'station.db'));
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  db.close();
  await rm(root, { recursive: true, force: true });
});

describe('intake', () => {
  it('records and classifies a photo the moment the watcher sees it; the same bytes twice make one item', async () => {
    const added: Item[] = [];
    const dups: string[] = [];
    const intake = createIntakeService(root, db, classifier, { onItemAdded: (i) => added.push(i), onDuplicate: (f) => dups.push(f) });
    watcher = watchIncoming({ dir: path.join(root, 'incoming'), stableMs: 300, onPhoto: (f) => void intake.register(f) });
    await watcher.ready;
    const bytes = await syntheticPhoto({ width: 640, height: 480, seed: 3 });
    await writeFile(path.join(root, 'incoming', 'return_20251013_001.jpg'), bytes);
    await eventually(() => added.length === 1, 'the photo to be added');
    expect(added[0]).toMatchObject({
      fileName: 'return_20251013_001.jpg',
      returnId: 'RET-20251013-001',
      status: 'classified',
      location: 'incoming',
    });
    expect(added[0]!.prediction!.top3).toHaveLength(3);
    await writeFile(path.join(root, 'incoming', 'same photo again.jpg'), bytes);
    await eventually(() => dups.length === 1, 'the copy to be found a duplicate');
    expect(dups).toEqual(['incoming/same photo again.jpg']);
    expect(db.items.listUnfiledItems()).toHaveLength(1);
  });

  it('finds photos that arrived while the station was stopped', async () => {
    await writeFile(path.join(root, 'incoming', 'return_20251013_002.jpg'), await syntheticPhoto({ width: 320, height: 240, seed: 4 }));
    await writeFile(path.join(root, 'incoming', '.hidden.jpg'), 'x');
    const intake = createIntakeService(root, db, classifier);
    const found = await intake.reconcile();
    expect(found.map((i) => i.fileName)).toEqual(['return_20251013_002.jpg']);
    expect(await intake.reconcile()).toEqual([]); // idempotent
  });

  it('saves a captured photo atomically under the return id, and asks before reusing an id', async () => {
    const intake = createIntakeService(root, db, classifier);
    const now = new Date(2025, 9, 13, 10, 0, 0);
    const item = await intake.savePhoto(
      { returnId: 'RET-20251013-007', bytes: await syntheticPhoto({ width: 640, height: 480, seed: 5 }), ext: 'jpg', allowReuse: false },
      now,
    );
    expect(item).toMatchObject({
      fileName: 'return_20251013_007.jpg',
      relPath: 'incoming/return_20251013_007.jpg',
      returnId: 'RET-20251013-007',
    });
    const again = {
      returnId: 'RET-20251013-007',
      bytes: await syntheticPhoto({ width: 640, height: 480, seed: 6 }),
      ext: 'jpg',
      allowReuse: false,
    };
    // Only a conflict when the earlier photo was received on the same day.
    const sameDay = new Date(item.receivedAt);
    await expect(intake.savePhoto(again, sameDay)).rejects.toMatchObject({ code: 'CONFLICT' });
    const second = await intake.savePhoto({ ...again, allowReuse: true }, sameDay);
    expect(second.fileName).toBe('return_20251013_007_2.jpg');
    await expect(intake.savePhoto({ ...again, returnId: 'nope' }, sameDay)).rejects.toThrow(/RET-YYYYMMDD-NNN/);
  });
});
