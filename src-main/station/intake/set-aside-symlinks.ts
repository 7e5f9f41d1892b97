// The batch's sweep of incoming/ for symbolic links, before it reads any file there.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StationDb } from '../db/station-db.ts';
import { isIgnoredName } from '../fs/ignored-names.ts';
import { quarantineSymlink } from './refuse-symlink.ts';

export async function setAsideSymlinks(root: string, db: StationDb, now: Date, batchRunId: number): Promise<number> {
  const links = (await readdir(path.join(root, 'incoming'), { withFileTypes: true })).filter(
    (e) => e.isSymbolicLink() && !isIgnoredName(e.name),
  );
  for (const e of links) {
    const rel = `incoming/${e.name}`;
    await quarantineSymlink(root, db, rel, now, batchRunId, db.items.getItemByRelPath(rel)?.id ?? null);
  }
  return links.length;
}
