// <root>/expected/: expected-returns files the shop's system drops in. A file is taken only once it
// has stopped changing (unchanged for `stableMs`, and the same size and time before and after it
// is read), then read whole and checked row by row: the good rows and the file's record are stored
// in one transaction, the bad rows are listed with their reasons in
// expected/<name>.errors.txt, and the file is moved into expected/done/ (a clash gets a suffix;
// nothing is deleted or overwritten). A crash after the rows are stored and before the move is
// finished at the next scan: the file's content hash and name are on record, so its rows are not
// taken twice.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StationDb } from '../db/station-db.ts';
import { writeUnderFreeName } from '../fs/atomic-write.ts';
import { freeName } from '../fs/free-name.ts';
import { isIgnoredName } from '../fs/ignored-names.ts';
import { moveNoClobber } from '../fs/move-no-clobber.ts';
import { ExpectedFileError, parseExpectedFile } from './expected-file.ts';
import { checkExpectedRows, type CheckedRows } from './expected-rows.ts';

export const EXPECTED_DIR = 'expected';
const DONE_DIR = 'done';
const ERRORS_SUFFIX = '.errors.txt';

export interface TakenFile {
  fileName: string;
  /** Relative to the root: expected/done/<name>. */
  keptAs: string;
  stored: number;
  errors: CheckedRows['errors'];
  /** expected/<name>.errors.txt, when there were bad rows. */
  errorsFile: string | null;
}

export interface ExpectedFolderOptions {
  root: string;
  db: StationDb;
  /** The station's categories now (expected categories are checked against them). */
  categories: () => string[];
  /** How long a file must be unchanged before it is read (default 1000 ms). */
  stableMs?: number;
  /** How often the folder is looked at (default 2000 ms). */
  pollMs?: number;
  onTaken?: (file: TakenFile) => void;
}

export interface ExpectedFolder {
  /** Takes every stable file now; resolves with what was taken. */
  scanOnce(): Promise<TakenFile[]>;
  start(): void;
  close(): Promise<void>;
}

function errorsText(fileName: string, errors: CheckedRows['errors'], stored: number): string {
  const lines = errors.map((e) => (e.row > 0 ? `row ${e.row}: ${e.reason}` : e.reason));
  return `${fileName}: ${stored} row(s) taken, ${errors.length} refused\n${lines.join('\n')}\n`;
}

export function createExpectedFolder(opts: ExpectedFolderOptions): ExpectedFolder {
  const dir = path.join(opts.root, EXPECTED_DIR);
  const stableMs = opts.stableMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let scanning: Promise<TakenFile[]> | null = null;

  /** The whole file, or null while it is still being written. */
  async function readStable(file: string): Promise<Buffer | null> {
    const before = await stat(file);
    if (Date.now() - before.mtimeMs < stableMs) return null;
    const bytes = await readFile(file);
    const after = await stat(file);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytes.length !== after.size) return null;
    return bytes;
  }

  async function take(name: string): Promise<TakenFile | null> {
    const file = path.join(dir, name);
    const bytes = await readStable(file).catch(() => null);
    if (!bytes) return null;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let checked: CheckedRows;
    try {
      const parsed = parseExpectedFile(name, bytes.toString('utf8'));
      checked = checkExpectedRows(parsed.rows, opts.categories(), parsed.firstRow);
    } catch (e) {
      if (!(e instanceof ExpectedFileError)) throw e;
      checked = { good: [], errors: [{ row: 0, reason: `The file was not read: ${e.message}.` }] };
    }
    const known = opts.db.receiving.findExpectedFile(sha256, name);
    const keptName = known ? path.posix.basename(known.keptAs) : await freeName(path.join(dir, DONE_DIR), name);
    const keptAs = `${EXPECTED_DIR}/${DONE_DIR}/${keptName}`;
    if (!known) {
      opts.db.receiving.takeExpectedFile(checked.good, {
        fileName: name,
        sha256,
        keptAs,
        goodRows: checked.good.length,
        badRows: checked.errors.length,
      });
    }
    let errorsFile: string | null = null;
    if (checked.errors.length) {
      const written = await writeUnderFreeName(
        dir,
        `${keptName}${ERRORS_SUFFIX}`,
        Buffer.from(errorsText(name, checked.errors, checked.good.length)),
      );
      errorsFile = `${EXPECTED_DIR}/${written}`;
    }
    await moveNoClobber(file, path.join(dir, DONE_DIR, keptName));
    return { fileName: name, keptAs, stored: checked.good.length, errors: checked.errors, errorsFile };
  }

  async function scan(): Promise<TakenFile[]> {
    await mkdir(path.join(dir, DONE_DIR), { recursive: true });
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && !isIgnoredName(e.name) && !e.name.endsWith(ERRORS_SUFFIX))
      .map((e) => e.name)
      .sort();
    const taken: TakenFile[] = [];
    for (const name of names) {
      const t = await take(name).catch((e: unknown) => {
        console.error(`[station] expected returns: ${name}:`, e);
        return null;
      });
      if (t) {
        taken.push(t);
        opts.onTaken?.(t);
      }
    }
    return taken;
  }

  const folder: ExpectedFolder = {
    scanOnce() {
      scanning ??= scan().finally(() => (scanning = null));
      return scanning;
    },
    start() {
      const tick = () => {
        timer = setTimeout(() => void folder.scanOnce().finally(() => timer && tick()), opts.pollMs ?? 2000);
      };
      void folder.scanOnce();
      tick();
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await scanning?.catch(() => {});
    },
  };
  return folder;
}
