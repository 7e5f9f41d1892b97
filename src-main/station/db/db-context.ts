// What every query file gets: the one connection, a statement cache and the clock. Query files are
// plain functions over this context; StationDb is the only thing that creates one.
import type BetterSqlite3 from 'better-sqlite3';

export type Row = Record<string, unknown>;

export interface DbContext {
  readonly db: BetterSqlite3.Database;
  /** Prepared once per connection and reused: the desk runs the same few queries all day. */
  stmt(sql: string): BetterSqlite3.Statement<unknown[], Row>;
  /** Now, in the stored shape (ISO-8601 UTC). Injected so tests and the composition root control time. */
  nowIso(): string;
  /** Runs fn in a transaction (a savepoint when already inside one). fn must be synchronous. */
  tx<T>(fn: () => T): T;
}

export function createDbContext(db: BetterSqlite3.Database, clock: () => Date): DbContext {
  const cache = new Map<string, BetterSqlite3.Statement<unknown[], Row>>();
  return {
    db,
    stmt(sql) {
      let s = cache.get(sql);
      if (!s) {
        s = db.prepare<unknown[], Row>(sql);
        cache.set(sql, s);
      }
      return s;
    },
    nowIso: () => clock().toISOString(),
    // IMMEDIATE: the write lock is taken at BEGIN. The batch worker and the desk fit write the same
    // file through their own connections; a deferred transaction that read first and wrote after
    // another connection's commit fails at once with "database is locked" (its snapshot is stale,
    // and no busy timeout helps), where an immediate one waits its turn.
    tx: (fn) => db.transaction(fn).immediate(),
  };
}
