import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDb } from './db/open-station-db.ts';
import type { StationDb } from './db/station-db.ts';
import { photoFile } from './photo-access.ts';

let root: string;
let db: StationDb;
let goodId: number;
let escapeId: number;
/** The file the symlink points at, beside (not inside) the station folder: removed with it. */
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-photo-'));
  await mkdir(path.join(root, 'processed', 'Tshirts'), { recursive: true });
  await writeFile(path.join(root, 'processed', 'Tshirts', 'return_20251013_001.jpg'), 'jpeg bytes');
  outside = path.join(path.dirname(root), `secret-${path.basename(root)}.txt`);
  await writeFile(outside, 'secret');
  await symlink(outside, path.join(root, 'processed', 'Tshirts', 'link.jpg'));
  db = openStationDb(path.join(root, 'station.db'));
  goodId = db.items.insertItem({
    fileName: 'return_20251013_001.jpg',
    sha256: 'a'.repeat(64),
    sizeBytes: 10,
    relPath: 'processed/Tshirts/return_20251013_001.jpg',
    location: 'processed',
  }).id;
  escapeId = db.items.insertItem({
    fileName: 'link.jpg',
    sha256: 'b'.repeat(64),
    sizeBytes: 6,
    relPath: 'processed/Tshirts/link.jpg',
    location: 'processed',
  }).id;
});
afterAll(async () => {
  db.close();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { force: true });
});

describe('photos by item id', () => {
  it('serves a photo by its id', async () => {
    const p = await photoFile(root, db, String(goodId));
    expect(p.file.endsWith(path.join('processed', 'Tshirts', 'return_20251013_001.jpg'))).toBe(true);
    expect(p.contentType).toBe('image/jpeg');
  });
  it('refuses paths, traversal and anything but an id', async () => {
    for (const bad of [
      '..',
      '../station.db',
      '/etc/passwd',
      `${goodId}/../../x`,
      '0',
      '-1',
      '0x2a',
      '1e3',
      '',
      `${goodId}.jpg`,
      'C:\\Windows',
    ]) {
      await expect(photoFile(root, db, bad), bad).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
  it('refuses unknown ids and a symlink that leads out of the station folder', async () => {
    await expect(photoFile(root, db, '999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(photoFile(root, db, String(escapeId))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
