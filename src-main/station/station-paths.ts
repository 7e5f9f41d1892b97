// The station's output folders must really be inside the station folder: a sub-folder replaced by
// a symlink (picklists/ → /somewhere/else) would make the station write where nobody looks, or
// where it must not. Each folder is resolved (realpath) and checked against the resolved root.
// (No contract import: the batch worker uses this and must not load zod.)
import { resolveInside } from './fs/inside-folder.ts';

export class OutsideStationFolderError extends Error {
  override readonly name = 'OutsideStationFolderError';
}

export async function assertOutputFoldersInside(root: string, dirs: readonly string[]): Promise<void> {
  for (const d of dirs) {
    const found = await resolveInside(root, d);
    // Not there yet: it is created inside the root when needed.
    if (found.where === 'outside') {
      throw new OutsideStationFolderError(
        `The station's ${d}/ folder leads outside the station folder (to ${found.real}); replace the link with a real folder.`,
      );
    }
  }
}
