// A power cut in the middle of a fit: the process fitting a desk head is SIGKILLed after it started;
// the head in use is still the previous one, no head was half-written, and the database is sound.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { reviewedPhotos, TEST_MODEL_SHA } from '../test-support/desk-examples.ts';
import { fitAndRecord } from './fit-and-record.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const child = path.join(import.meta.dirname, '..', 'test-support', 'desk-fit-child.ts');
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rs-fit-crash-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a fit killed half-way', () => {
  it('leaves the previous head in use and nothing half-written', async () => {
    const db = openStationDb(path.join(root, 'station.db'));
    reviewedPhotos(db, 90);
    const first = fitAndRecord(db, { modelSha256: TEST_MODEL_SHA, labels: DEFAULT_CATEGORIES, trigger: 'manual' });
    expect(first.head?.accepted).toBe(true);
    reviewedPhotos(db, 6000); // enough decisions that the next fit takes a while
    db.close();

    const said = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, root], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('fitting')) setTimeout(() => p.kill('SIGKILL'), 50);
      });
      p.on('error', reject);
      p.on('exit', () => resolve(out));
    });
    expect(said).toContain('fitting');
    expect(said).not.toContain('recorded'); // killed during the fit, not after it

    const after = openStationDb(path.join(root, 'station.db'));
    try {
      expect(after.desk.deskHeadInUse()).toBe(first.head!.id);
      expect(after.desk.listDeskHeads(TEST_MODEL_SHA).map((h) => h.id)).toEqual([first.head!.id]);
      expect(after.integrityCheck()).toEqual(['ok']);
    } finally {
      after.close();
    }
  }, 60_000);
});
