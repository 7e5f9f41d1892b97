// Writing a whole file so that a reader, a watcher or a crash only ever sees no file or the
// complete one: the bytes go to a hidden temp name in the same folder (ignored-names.ts skips it),
// are fsynced, and only then get the real name through moveNoClobber, which never replaces a file.
// Two ways to name it: `writeUnderFreeName` takes the first free name (a captured photo, a pick
// list PDF); `writeFileAtomic` wants exactly its name (a batch's results) and finds identical
// content already written fine.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { nameTaken, notThere } from './errno.ts';
import { freeName } from './free-name.ts';
import { moveNoClobber } from './move-no-clobber.ts';
import { syncFolder } from './sync-folder.ts';

export type WriteOutcome = 'written' | 'unchanged' | 'replaced';

export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  readonly code = 'EEXIST';
  constructor(readonly file: string) {
    super(`A different file already exists, not overwritten: ${file}`);
  }
}

/** The bytes in a fresh, fsynced temp file beside `fileName` in `dir`: a dot-name that the watcher
 * and the desk's scripts (which look for batch_*.csv) pass over. */
async function writeTemp(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${fileName}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const h = await open(tmp, 'wx');
  try {
    await h.writeFile(bytes);
    await h.sync();
  } finally {
    await h.close();
  }
  return tmp;
}

/** Writes bytes as `dir/fileName`, or under the first free clash-suffixed name; returns the name. */
export async function writeUnderFreeName(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const tmp = await writeTemp(dir, fileName, bytes);
  try {
    for (;;) {
      const name = await freeName(dir, fileName);
      try {
        await moveNoClobber(tmp, path.join(dir, name));
        return name;
      } catch (e) {
        if (!nameTaken(e)) throw e; // else another writer took the name since freeName looked
      }
    }
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (e) {
    if (notThere(e)) return null;
    throw e;
  }
}

/** True when the file exists with exactly these bytes. */
export async function sameContent(file: string, data: Buffer): Promise<boolean> {
  const old = await readIfExists(file);
  return old !== null && old.equals(data);
}

/**
 * Writes `file` exactly. A file already there with the same bytes counts as written
 * ('unchanged'); with other bytes it is refused with FileExistsError, unless `replace` (a run
 * superseding its own output), which swaps it atomically: readers see the old file or the new one.
 */
export async function writeFileAtomic(file: string, content: string | Buffer, opts: { replace?: boolean } = {}): Promise<WriteOutcome> {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const existing = await readIfExists(file);
  if (existing?.equals(data)) return 'unchanged';
  if (existing && !opts.replace) throw new FileExistsError(file);

  const tmp = await writeTemp(path.dirname(file), path.basename(file), data);
  try {
    if (opts.replace) {
      await rename(tmp, file);
      await syncFolder(path.dirname(file));
      return existing ? 'replaced' : 'written';
    }
    try {
      await moveNoClobber(tmp, file, { noHardLink: 'rename-if-free' });
    } catch (e) {
      if (!nameTaken(e)) throw e;
      // Someone wrote the name between our check and now.
      if (await sameContent(file, data)) return 'unchanged';
      throw new FileExistsError(file);
    }
    return 'written';
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
