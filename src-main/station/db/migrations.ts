// Numbered schema migrations, Signal-Desktop style: the schema version lives in the file itself
// (PRAGMA user_version), each migration runs in its own transaction together with the bump of
// user_version, so a crash or an error leaves the file at the previous version, never half-way.
import type BetterSqlite3 from 'better-sqlite3';
import { MigrationError, SchemaTooNewError } from './db-errors.ts';
import { initialSchema } from './migrations/001-initial-schema.ts';
import { historySupport } from './migrations/002-history.ts';
import { deskLearning } from './migrations/003-desk-learning.ts';
import { headAutoApproval } from './migrations/004-head-auto-approval.ts';
import { kindsOutput } from './migrations/005-kinds.ts';
import { earnedAutoApproval } from './migrations/006-earned-auto-approval.ts';
import { receiving } from './migrations/007-receiving.ts';
import { auditDrift } from './migrations/008-audit-drift.ts';
import { driftInputs } from './migrations/009-drift-inputs.ts';
import { deskCategoryKinds } from './migrations/010-desk-category-kinds.ts';
import { guardExceptions } from './migrations/011-guard-exceptions.ts';

export interface Migration {
  /** 1, 2, 3 … in order, no gaps: the version the file is at once this migration has run. */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: initialSchema },
  { version: 2, name: 'history columns and indexes', up: historySupport },
  { version: 3, name: 'desk learning', up: deskLearning },
  { version: 4, name: 'desk head auto-approval of doubted photos', up: headAutoApproval },
  { version: 5, name: 'kinds output', up: kindsOutput },
  { version: 6, name: 'desk heads earn auto-approval per category', up: earnedAutoApproval },
  { version: 7, name: 'receiving', up: receiving },
  { version: 8, name: 'audit sample and drift flags', up: auditDrift },
  { version: 9, name: 'image statistics and the desk drift reference', up: driftInputs },
  { version: 10, name: 'desk categories that start from the model kinds', up: deskCategoryKinds },
  { version: 11, name: 'pairs a guarded category lets its desk head make', up: guardExceptions },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function readUserVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database up to the newest version this code knows. Returns the versions it went
 * from and to (equal when there was nothing to do). */
export function runMigrations(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  // A mis-numbered list is a programming error; catch it before touching the file.
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
  const latest = migrations.length;
  const from = readUserVersion(db);
  if (from > latest) throw new SchemaTooNewError(db.name, from, latest);

  for (const m of migrations.slice(from)) {
    const before = readUserVersion(db);
    try {
      // user_version lives in the database header, which is journaled like any page: the bump
      // commits or rolls back together with the migration's own changes. IMMEDIATE takes the
      // write lock first and the version is read again under it, so a second process opening the
      // same file at the same moment waits, then skips what it finds done.
      db.transaction(() => {
        if (readUserVersion(db) >= m.version) return;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (e) {
      throw new MigrationError(m.version, m.name, before, e);
    }
  }
  return { from, to: readUserVersion(db) };
}
