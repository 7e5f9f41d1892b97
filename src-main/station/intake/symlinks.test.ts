// A symbolic link never leads the station out of its folder: a link dropped into incoming/ is set
// aside in errors/ with the reason (never followed, thumbnailed, served or filed), by the watcher
// and by the batch; an output folder replaced by a link is refused.
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../station.ts';
import { eventually } from '../test-support/eventually.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';

let tmp: string;
let outsidePhoto: string;
let outsideBytes: Buffer;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-links-'));
  await mkdir(path.join(tmp, 'outside'));
  outsidePhoto = path.join(tmp, 'outside', 'private.jpg');
  outsideBytes = await syntheticPhoto({ width: 320, height: 240, seed: 610 });
  await writeFile(outsidePhoto, outsideBytes);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function newRoot(name: string): Promise<string> {
  const root = path.join(tmp, name);
  await mkdir(path.join(root, 'incoming'), { recursive: true });
  return root;
}

async function expectSetAside(root: string) {
  expect((await lstat(path.join(root, 'errors', 'link.jpg'))).isSymbolicLink()).toBe(true);
  expect(await readFile(path.join(root, 'errors', 'link.jpg.error.txt'), 'utf8')).toMatch(/Reason: Symbolic link refused/);
  expect(await readFile(outsidePhoto)).toEqual(outsideBytes); // the target is never touched
  expect(await readdir(path.join(root, 'incoming'))).toEqual([]);
}

describe('symbolic links', () => {
  it('the watcher sets a link in incoming/ aside with its reason, recording no item', async () => {
    const root = await newRoot('watched');
    const station = await createStation({ root, watch: true, schedule: false, stableMs: 100 });
    try {
      await station.ready;
      await symlink(outsidePhoto, path.join(root, 'incoming', 'link.jpg'));
      // The note is written first, then the link moves: wait for incoming/ to be empty.
      await eventually(async () => (await readdir(path.join(root, 'incoming'))).length === 0, 'the link to be set aside', 30_000);
      await expectSetAside(root);
      expect(station.db.items.countItems()).toBe(0);
    } finally {
      await station.close();
    }
  });

  it('the batch sets a link aside and reports it, filing nothing it points at', async () => {
    const root = await newRoot('batched');
    await symlink(outsidePhoto, path.join(root, 'incoming', 'link.jpg'));
    const station = await createStation({ root, watch: false, schedule: false });
    try {
      await station.ready;
      const finished = new Promise((r) => station.events.on('batch-finished', r));
      await station.handlers.runBatchNow({});
      await finished;
      await expectSetAside(root);
      expect(await readdir(path.join(root, 'processed'))).toEqual([]);
      expect(station.db.items.countItems()).toBe(0);
    } finally {
      await station.close();
    }
  });

  it('a picklists/ folder that is a link to elsewhere is refused; no PDF lands outside', async () => {
    const root = await newRoot('picklists');
    await mkdir(path.join(tmp, 'elsewhere'));
    await symlink(path.join(tmp, 'elsewhere'), path.join(root, 'picklists'));
    const station = await createStation({ root, watch: false, schedule: false });
    try {
      await station.ready;
      const refused = await station.handlers
        .savePickListPdf({ from: '2025-10-13', to: '2025-10-13' })
        .catch((e: Error & { code?: string }) => e);
      expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
      expect((refused as Error).message).toMatch(/picklists\/ folder leads outside/);
      expect(await readdir(path.join(tmp, 'elsewhere'))).toEqual([]);
    } finally {
      await station.close();
    }
  });
});
