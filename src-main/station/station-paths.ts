// The station's output folders must really be inside the station folder: a sub-folder replaced by
// a symlink (picklists/ → /somewhere/else) would make the station write where nobody looks, or
// where it must not. Each folder is resolved (realpath) and checked against the resolved root.
// (No contract import: the batch worker uses this and must not load zod.)
import { realpath } from 'node:fs/promises';
import path from 'node:path';

export class OutsideStationFolderError extends Error {
  override readonly name = 'OutsideStationFolderError';
}

export async function assertOutputFoldersInside(root: string, dirs: readonly string[]): Promise<void> {
  const realRoot = await realpath(root);
  for (const d of dirs) {
    const real = await realpath(path.join(root, d)).catch(() => null);
    if (real === null) continue; // not there yet: it is created inside the root when needed
    if (!real.startsWith(realRoot + path.sep)) {
      throw new OutsideStationFolderError(
        `The station's ${d}/ folder leads outside the station folder (to ${real}); replace the link with a real folder.`,
      );
    }
  }
}
