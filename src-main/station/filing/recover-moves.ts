// Crash recovery for file moves. Every move is journaled as 'planned' before it starts, and the
// item row is updated in the same transaction that marks it 'done'. A move is link(to) + unlink(from)
// (or, across devices, an exclusive copy + unlink), so after a crash each planned entry finds one of
// a few states on disk, and each has exactly one consistent outcome. Nothing is ever deleted but a
// second directory entry of the very same file.
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import type { ItemLocation, ItemStatus } from '../../../src-shared/domain.ts';
import type { MoveJournalEntry, StationDb } from '../db/station-db.ts';
import path from 'node:path';
import { freeName } from '../fs/free-name.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { moveNoClobber } from '../fs/move-no-clobber.ts';
import { sha256File } from '../fs/sha256-file.ts';

const statOrNull = (p: string) => stat(p).catch(() => null);

/** Where a move to `toRel` leaves its item. Quarantine reasons are read back from the
 * `<photo>.error.txt` written before the move. */
export async function arrivalState(
  root: string,
  toRel: string,
): Promise<{ location: ItemLocation; status: ItemStatus; error: string | null }> {
  if (toRel.startsWith('processed/')) return { location: 'processed', status: 'filed', error: null };
  if (toRel.startsWith('errors/')) {
    const text = await readFile(toAbs(root, `${toRel}.error.txt`), 'utf8').catch(() => '');
    const reason = text
      .split('\n')
      .find((l) => l.startsWith('Reason: '))
      ?.slice('Reason: '.length);
    return { location: 'errors', status: 'failed', error: reason ?? 'Quarantined (reason file missing)' };
  }
  return { location: 'incoming', status: 'pending', error: null };
}

export interface RecoveryReport {
  completed: number;
  rolledBack: number;
  missing: number;
}

async function finishArrival(root: string, db: StationDb, m: MoveJournalEntry) {
  const s = await arrivalState(root, m.toRel);
  db.transaction(() => {
    if (m.itemId !== null)
      db.items.updateItemLocation(m.itemId, s.location, m.toRel, s.status, s.error, s.location === 'incoming' ? null : m.batchRunId);
    db.moves.completeMove(m.id);
  });
}

export async function recoverMoves(root: string, db: StationDb): Promise<RecoveryReport> {
  const report: RecoveryReport = { completed: 0, rolledBack: 0, missing: 0 };
  for (const m of db.moves.pendingMoves()) {
    const fromAbs = toAbs(root, m.fromRel);
    const toAbsPath = toAbs(root, m.toRel);
    const from = await statOrNull(fromAbs);
    const to = await statOrNull(toAbsPath);
    if (to && from) {
      const sameFile = from.ino === to.ino && from.dev === to.dev;
      if (sameFile || (from.size === to.size && (await sha256File(fromAbs)) === (await sha256File(toAbsPath)))) {
        await unlink(fromAbs); // the second name of the same photo (or a verified complete copy)
      } else {
        // A copy cut short: set it aside under an ignored name; the photo is still at `from`.
        await rename(toAbsPath, `${toAbsPath}.${m.id}.partial`);
        db.moves.completeMove(m.id);
        report.rolledBack++;
        continue;
      }
      await finishArrival(root, db, m);
      report.completed++;
    } else if (to) {
      await finishArrival(root, db, m);
      report.completed++;
    } else if (from && m.reason === 'override') {
      // A reviewer's decision is already on record: the photo follows it (rolled forward).
      const dir = path.dirname(toAbsPath);
      const toRel = m.toRel.slice(0, m.toRel.lastIndexOf('/') + 1) + (await freeName(dir, path.basename(toAbsPath)));
      await moveNoClobber(fromAbs, toAbs(root, toRel));
      await finishArrival(root, db, { ...m, toRel });
      report.completed++;
    } else {
      db.moves.completeMove(m.id); // never moved: the row still says where the photo is
      if (from) report.rolledBack++;
      else report.missing++;
    }
  }
  return report;
}
