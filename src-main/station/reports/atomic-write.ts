// Atomic, no-clobber file writes for the results folder. A reader (or a crash) only ever sees no
// file or a complete one: the bytes go to a temp name in the same folder, are fsynced, and only
// then get the real name. Without `replace`, an existing file is never overwritten — the real
// name is claimed with link(), which fails atomically when the name exists — except that identical
// content counts as already written.
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export type WriteOutcome = 'written' | 'unchanged' | 'replaced';

export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  readonly code = 'EEXIST';
  constructor(readonly file: string) {
    super(`A different file already exists, not overwritten: ${file}`);
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** True when the file exists with exactly these bytes. */
export async function sameContent(file: string, data: Buffer): Promise<boolean> {
  const old = await readIfExists(file);
  return old !== null && old.equals(data);
}

/** Makes a rename or link durable too. Not possible on Windows (a folder cannot be opened); there
 * the rename itself is durable enough, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* not supported here */
  }
}

// File systems without hard links (FAT/exFAT sticks, some network shares) answer link() so.
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export async function writeFileAtomic(file: string, content: string | Buffer, opts: { replace?: boolean } = {}): Promise<WriteOutcome> {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const dir = path.dirname(file);
  const existing = await readIfExists(file);
  if (existing?.equals(data)) return 'unchanged';
  if (existing && !opts.replace) throw new FileExistsError(file);

  // A dot-name the desk's spreadsheets and scripts (which look for batch_*.csv) will not pick up.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const h = await open(tmp, 'wx');
  try {
    try {
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
    if (opts.replace) {
      await rename(tmp, file);
      await syncDir(dir);
      return existing ? 'replaced' : 'written';
    }
    try {
      await link(tmp, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        // Someone wrote the name between our check and now.
        if (await sameContent(file, data)) return 'unchanged';
        throw new FileExistsError(file);
      }
      if (!NO_LINKS.has(code)) throw e;
      // No hard links here: check and rename. The window between the two is tiny, and only
      // another writer of the same run stamp could use it.
      if ((await readIfExists(file)) !== null) {
        if (await sameContent(file, data)) return 'unchanged';
        throw new FileExistsError(file);
      }
      await rename(tmp, file);
    }
    await syncDir(dir);
    return 'written';
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
