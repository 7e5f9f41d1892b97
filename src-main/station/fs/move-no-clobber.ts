// Moving a file without ever replacing another one. rename() would silently overwrite a file of the
// same name; link() refuses with EEXIST, atomically, so a move is link(to) + unlink(from). Where
// the file system cannot hard link (errno.ts), the caller picks the fallback: a copy with exclusive
// create (never overwrites; a reader may see the copy grow) for photos, or, inside one folder, a
// rename after checking the name is free (readers see all or nothing; a writer arriving between the
// check and the rename would be replaced) for the station's own output files.
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { cannotHardLink } from './errno.ts';
import { pathExists } from './path-exists.ts';
import { syncFolder } from './sync-folder.ts';

export type NoHardLinkFallback = 'copy' | 'rename-if-free';

/** An EEXIST error like link()'s, for the fallbacks that find the name taken themselves. */
function nameTakenError(to: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, not overwritten: ${to}`), { code: 'EEXIST', path: to });
}

export interface MoveOptions {
  noHardLink?: NoHardLinkFallback;
  /** false: the caller syncs both folders itself before it records the move (the batch syncs each
   * folder once per chunk instead of twice per photo). */
  sync?: boolean;
}

/**
 * Moves `from` to `to` (creating `to`'s folder), failing with EEXIST if `to` exists. Both folders
 * are synced before it returns (unless `sync: false`), so a move the caller records next survives a
 * power cut.
 */
export async function moveNoClobber(from: string, to: string, opts: MoveOptions = {}): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  let renamed = false;
  try {
    await link(from, to);
  } catch (e) {
    if (!cannotHardLink(e)) throw e;
    if (opts.noHardLink === 'rename-if-free') {
      if (await pathExists(to)) throw nameTakenError(to);
      await rename(from, to);
      renamed = true;
    } else {
      await copyExclusive(from, to);
    }
  }
  if (!renamed) await unlink(from);
  if (opts.sync === false) return;
  await syncFolder(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) await syncFolder(path.dirname(from));
}

/** Copies with exclusive create (EEXIST if `to` exists) and fsyncs the copy. */
async function copyExclusive(from: string, to: string) {
  const src = await open(from, 'r');
  try {
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
      await dst.close();
    }
  } finally {
    await src.close();
  }
}
