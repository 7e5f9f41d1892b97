// After a backup is restored, the folders know more than the database: photos filed or quarantined
// after the backup was taken. Each one the restored database does not place where it lies is put
// back on record, its category taken from the folder it sits in (a person or the batch put it
// there), so every filed photo has a row and every row's category matches its folder again.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { returnIdFromPhotoName } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { arrivalState } from '../filing/recover-moves.ts';
import { isIgnoredName } from '../fs/ignored-names.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { sha256File } from '../fs/sha256-file.ts';

export const RECOVERY_CLERK = 'Station recovery';

export interface ReconcileReport {
  /** Photos the restored database did not know at all, now recorded. */
  registered: number;
  /** Photos it knew under another place (moved after the backup), now recorded where they are. */
  relocated: number;
}

async function photoFilesIn(root: string, dirRel: string): Promise<string[]> {
  const entries = await readdir(toAbs(root, dirRel), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !isIgnoredName(e.name) && !e.name.endsWith('.error.txt')).map((e) => `${dirRel}/${e.name}`);
}

export async function reconcileRestoredDb(root: string, db: StationDb): Promise<ReconcileReport> {
  const report: ReconcileReport = { registered: 0, relocated: 0 };
  const found: { rel: string; category: string | null }[] = [];
  const categories = await readdir(toAbs(root, 'processed'), { withFileTypes: true }).catch(() => []);
  for (const c of categories.filter((e) => e.isDirectory())) {
    for (const rel of await photoFilesIn(root, `processed/${c.name}`)) found.push({ rel, category: c.name });
  }
  for (const rel of await photoFilesIn(root, 'errors')) found.push({ rel, category: null });

  for (const { rel, category } of found) {
    const known = db.items.getItemByRelPath(rel);
    if (known && (category === null || known.category === category)) continue;
    const sha256 = await sha256File(toAbs(root, rel)).catch(() => null);
    const arrival = await arrivalState(root, rel);
    db.transaction(() => {
      let item = known ?? (sha256 ? db.items.getItemBySha256(sha256) : null);
      if (item) {
        if (item.relPath !== rel) {
          db.items.updateItemLocation(item.id, arrival.location, rel, arrival.status, arrival.error);
          report.relocated++;
        }
      } else {
        const fileName = path.posix.basename(rel);
        item = db.items.insertItem({
          fileName,
          sha256,
          sizeBytes: 0,
          returnId: returnIdFromPhotoName(fileName),
          relPath: rel,
          location: arrival.location,
          status: arrival.status,
          error: arrival.error,
        });
        report.registered++;
      }
      // The folder is the last word on a filed photo's category: a decision made after the backup
      // moved it there, and that decision is gone with the damaged database.
      if (category !== null && db.items.getItem(item.id)!.category !== category) {
        db.review.addDecision({ itemId: item.id, action: 'override', category, clerk: RECOVERY_CLERK, durationMs: 0 });
      }
    });
  }
  return report;
}
