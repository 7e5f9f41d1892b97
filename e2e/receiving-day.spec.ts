// A receiving day in browser mode against a real core: the shop's expected-returns file (three bad
// rows) dropped into expected/, two returns scanned, photographed and graded at Intake, the night's
// batch with its inventory export and webhook, the one that is not what was expected decided in
// Review, a pick list by disposition, and Find a return by return id and by order id showing the
// whole timeline. Screens are captured light and dark and checked with axe.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_CSV_COLUMNS, InventoryExportFile, SettledItemWebhook } from '../src-shared/receiving-formats.ts';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';
import { startInventoryReceiver, type InventoryReceiver } from './fixtures/inventory-receiver.ts';

const AS_EXPECTED = 'RET-20251013-201';
const WRONG_ITEM = 'RET-20251013-202';
/** A desk category the base model never predicts: the item announced as one cannot match. */
const DESK_CATEGORY = 'Belts';

describe.skipIf(!!browserSkipReason)('a receiving day (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  let receiver: InventoryReceiver;
  let labels: string[];
  beforeAll(async () => {
    receiver = await startInventoryReceiver();
    bs = await startBrowserStation({
      watch: false,
      receiving: { folder: { stableMs: 100, pollMs: 200 }, outbox: { backoffMs: 200, maxBackoffMs: 1000, idleMs: 300 } },
    });
    const { station } = bs;
    labels = (await station.handlers.getStatus({})).model.labels;
    // Every prediction is sure enough to be approved: only the wrong item goes to Review.
    await station.handlers.updateSettings({ thresholds: { high: 0.002, low: 0.001 }, clerks: ['Asha'] });
    await station.handlers.addCategory({ name: DESK_CATEGORY, clerk: 'Asha' });
    await bs.open('settings');
  }, 90_000);
  afterAll(async () => {
    await bs?.close();
    await receiver?.close();
  });

  it('takes the expected-returns file: the good rows are used, the three bad ones listed in its errors file', async () => {
    const { root, station } = bs;
    const csv = [
      'return_id,order_id,expected_categories,item_text,customer_ref',
      `${AS_EXPECTED},ORD-9001,${labels.join('|')},"Blue tee, size M",C-1`,
      `${WRONG_ITEM},ORD-9002,${DESK_CATEGORY},Brown leather belt,C-2`,
      'NOT-A-RETURN,ORD-9003,Tshirts,,C-3',
      'RET-20251013-204,,Tshirts,,C-4',
      'RET-20251013-205,ORD-9005,Spaceships,,C-5',
    ].join('\n');
    await writeFile(path.join(root, 'expected', 'shop_20251013.csv'), `${csv}\n`);
    const errorsFile = path.join(root, 'expected', 'shop_20251013.csv.errors.txt');
    await expect.poll(() => existsSync(errorsFile), { timeout: 20_000 }).toBe(true);
    const [summary, ...lines] = readFileSync(errorsFile, 'utf8').trim().split('\n');
    expect(summary).toBe('shop_20251013.csv: 2 row(s) taken, 3 refused');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^row 3: return_id: .*not a return id/);
    expect(lines[1]).toMatch(/^row 4: order_id: /);
    expect(lines[2]).toMatch(/^row 5: expected_categories: .*Spaceships/);
    expect(await station.handlers.expectedReturn({ returnId: WRONG_ITEM })).toMatchObject({
      orderId: 'ORD-9002',
      categories: [DESK_CATEGORY],
    });
    expect(await station.handlers.expectedReturn({ returnId: 'RET-20251013-205' })).toBeNull();
  });

  it('settings: the inventory webhook URL is saved, the rule table and the outbox are shown', async () => {
    const { page, station } = bs;
    await page.getByTestId('inventory-webhook-url').fill(receiver.url);
    await page.getByTestId('settings-inventory').getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await station.handlers.getSettings({})).inventoryWebhookUrl).toBe(receiver.url);
    await page.getByTestId('outbox').waitFor();
    expect(await page.getByTestId('disposition-rules').getByRole('combobox').count()).toBe((labels.length + 3) * 4);
    await bs.screenshots('receiving-settings', { at: 'settings-inventory' });
  });

  async function scanAndPhotograph(returnId: string, seed: number) {
    const { page } = bs;
    await page.getByTestId('return-id').fill(returnId);
    await page.getByTestId('return-id').press('Enter');
    await expect.poll(() => page.getByTestId('current-return').textContent()).toContain(returnId);
    await page.getByTestId('expected-line').waitFor();
    const buffer = await syntheticPhoto({ width: 1024, height: 768, seed });
    await page.getByTestId('file-pick').setInputFiles({ name: `desk-${seed}.jpg`, mimeType: 'image/jpeg', buffer });
    await expect.poll(() => page.getByTestId('predicted-category').count(), { timeout: 20_000 }).toBe(1);
  }
  const itemOf = async (returnId: string) =>
    (await bs.station.handlers.listItems({ limit: 100, offset: 0 })).find((i) => i.returnId === returnId)!;

  it('intake: the scan shows what is expected; Shift+2 grades; the wrong item is flagged', async () => {
    const { page } = bs;
    await bs.open('intake');
    await scanAndPhotograph(AS_EXPECTED, 301);
    expect(await page.getByTestId('expected-line').textContent()).toContain('ORD-9001');
    await page.keyboard.press('Shift+Digit2');
    await expect.poll(async () => (await itemOf(AS_EXPECTED)).grade).toBe('Good');
    await expect.poll(() => page.getByTestId('disposition-shown').textContent()).toBe('Good → Restock');
    expect((await itemOf(AS_EXPECTED)).expectedMatch).toBe('match');

    await scanAndPhotograph(WRONG_ITEM, 302);
    expect(await page.getByTestId('expected-line').textContent()).toContain(DESK_CATEGORY);
    await expect.poll(() => page.getByTestId('mismatch-expected').textContent()).toContain(DESK_CATEGORY);
    expect(await itemOf(WRONG_ITEM)).toMatchObject({ expectedMatch: 'mismatch', band: 'low', grade: null });
    await bs.screenshots('receiving-intake');
  });

  it('the batch writes the inventory export and the webhook reaches the receiver', async () => {
    const { station, root } = bs;
    const finished = new Promise((r) => station.events.on('batch-finished', r));
    await station.handlers.runBatchNow({});
    await finished;
    const exportsDir = path.join(root, 'exports');
    const files = () => (existsSync(exportsDir) ? readdirSync(exportsDir) : []);
    await expect.poll(() => files().filter((f) => /^inventory_\d{8}_\d{6}\.(csv|json)$/.test(f)).length, { timeout: 20_000 }).toBe(2);
    const csv = readFileSync(
      path.join(
        exportsDir,
        files().find((f) => f.endsWith('.csv'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n');
    expect(csv[0]).toBe(EXPORT_CSV_COLUMNS.join(','));
    expect(csv.find((l) => l.startsWith(AS_EXPECTED))).toMatch(/,Good,Restock,.*,model,match$/);
    const json = InventoryExportFile.parse(
      JSON.parse(
        readFileSync(
          path.join(
            exportsDir,
            files().find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      ),
    );
    expect(json.rows.find((r) => r.returnId === AS_EXPECTED)).toMatchObject({ orderId: 'ORD-9001', grade: 'Good', disposition: 'Restock' });

    await expect
      .poll(() => receiver.posts.some((p) => (p.body as { returnId?: string }).returnId === AS_EXPECTED), { timeout: 20_000 })
      .toBe(true);
    const post = receiver.posts.find((p) => (p.body as { returnId?: string }).returnId === AS_EXPECTED)!;
    const body = SettledItemWebhook.parse(post.body);
    expect(post.key).toBe(body.idempotencyKey);
    expect(body).toMatchObject({ orderId: 'ORD-9001', grade: 'Good', disposition: 'Restock' });
  });

  it('review: the wrong item shows expected and predicted side by side, is graded with Shift+3 and decided', async () => {
    const { page } = bs;
    await bs.open('review');
    await page.getByTestId('clerk-name').waitFor();
    await page.keyboard.type('Asha');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-item').waitFor();
    expect(await page.getByTestId('review-item').getAttribute('data-item-id')).toBe(String((await itemOf(WRONG_ITEM)).id));
    await expect.poll(() => page.getByTestId('mismatch-expected').textContent()).toContain(DESK_CATEGORY);
    expect(await page.getByTestId('mismatch-predicted').textContent()).toBe((await itemOf(WRONG_ITEM)).prediction!.category);
    await page.keyboard.press('?');
    expect(await page.getByTestId('help-grades').textContent()).toContain('Shift+3 Damaged');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Digit3');
    await expect.poll(async () => (await itemOf(WRONG_ITEM)).grade).toBe('Damaged');
    await expect.poll(() => page.getByTestId('disposition-shown').textContent()).toBe('Damaged → Refurbish');
    await bs.screenshots('receiving-review');
    await page.keyboard.press('/');
    await page.getByTestId('category-picker').waitFor();
    await page.keyboard.type('belts');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-done').waitFor();
    expect(await itemOf(WRONG_ITEM)).toMatchObject({ category: DESK_CATEGORY, grade: 'Damaged', lastDecision: { clerk: 'Asha' } });
  });

  it('pick list: grouped by disposition, its PDF kept', async () => {
    const { page } = bs;
    await bs.open('picklists');
    await page.getByTestId('pl-group-by').selectOption('disposition');
    await page.getByTestId('pl-generate').click();
    await page.getByTestId('pick-list').waitFor();
    const groups = await page
      .getByTestId('pl-group')
      .evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-disposition')}/${g.getAttribute('data-category')}`));
    const asExpected = await itemOf(AS_EXPECTED);
    expect(groups).toEqual(['Restock/' + asExpected.category, `Refurbish/${DESK_CATEGORY}`]);
    await page.getByTestId('pl-pdf').click();
    await page.getByTestId('pl-pdf-saved').waitFor();
    await bs.screenshots('receiving-picklist');
  });

  it('find a return (Ctrl+F): by return id and by order id, with the whole timeline', async () => {
    const { page } = bs;
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('find-query');
    await page.keyboard.type(AS_EXPECTED);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('found-return').getAttribute('data-return-id')).toBe(AS_EXPECTED);
    const events = () =>
      page
        .getByTestId('found-timeline')
        .locator('li')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-event')));
    await expect
      .poll(events, { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['received', 'classified', 'graded', 'filed', 'pick-list', 'exported', 'sent']));
    expect(await page.getByTestId('found-grade').textContent()).toBe('Good');
    expect(await page.getByTestId('found-disposition').textContent()).toBe('Restock');

    // Part of an order id lists both returns; the whole one opens the wrong item.
    await page.getByTestId('find-query').fill('ORD-900');
    await expect.poll(() => page.getByTestId('find-match').count()).toBe(2);
    await page.getByTestId('find-query').fill('ORD-9002');
    await expect.poll(() => page.getByTestId('found-return').getAttribute('data-return-id')).toBe(WRONG_ITEM);
    expect(await events()).toEqual(
      expect.arrayContaining(['received', 'classified', 'reviewed', 'graded', 'filed', 'pick-list', 'exported']),
    );
    expect(await page.getByTestId('found-decided-by').textContent()).toContain('Asha');
    // Review filed it under the category that was announced: now it is what was expected.
    expect(await page.getByTestId('found-match').textContent()).toBe('as expected');
    expect(await page.getByTestId('found-disposition').textContent()).toBe('Refurbish');
    await bs.screenshots('receiving-find');
  });

  it('history: the mismatch rate, the grade mix and the disposition mix, each with its table', async () => {
    const { page } = bs;
    await bs.open('history');
    await page.getByTestId('chart-mismatch').waitFor();
    const cells = async (id: string) =>
      page
        .getByTestId(`table-${id}`)
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent).join('|')));
    expect(await cells('grades')).toEqual(expect.arrayContaining(['Good|1|50.0 %', 'Damaged|1|50.0 %']));
    expect(await cells('dispositions')).toEqual(expect.arrayContaining(['Restock|1|50.0 %', 'Refurbish|1|50.0 %']));
    await bs.screenshots('receiving-history', { at: 'chart-mismatch' });
  });
});
