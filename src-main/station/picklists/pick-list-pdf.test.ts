import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStamp } from '../../../src-shared/local-time.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { saveThumbnail, thumbnailRel } from '../intake/thumbnail-cache.ts';
import { writeSettings } from '../db/stored-settings.ts';
import { buildPickList } from './build-pick-list.ts';
import { filedItem, finishedRun } from './pick-list-test-fixtures.ts';
import { savePickListPdf } from './save-pick-list-pdf.ts';

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const poppler = onPath('pdftotext') && onPath('pdftoppm');
const zbar = onPath('zbarimg');
if (!poppler) console.warn('pick-list PDF: pdftotext/pdftoppm (poppler-utils) not on PATH; the content checks are skipped');
if (!zbar) console.warn('pick-list PDF: zbarimg (zbar-tools) not on PATH; the barcode decoding check is skipped');

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

const now = new Date('2025-10-14T08:30:00.000Z');
/** Page objects in the file (pdfkit writes page dictionaries uncompressed). */
const pageObjects = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

/** 30 items over three categories, one without a return id. */
function seedRun() {
  const run = finishedRun(t);
  const categories = ['Tshirts', 'Watches', 'Heels'];
  for (let n = 1; n <= 30; n++) {
    const returnId = n === 17 ? null : `RET-20251013-${String(n).padStart(3, '0')}`;
    filedItem(t, run.id, {
      returnId,
      category: categories[n % 3]!,
      confidence: 0.5 + (n % 50) / 100,
      ...(returnId ? {} : { fileName: 'IMG_0017.jpg' }),
    });
  }
  writeSettings(t.db, {
    locations: [
      { category: 'Watches', section: 'A', aisle: '1' },
      { category: 'Heels', section: 'B', aisle: '3' },
    ],
  });
  return buildPickList(t.db, { batchRunId: run.id }, now);
}

describe('pick-list PDF', () => {
  it('is written to picklists/ with the run stamp, and reports its page count', async () => {
    const collected = seedRun();
    const saved = await savePickListPdf(t.dir, collected, now);
    const fileName = `picklist_${fileStamp(now)}.pdf`;
    expect(saved).toEqual({
      path: path.join(t.dir, 'picklists', fileName),
      relPath: `picklists/${fileName}`,
      fileName,
      pages: saved.pages,
    });
    const pdf = readFileSync(saved.path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // 30 rows, 3 section heads at ~14 rows a page.
    expect(saved.pages).toBe(3);
    expect(pageObjects(pdf)).toBe(3);
  });

  it('never overwrites: a clash gets a suffix and the older file keeps its bytes', async () => {
    const collected = seedRun();
    const dir = path.join(t.dir, 'picklists');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `picklist_${fileStamp(now)}.pdf`), 'not ours');
    const a = await savePickListPdf(t.dir, collected, now);
    const b = await savePickListPdf(t.dir, collected, now);
    expect([a.fileName, b.fileName]).toEqual([`picklist_${fileStamp(now)}_2.pdf`, `picklist_${fileStamp(now)}_3.pdf`]);
    expect(readFileSync(path.join(dir, `picklist_${fileStamp(now)}.pdf`), 'utf8')).toBe('not ours');
    expect(readdirSync(dir).sort()).toEqual([`picklist_${fileStamp(now)}.pdf`, a.fileName, b.fileName].sort());
  });

  it('embeds a cached thumbnail, and simply leaves out missing or damaged ones', async () => {
    const collected = seedRun();
    const [first, second] = collected.list.groups[0]!.lines;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    await saveThumbnail(t.dir, collected.sha256ByItem.get(first!.itemId)!, jpeg);
    const broken = path.join(t.dir, ...thumbnailRel(collected.sha256ByItem.get(second!.itemId)!).split('/'));
    mkdirSync(path.dirname(broken), { recursive: true });
    writeFileSync(broken, 'not a jpeg');
    const saved = await savePickListPdf(t.dir, collected, now);
    expect(
      readFileSync(saved.path)
        .toString('latin1')
        .match(/\/Subtype \/Image/g),
    ).toHaveLength(1);
  });

  it.skipIf(!poppler)('lists every return id in location order, with the header and "Page x of y" on each page (pdftotext)', async () => {
    const collected = seedRun();
    const saved = await savePickListPdf(t.dir, collected, now);
    const text = execFileSync('pdftotext', ['-layout', saved.path, '-'], { encoding: 'utf8' });
    const expected = collected.list.groups.flatMap((g) => g.lines.flatMap((l) => (l.returnId ? [l.returnId] : [])));
    expect(text.match(/RET-\d{8}-\d{3,}/g)).toEqual(expected);
    expect(expected).toHaveLength(29);
    // Warehouse order: Watches (A/1), Heels (B/3), then Tshirts (no location).
    expect(collected.list.groups.map((g) => g.category)).toEqual(['Watches', 'Heels', 'Tshirts']);
    expect(text).toContain('IMG_0017.jpg');
    expect(text).toContain('no return id');
    for (let p = 1; p <= saved.pages; p++) {
      const page = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), saved.path, '-'], { encoding: 'utf8' });
      expect(page).toContain(`Page ${p} of ${saved.pages}`);
      expect(page).toContain('Pick list · batch 20251014_020000');
      expect(page).toContain('30 items · 3 categories · 0 reviewed');
    }
    expect(text).toContain('Section A · Aisle 1');
    expect(text).toContain('No warehouse location set');
  });

  it.skipIf(!poppler || !zbar)('has barcodes that decode back to their return ids from a 150 dpi render (pdftoppm + zbarimg)', async () => {
    const collected = seedRun();
    const saved = await savePickListPdf(t.dir, collected, now);
    const prefix = path.join(t.dir, 'page');
    execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', saved.path, prefix]);
    const png = readdirSync(t.dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    const run = spawnSync('zbarimg', ['--raw', '-q', '-Scode128.enable', path.join(t.dir, png)], { encoding: 'utf8' });
    const decoded = run.stdout.split('\n').filter(Boolean);
    const firstPage = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', saved.path, '-'], { encoding: 'utf8' }).match(
      /RET-\d{8}-\d{3,}/g,
    )!;
    expect(firstPage.length).toBeGreaterThan(10);
    expect([...decoded].sort()).toEqual([...firstPage].sort());
  });
});
