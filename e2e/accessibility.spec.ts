// Every screen and state, light and dark, through axe (bs.screenshots runs e2e/fixtures/axe.ts in
// both colour schemes): Intake empty and with a prediction, Review's clerk question, an item, each
// of its dialogs and the last decisions, a pick list, History with every table open, Alerts, and
// Settings with desk learning. The other specs check their own screenshots the same way.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Locator } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

const PHOTOS = 4;

describe.skipIf(!!browserSkipReason)('accessibility of every screen (browser mode, Chromium, axe)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    const { station, root } = bs;
    // Every prediction in the low band, so Review has a queue; one unreadable file for an alert.
    await station.handlers.updateSettings({ thresholds: { high: 1, low: 0.99999 }, clerks: ['Asha', 'Ben'] });
    for (let i = 1; i <= PHOTOS; i++) {
      const bytes = new Uint8Array(await syntheticPhoto({ width: 800, height: 600, seed: 40 + i }));
      await station.handlers.savePhoto({ returnId: `RET-20251013-00${i}`, bytes, ext: 'jpg', allowReuse: false });
    }
    await writeFile(path.join(root, 'incoming', 'return_20251013_900.jpg'), 'not a photo');
    const finished = new Promise((r) => station.events.on('batch-finished', r));
    await station.handlers.runBatchNow({});
    await finished;
  }, 120_000);
  afterAll(async () => bs?.close());

  it('Intake, empty and with a prediction', async () => {
    const { page } = bs;
    await bs.open('intake');
    await expect.poll(() => page.getByTestId('today-item').count()).toBe(PHOTOS + 1);
    await bs.screenshots('a11y-intake');
    await page.locator('[data-testid="today-item"][data-file="return_20251013_001.jpg"]').click();
    await page.getByTestId('predicted-category').waitFor();
    await bs.screenshots('a11y-intake-prediction');
  });

  it('Review: the clerk question, an item, each dialog, the last decisions', async () => {
    const { page } = bs;
    await bs.open('review');
    await page.getByTestId('clerk-name').waitFor();
    await bs.screenshots('a11y-review-clerk');
    await page.getByRole('button', { name: 'Asha' }).click();
    await page.getByTestId('review-item').waitFor();
    await bs.screenshots('a11y-review-item');

    // The O key (Other) and the 0 key (the tenth category) side by side must not look alike:
    // their key caps, drawn at 4× and scaled to one size, differ in a good share of their pixels
    // (a plain O and a dotted zero in one monospace font differ in about 7 %, the bold O in 14 %).
    const keys = page.getByTestId('category-keys');
    const differ = await shareOfPixelsThatDiffer(keys.locator('kbd', { hasText: /^O$/ }), keys.locator('kbd', { hasText: /^0$/ }));
    console.log(`[e2e] O and 0 key caps differ in ${(differ * 100).toFixed(1)} % of their pixels`);
    expect(differ).toBeGreaterThan(0.1);

    await page.keyboard.press('?');
    await page.getByTestId('review-help').waitFor();
    await bs.screenshots('a11y-review-help');
    await page.keyboard.press('Escape');
    await page.getByTestId('review-help').waitFor({ state: 'detached' });

    await page.keyboard.press('n');
    await page.getByTestId('new-category-dialog').waitFor();
    await page.keyboard.type('shirts');
    await expect.poll(() => page.getByTestId('new-category-problem').textContent()).toMatch(/exists already/);
    await bs.screenshots('a11y-review-new-category');
    await page.keyboard.press('Escape');
    await page.getByTestId('new-category-dialog').waitFor({ state: 'detached' });

    await page.keyboard.press('/');
    await page.getByTestId('category-picker').waitFor();
    await page.keyboard.type('sh');
    await bs.screenshots('a11y-review-picker');
    await page.keyboard.press('Escape');
    await page.getByTestId('category-picker').waitFor({ state: 'detached' });

    await page.keyboard.press('Enter');
    await page.getByTestId('recent-decisions').waitFor();
    await bs.screenshots('a11y-review-decided');
  });

  it('Pick lists with a list shown', async () => {
    const { page } = bs;
    await bs.open('picklists');
    await expect.poll(() => page.getByTestId('pl-batch').inputValue()).not.toBe('');
    await page.getByTestId('pl-generate').click();
    await expect.poll(() => page.getByTestId('pl-line').count()).toBe(PHOTOS);
    await bs.screenshots('a11y-picklists');
  });

  it('History with every table open', async () => {
    const { page } = bs;
    await bs.open('history');
    await page.getByTestId('table-volume').waitFor({ state: 'attached' });
    const summaries = page.locator('details > summary');
    await expect.poll(() => summaries.count()).toBeGreaterThan(4);
    for (const s of await summaries.all()) await s.click();
    await expect.poll(() => page.locator('details[open]').count()).toBe(await summaries.count());
    await bs.screenshots('a11y-history-tables');
  });

  it('Alerts', async () => {
    const { page } = bs;
    await bs.open('alerts');
    await expect.poll(() => page.getByTestId('alert').count()).toBeGreaterThan(0);
    await bs.screenshots('a11y-alerts');
  });

  it('Settings, with desk learning', async () => {
    const { page } = bs;
    await bs.open('settings');
    await page.getByTestId('desk-learning').waitFor();
    await expect.poll(() => page.getByTestId('desk-examples').locator('li').count()).toBeGreaterThan(0);
    await bs.screenshots('a11y-settings');
    await bs.screenshots('a11y-settings-desk-learning', { at: 'settings-desk-learning' });
  });
});

/** The share of pixels (grey, 48×48) in which two elements' pictures differ clearly. */
async function shareOfPixelsThatDiffer(a: Locator, b: Locator): Promise<number> {
  const grey = async (l: Locator) =>
    sharp(await l.screenshot({ scale: 'device' }))
      .greyscale()
      .resize(48, 48, { fit: 'fill' })
      .raw()
      .toBuffer();
  const [x, y] = [await grey(a), await grey(b)];
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > 64) differ++;
  return differ / x.length;
}
