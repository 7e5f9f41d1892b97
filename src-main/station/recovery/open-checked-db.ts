// Opens station.db only after checking it (PRAGMA quick_check). A database that is damaged, empty
// or missing while backups show the station has been used is never
// replaced silently: it is moved aside, the newest sound backup is restored, the folders are
// reconciled into it, and a critical alert says what happened and what is lost. With no sound
// backup the station refuses to start and changes nothing.
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { reconcileRestoredDb } from './reconcile-restored-db.ts';
import { listBackups, newestGoodBackup } from '../db/backup-files.ts';
import { problemWithDbFile } from '../db/check-db-file.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { backupLabel, copyBackupInto, moveDamagedAside } from '../db/restore-from-backup.ts';
import type { StationDb } from '../db/station-db.ts';

/** The exit code of a command that stops because the database cannot be opened or restored. */
export const DATABASE_UNRECOVERABLE_EXIT_CODE = 3;

export class DatabaseUnrecoverableError extends Error {
  readonly exitCode = DATABASE_UNRECOVERABLE_EXIT_CODE;
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnrecoverableError';
  }
}

export interface DatabaseRestore {
  problem: string;
  /** Where the damaged file went (null when there was none: the database was missing). */
  damagedCopy: string | null;
  backup: string;
  registered: number;
  relocated: number;
  /** The critical alert raised in the restored database. */
  alertId: number;
}

export interface CheckedDb {
  db: StationDb;
  restored: DatabaseRestore | null;
}

export async function openCheckedStationDb(root: string, opts: { clock?: () => Date } = {}): Promise<CheckedDb> {
  const clock = opts.clock ?? (() => new Date());
  const file = path.join(root, 'station.db');
  const backupsDir = path.join(root, 'backups');
  const companions = [`${file}-wal`, `${file}-shm`];
  const hadCompanion = companions.map((f) => existsSync(f));
  const problem = problemWithDbFile(file);
  if (!problem) return { db: openStationDb(file, { clock }), restored: null };

  // Backups exist once a batch has finished here: then a missing or empty file means something was
  // lost. Without any, a missing or still-empty file is simply created: a new station, or a desk
  // folder whose processed/ photos were filed by the old tool (they are not the database's).
  const used = listBackups(backupsDir).length > 0;
  if (!used && (problem === 'missing' || problem.startsWith('empty'))) return { db: openStationDb(file, { clock }), restored: null };

  const { file: backup, skipped } = newestGoodBackup(backupsDir);
  if (!backup) {
    // Touch nothing: only the empty -wal/-shm the read-only check itself created are taken away.
    companions.forEach((f, i) => {
      if (!hadCompanion[i] && (statSync(f, { throwIfNoEntry: false })?.size ?? 1) === 0) rmSync(f, { force: true });
    });
    const tried = skipped.length ? ` (${skipped.map((s) => `${backupLabel(s.file)}: ${s.problem}`).join('; ')})` : '';
    throw new DatabaseUnrecoverableError(
      `The station database ${file} is ${problem}, and there is no sound backup in ${backupsDir}${tried}. ` +
        'Nothing was changed. Restore a backup by hand (README, "Recovery"), or move station.db away to start with an empty database.',
    );
  }
  const damagedCopy =
    problem === 'missing' ? await moveDamagedAside(file, clock()).then(() => null) : await moveDamagedAside(file, clock());
  await copyBackupInto(backup, file);
  const db = openStationDb(file, { clock });
  try {
    const rec = await reconcileRestoredDb(root, db);
    const alert = db.alerts.insertAlert({
      rule: 'database-restored',
      severity: 'critical',
      title: 'Database restored from a backup',
      message:
        `The station database was ${problem}` +
        (damagedCopy ? `; it was kept as ${path.basename(damagedCopy)}` : '') +
        `. Restored from the backup ${backupLabel(backup)}; ${rec.registered + rec.relocated} photo(s) filed or quarantined since were put back on record from their folders. ` +
        'Not recovered: review decisions, settings and alerts made after that backup (each filed photo keeps the category of its folder).',
      actions: [
        'Check Settings (clerks, webhook, thresholds, locations) and enter again what changed after the backup',
        'Review the items decided after the backup again if their category matters',
        'Keep the damaged copy until the desk is sure nothing else is missing',
      ],
      batchRunId: null,
    });
    return { db, restored: { problem, damagedCopy, backup, registered: rec.registered, relocated: rec.relocated, alertId: alert.id } };
  } catch (e) {
    db.close();
    throw e;
  }
}
