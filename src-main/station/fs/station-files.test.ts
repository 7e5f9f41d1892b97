// The station's file module on real temp folders: no write or move ever replaces a file, every
// write is whole or absent, moves are synced, and nothing outside a folder passes for inside it.
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileExistsError, writeFileAtomic, writeUnderFreeName } from './atomic-write.ts';
import { cannotHardLink } from './errno.ts';
import { freeName } from './free-name.ts';
import { isIgnoredName } from './ignored-names.ts';
import { isStrictlyInside, resolveInside, toAbs } from './inside-folder.ts';
import { moveNoClobber } from './move-no-clobber.ts';

// The real syncFolder, its calls recorded.
const synced = vi.hoisted(() => [] as string[]);
vi.mock('./sync-folder.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./sync-folder.ts')>();
  return {
    syncFolder: async (folder: string) => {
      synced.push(folder);
      await real.syncFolder(folder);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rs-fs-'));
  synced.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (f: string) => readFile(f, 'utf8');

describe('the error table', () => {
  it('reads every answer of a file system without hard links as such, and nothing else', () => {
    for (const code of ['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'])
      expect(cannotHardLink(Object.assign(new Error(code), { code })), code).toBe(true);
    for (const code of ['EEXIST', 'ENOENT', 'EACCES', 'EIO', undefined])
      expect(cannotHardLink(Object.assign(new Error(String(code)), { code })), String(code)).toBe(false);
  });
});

describe('moveNoClobber', () => {
  it('moves into a new folder and syncs both folders', async () => {
    await writeFile(path.join(dir, 'a.jpg'), 'photo');
    await moveNoClobber(path.join(dir, 'a.jpg'), path.join(dir, 'processed', 'Tshirts', 'a.jpg'));
    expect(await read(path.join(dir, 'processed', 'Tshirts', 'a.jpg'))).toBe('photo');
    expect(await readdir(dir)).toEqual(['processed']);
    expect(synced).toEqual([path.join(dir, 'processed', 'Tshirts'), dir]);
  });

  it('refuses with EEXIST and leaves both files as they were', async () => {
    await writeFile(path.join(dir, 'a.jpg'), 'new');
    await writeFile(path.join(dir, 'b.jpg'), 'old');
    await expect(moveNoClobber(path.join(dir, 'a.jpg'), path.join(dir, 'b.jpg'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect([await read(path.join(dir, 'a.jpg')), await read(path.join(dir, 'b.jpg'))]).toEqual(['new', 'old']);
  });

  // /dev/shm is a tmpfs on Linux, another device than the temp folder: link() answers EXDEV there.
  const otherDevice = (() => {
    try {
      return statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? '/dev/shm' : null;
    } catch {
      return null;
    }
  })();
  it.skipIf(!otherDevice)('copies across devices, still never over an existing file', async () => {
    const far = await mkdtemp(path.join(otherDevice!, 'rs-fs-'));
    try {
      await writeFile(path.join(dir, 'a.jpg'), 'photo');
      await writeFile(path.join(far, 'taken.jpg'), 'old');
      await expect(moveNoClobber(path.join(dir, 'a.jpg'), path.join(far, 'taken.jpg'))).rejects.toMatchObject({ code: 'EEXIST' });
      expect(await read(path.join(far, 'taken.jpg'))).toBe('old');
      await moveNoClobber(path.join(dir, 'a.jpg'), path.join(far, 'a.jpg'));
      expect(await read(path.join(far, 'a.jpg'))).toBe('photo');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(far, { recursive: true, force: true });
    }
  });
});

describe('freeName', () => {
  it('skips names on disk, names promised to others and names whose error note exists', async () => {
    await writeFile(path.join(dir, 'x.jpg'), '');
    await writeFile(path.join(dir, 'x_2.jpg.error.txt'), '');
    const reserved = new Set([path.join(dir, 'x_3.jpg')]);
    expect(await freeName(dir, 'x.jpg', { reserved, withNote: true })).toBe('x_4.jpg');
    expect(reserved.has(path.join(dir, 'x_4.jpg'))).toBe(true);
    expect(await freeName(dir, 'x.jpg')).toBe('x_2.jpg');
  });
});

describe('writeUnderFreeName', () => {
  it('never overwrites: a clash gets a suffix, and no temp file is left', async () => {
    const a = await writeUnderFreeName(dir, 'return_20251013_003.jpg', Buffer.from('first'));
    const b = await writeUnderFreeName(dir, 'return_20251013_003.jpg', Buffer.from('second'));
    expect([a, b]).toEqual(['return_20251013_003.jpg', 'return_20251013_003_2.jpg']);
    expect([await read(path.join(dir, a)), await read(path.join(dir, b))]).toEqual(['first', 'second']);
    expect((await readdir(dir)).sort()).toEqual([a, b]);
  });

  it('syncs the folder once the name is given', async () => {
    await writeUnderFreeName(dir, 'picklist.pdf', Buffer.from('%PDF'));
    expect(synced).toContain(dir);
  });
});

describe('writeFileAtomic', () => {
  it('writes, finds the same bytes already written, refuses other bytes, and replaces only when asked', async () => {
    const file = path.join(dir, 'results', 'batch.csv');
    await mkdir(path.dirname(file));
    expect(await writeFileAtomic(file, 'one')).toBe('written');
    expect(synced).toContain(path.dirname(file));
    expect(await writeFileAtomic(file, 'one')).toBe('unchanged');
    await expect(writeFileAtomic(file, 'two')).rejects.toBeInstanceOf(FileExistsError);
    expect(await read(file)).toBe('one');
    expect(await writeFileAtomic(file, 'two', { replace: true })).toBe('replaced');
    expect(await read(file)).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['batch.csv']);
  });

  it('lets exactly one of two racing writers of different content win', async () => {
    const file = path.join(dir, 'race.txt');
    const results = await Promise.allSettled([writeFileAtomic(file, 'one'), writeFileAtomic(file, 'two')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(FileExistsError) });
    expect(['one', 'two']).toContain(await read(file));
    expect(await readdir(dir)).toEqual(['race.txt']);
  });
});

describe('ignored names', () => {
  it('skips hidden files (our temp files), partial downloads and editor backups, not photos', () => {
    for (const n of ['.return_1.jpg.4242.0a1b2c3d4e5f.tmp', '.DS_Store', 'x.jpg.crdownload', 'x.jpg.part', 'x.jpg~'])
      expect(isIgnoredName(n), n).toBe(true);
    for (const n of ['return_20251013_001.jpg', 'tmp.jpg', 'x.partial.jpg']) expect(isIgnoredName(n), n).toBe(false);
  });
});

describe('inside a folder', () => {
  let root: string;
  beforeEach(async () => {
    root = path.join(dir, 'station');
    await mkdir(path.join(root, 'processed', 'Tshirts'), { recursive: true });
    await writeFile(path.join(root, 'processed', 'Tshirts', 'a.jpg'), 'photo');
    await writeFile(path.join(root, '..notes.jpg'), 'a name that starts with two dots');
    await mkdir(path.join(dir, 'station-old'));
    await writeFile(path.join(dir, 'station-old', 'b.jpg'), 'elsewhere');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'processed', 'Tshirts', 'link.jpg'));
  });

  it('finds a station-relative path inside, with its real path', async () => {
    const real = toAbs(await realpath(root), 'processed/Tshirts/a.jpg');
    expect(await resolveInside(root, 'processed/Tshirts/a.jpg')).toEqual({ where: 'inside', real });
    expect((await resolveInside(root, '..notes.jpg')).where).toBe('inside');
  });

  it('refuses `..`, a sibling folder whose name starts the same, a symlink out, and the folder itself', async () => {
    for (const rel of ['../secret.txt', '../station-old/b.jpg', 'processed/Tshirts/link.jpg', '.', ''])
      expect((await resolveInside(root, rel)).where, rel).toBe('outside');
    expect(isStrictlyInside('/srv/station', '/srv/station-old/b.jpg')).toBe(false);
  });

  it('says missing for nothing there, and throws for a folder that is not there', async () => {
    expect(await resolveInside(root, 'processed/Tshirts/none.jpg')).toEqual({ where: 'missing' });
    await expect(resolveInside(path.join(dir, 'none'), 'x.jpg')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
