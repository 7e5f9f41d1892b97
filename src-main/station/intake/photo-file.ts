// File-level helpers for photos: which names the station ignores, content hashing, and writing or
// moving a file without ever overwriting another one.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { clashName } from '../../../src-shared/domain.ts';

/** Hidden files, editors' and browsers' partial downloads, and our own temp files. */
const TEMP_NAME = /(^\.)|(\.(tmp|temp|part|partial|crdownload|download|swp)$)|(~$)/i;

export function isIgnoredName(fileName: string): boolean {
  return TEMP_NAME.test(fileName);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const toAbs = (root: string, rel: string) => path.join(root, ...rel.split('/'));

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * The first free name in `dir` for `fileName` (x.jpg, x_2.jpg, x_3.jpg, …). `reserved` holds full
 * paths already promised to other photos of the same batch chunk (and receives this one);
 * `withNote` also requires `<name>.error.txt` to be free. The caller still moves with
 * `moveNoClobber`, which refuses to overwrite if another writer got there first.
 */
export async function freeName(dir: string, fileName: string, opts: { reserved?: Set<string>; withNote?: boolean } = {}): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? fileName : clashName(fileName, n);
    const full = path.join(dir, candidate);
    if (opts.reserved?.has(full) || (await exists(full)) || (opts.withNote && (await exists(`${full}.error.txt`)))) continue;
    opts.reserved?.add(full);
    return candidate;
  }
}

/**
 * Moves `from` to `to` without ever replacing an existing file: hard-link then unlink, which fails
 * with EEXIST if `to` exists (rename would silently overwrite). Across devices (EXDEV) it copies
 * with exclusive create, fsyncs, then unlinks the source.
 */
export async function moveNoClobber(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw e;
    await copyExclusive(from, to);
  }
  await unlink(from);
}

async function copyExclusive(from: string, to: string) {
  const src = await open(from, 'r');
  const dst = await open(to, 'wx');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (!bytesRead) break;
      await dst.write(buf, 0, bytesRead);
    }
    await dst.sync();
  } finally {
    await src.close();
    await dst.close();
  }
}

/** Writes bytes as `dir/fileName` (or a clash-suffixed name) through a hidden temp file + fsync +
 * no-clobber rename, so watchers never see a half-written photo. Returns the final name. */
export async function writeAtomic(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  for (;;) {
    const name = await freeName(dir, fileName);
    try {
      await moveNoClobber(tmp, path.join(dir, name));
      return name;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        await unlink(tmp).catch(() => {});
        throw e;
      }
    }
  }
}
