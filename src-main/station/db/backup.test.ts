import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from './backup.ts';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

describe('backupDatabase', () => {
  let t: TempDb;
  let dir: string;
  beforeEach(() => {
    t = openTempDb();
    dir = path.join(t.dir, 'backups');
  });
  afterEach(() => t.cleanup());

  it('writes a consistent, complete copy that opens on its own', async () => {
    const item = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 1, relPath: 'incoming/a.jpg' });
    const { file, removed } = await backupDatabase(t.db, dir, '20251013_020000');
    expect(file).toBe(path.join(dir, 'station_20251013_020000.db'));
    expect(removed).toEqual([]);
    expect(readdirSync(dir)).toEqual(['station_20251013_020000.db']); // no .partial, no -wal left behind

    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT sha256 FROM items WHERE id = ?').get(item.id)).toEqual({ sha256: shaOf(1) });
      expect(copy.pragma('user_version', { simple: true })).toBe(t.db.pragmas().userVersion);
    } finally {
      copy.close();
    }
  });

  it('keeps the newest seven and touches nothing else in the folder', async () => {
    await backupDatabase(t.db, dir, '20251001_020000');
    const others = ['notes.txt', 'station_manual.db', 'station_20250101_000000.db.bak', 'station.db'];
    for (const o of others) writeFileSync(path.join(dir, o), o);

    const stamps = Array.from({ length: 9 }, (_, i) => `202510${String(i + 2).padStart(2, '0')}_020000`);
    let lastRemoved: string[] = [];
    for (const s of stamps) {
      t.db.items.insertItem({ fileName: `${s}.jpg`, sha256: shaOf(s), sizeBytes: 1, relPath: `incoming/${s}.jpg` });
      lastRemoved = (await backupDatabase(t.db, dir, s)).removed;
    }
    const backups = readdirSync(dir)
      .filter((n) => /^station_\d{8}_\d{6}\.db$/.test(n))
      .sort();
    expect(backups).toEqual(stamps.slice(-7).map((s) => `station_${s}.db`));
    expect(lastRemoved).toEqual([path.join(dir, `station_${stamps[1]}.db`)]);
    for (const o of others) expect(readFileSync(path.join(dir, o), 'utf8')).toBe(o);

    // The newest backup holds the newest data.
    const copy = new Database(path.join(dir, `station_${stamps[8]}.db`), { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 9 });
    } finally {
      copy.close();
    }
  });

  it('honours a smaller keep and refuses bad arguments', async () => {
    for (const s of ['20251001_020000', '20251002_020000', '20251003_020000']) await backupDatabase(t.db, dir, s, 2);
    expect(readdirSync(dir).sort()).toEqual(['station_20251002_020000.db', 'station_20251003_020000.db']);
    await expect(backupDatabase(t.db, dir, '../../etc/x')).rejects.toThrow(/stamp/);
    await expect(backupDatabase(t.db, dir, '20251004_020000', 0)).rejects.toThrow(/keep/);
    expect(existsSync(path.join(dir, 'station_20251004_020000.db'))).toBe(false);
  });
});
