import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDb } from '../station/db/open-station-db.ts';
import type { StationDb } from '../station/db/station-db.ts';
import { serveAppFile, servePhoto } from './app-protocols.ts';

let root: string;
let db: StationDb;
let id: number;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-proto-'));
  await mkdir(path.join(root, 'ui', 'assets'), { recursive: true });
  await writeFile(path.join(root, 'ui', 'index.html'), '<!doctype html>');
  await writeFile(path.join(root, 'ui', 'assets', 'app.js'), 'console.log(1)');
  await mkdir(path.join(root, 'processed', 'Watches'), { recursive: true });
  await writeFile(path.join(root, 'processed', 'Watches', 'w.jpg'), 'jpeg');
  db = openStationDb(path.join(root, 'station.db'));
  id = db.items.insertItem({
    fileName: 'w.jpg',
    sha256: 'c'.repeat(64),
    sizeBytes: 4,
    relPath: 'processed/Watches/w.jpg',
    location: 'processed',
  }).id;
});
afterAll(async () => {
  db.close();
  await rm(root, { recursive: true, force: true });
});

describe('app protocols', () => {
  it('serves the renderer build and nothing outside it', async () => {
    const ui = path.join(root, 'ui');
    expect((await serveAppFile(ui, 'station://app/')).status).toBe(200);
    const js = await serveAppFile(ui, 'station://app/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await serveAppFile(ui, 'station://app/%2e%2e/station.db')).status).toBe(404);
    expect((await serveAppFile(ui, 'station://app/..%2Fstation.db')).status).toBe(404);
    expect((await serveAppFile(ui, 'station://other/index.html')).status).toBe(404);
  });

  it('serves photos by item id only', async () => {
    const ok = await servePhoto(root, db, `station-photo://item/${id}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('jpeg');
    for (const bad of [
      'station-photo://item/..',
      'station-photo://item/../station.db',
      'station-photo://item/%2Fetc%2Fpasswd',
      `station-photo://item/${id}/../../x`,
      'station-photo://other/1',
      'station-photo://item/1?path=/etc/passwd',
    ]) {
      expect((await servePhoto(root, db, bad)).status, bad).toBe(400);
    }
    expect((await servePhoto(root, db, 'station-photo://item/987654')).status).toBe(404);
  });
});
