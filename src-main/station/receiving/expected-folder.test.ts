// Expected-returns files on a real folder and a real database: a file still being written is left
// alone, a finished one is read whole, its good rows stored, its bad rows listed with reasons in
// expected/<file>.errors.txt, and the file kept in expected/done/ (never overwritten).
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { createExpectedFolder } from './expected-folder.ts';

const CSV = `return_id,order_id,expected_categories,item_text,customer_ref
RET-20251013-001,ORD-1001,Tshirts|Tops,"Blue tee, size M",C-77
RET-20251013-002,ORD-1002,Watches,,C-78
ret-20251013-003 ,ORD-1003,,Leather handbag,
RET-20251399-004,ORD-1004,Tshirts,,
RET-20251013-005,,Tshirts,,
RET-20251013-006,ORD-1006,Trousers,,
`;

describe('expected/ folder', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  const folder = () => createExpectedFolder({ root: t.dir, db: t.db, categories: () => [...DEFAULT_CATEGORIES], stableMs: 200 });
  const old = async (file: string) => utimes(file, new Date(Date.now() - 5000), new Date(Date.now() - 5000));

  it('takes good rows, lists bad ones with reasons, and keeps the file in done/', async () => {
    const f = folder();
    await f.scanOnce(); // creates expected/ and done/
    const file = path.join(t.dir, 'expected', 'monday.csv');
    await writeFile(file, CSV);
    expect(await f.scanOnce()).toEqual([]); // just written: not yet stable
    await old(file);
    const [taken] = await f.scanOnce();
    expect(taken).toMatchObject({
      fileName: 'monday.csv',
      keptAs: 'expected/done/monday.csv',
      stored: 3,
      errorsFile: 'expected/monday.csv.errors.txt',
    });
    expect(t.db.receiving.getExpectedReturn('RET-20251013-001')).toMatchObject({
      orderId: 'ORD-1001',
      categories: ['Tshirts', 'Tops'],
      itemText: 'Blue tee, size M',
      customerRef: 'C-77',
      source: 'expected/monday.csv',
    });
    expect(t.db.receiving.getExpectedReturn('RET-20251013-003')).toMatchObject({ categories: [], itemText: 'Leather handbag' });
    const errors = await readFile(path.join(t.dir, 'expected', 'monday.csv.errors.txt'), 'utf8');
    expect(errors).toContain('row 4: return_id: "RET-20251399-004" is not a return id');
    expect(errors).toContain('row 5: order_id: an order id is required');
    expect(errors).toContain('row 6: expected_categories: not a category of this station: Trousers');
    expect(await readFile(path.join(t.dir, 'expected', 'done', 'monday.csv'), 'utf8')).toBe(CSV);
    expect((await readdir(path.join(t.dir, 'expected'))).sort()).toEqual(['done', 'monday.csv.errors.txt']);

    // The same name again: kept beside the first, never over it.
    await writeFile(file, 'returnId\n');
    await old(file);
    const [again] = await f.scanOnce();
    expect(again).toMatchObject({ keptAs: 'expected/done/monday_2.csv', stored: 0 });
    expect(await readFile(path.join(t.dir, 'expected', 'monday_2.csv.errors.txt'), 'utf8')).toMatch(
      /The file was not read: the header must name/,
    );
    expect(await readFile(path.join(t.dir, 'expected', 'done', 'monday.csv'), 'utf8')).toBe(CSV);
    await f.close();
  });

  it('reads a JSON array and refuses a duplicate return id within it', async () => {
    const f = folder();
    await f.scanOnce();
    const file = path.join(t.dir, 'expected', 'tuesday.json');
    const rows = [
      { returnId: 'RET-20251014-001', orderId: 'ORD-2001', categories: ['Heels'] },
      { returnId: 'RET-20251014-001', orderId: 'ORD-2002', categories: ['Heels'] },
    ];
    await writeFile(file, JSON.stringify(rows));
    await old(file);
    const [taken] = await f.scanOnce();
    expect(taken).toMatchObject({ stored: 1, errors: [{ row: 2, reason: 'return_id: RET-20251014-001 is already on row 1' }] });
    expect(t.db.receiving.getExpectedReturn('RET-20251014-001')?.orderId).toBe('ORD-2001');
    await f.close();
  });
});
