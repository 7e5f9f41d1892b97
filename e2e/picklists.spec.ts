// Pick lists in browser mode: photos go through a real batch, locations are set, the list for that
// batch is shown and its PDF copy saved; poppler's pdftotext must find every return id of the batch
// in warehouse-location order, page 1 is rendered to PNG (kept with the screenshots) and zbarimg
// must read a barcode on it back to the right return id.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, SCREENSHOT_DIR, startBrowserStation, waitUntil, type BrowserStation } from './fixtures/browser-station.ts';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const toolsMissing = ['pdftotext', 'pdftoppm', 'zbarimg'].filter((t) => !has(t));
if (toolsMissing.length)
  console.warn(`Pick-list PDF checks skipped: ${toolsMissing.join(', ')} not installed (apt-get install poppler-utils zbar-tools).`);

const COUNT = 14;

describe.skipIf(!!browserSkipReason)('pick lists (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  let runId: number;
  beforeAll(async () => {
    bs = await startBrowserStation();
    const { station, root } = bs;
    for (let i = 1; i <= COUNT; i++) {
      await writeFile(
        path.join(root, 'incoming', `return_20251013_${String(i).padStart(3, '0')}.jpg`),
        await syntheticPhoto({ width: 1000, height: 750, seed: 300 + i }),
      );
    }
    await waitUntil(
      async () => (await station.handlers.listItems({ limit: 100, offset: 0 })).filter((i) => i.prediction).length === COUNT,
      'classified photos',
      60_000,
    );
    const labels = (await station.handlers.getStatus({})).model.labels;
    // Warehouse order deliberately unlike label or alphabetical order.
    await station.handlers.updateSettings({
      locations: labels.map((category, i) => ({ category, section: String.fromCharCode(74 - i), aisle: String(10 + i) })),
    });
    const finished = new Promise<{ id: number }>((r) => station.events.on('batch-finished', r));
    await station.handlers.runBatchNow({});
    runId = (await finished).id;
    await bs.open('picklists');
  }, 120_000);
  afterAll(async () => bs?.close());

  it('lists the batch in location order with barcodes, and its PDF has every return id in that order', async () => {
    const { page, station, root } = bs;
    await page.getByTestId('pl-generate').click();
    await page.getByTestId('pick-list').waitFor();

    // Expected order: by section then aisle from the settings, then return id.
    const filed = (await station.handlers.listItems({ limit: 100, offset: 0 })).filter(
      (i) => i.batchRunId === runId && i.location === 'processed',
    );
    expect(filed).toHaveLength(COUNT);
    const locations = (await station.handlers.getSettings({})).locations;
    const loc = (c: string) => locations.find((l) => l.category === c)!;
    const expected = filed
      .map((i) => ({ id: i.returnId!, key: `${loc(i.category!).section}/${loc(i.category!).aisle}` }))
      .sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id))
      .map((x) => x.id);
    const shown = await page.getByTestId('pl-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-return-id')));
    expect(shown).toEqual(expected);
    await expect.poll(() => page.locator('img.barcode').count()).toBe(COUNT);
    await bs.screenshots('picklists');

    await page.getByTestId('pl-pdf').click();
    await page.getByTestId('pl-pdf-saved').waitFor();
    const pdfs = readdirSync(path.join(root, 'picklists')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(pdfs[0]).toMatch(/^picklist_\d{8}_\d{6}\.pdf$/);
    const pdf = path.join(root, 'picklists', pdfs[0]!);
    if (toolsMissing.length) return;

    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const inPdf = [...text.matchAll(/RET-\d{8}-\d{3}/g)].map((m) => m[0]);
    expect(inPdf).toEqual(expected);
    expect(text).toMatch(/Page 1 of \d+/);

    execFileSync('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      path.join(SCREENSHOT_DIR, 'picklist-pdf-page1'),
    ]);
    const png = path.join(SCREENSHOT_DIR, 'picklist-pdf-page1.png');
    expect(existsSync(png)).toBe(true);
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim().split('\n');
    // Every barcode on page 1 reads back to a return id of this batch (zbar reports them in its own order).
    expect(decoded.length).toBeGreaterThan(0);
    for (const code of decoded) expect(expected).toContain(code);
    expect(decoded).toContain(expected[0]);
    copyFileSync(pdf, path.join(SCREENSHOT_DIR, 'picklist.pdf'));
  });

  it('refuses a bad range with a clear message', async () => {
    const { page } = bs;
    // The station refuses it (400, with the reason shown); the browser logs the refused request.
    bs.allowConsoleError(/status of 400 .*\/api\/request\/pickList$/);
    await page.getByTestId('pl-range').check();
    await page.getByLabel('From', { exact: true }).fill('2025-10-20');
    await page.getByLabel('To', { exact: true }).fill('2025-10-01');
    await page.getByTestId('pl-generate').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('from must not be after to');
  });
});
