// A clerk's day without a mouse, in browser mode against a real core: scan return ids and add
// their photo files, correct one with a digit; the night's batch files them; in the morning pick
// the clerk, review with keys (help card, accept, the filter list) and print a pick list's PDF.
// Only the keyboard touches the page: every step moves by Tab, Enter and the screens' own keys,
// and no pointer event ever reaches it.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileChooser, Page } from 'playwright';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

const RETURNS = ['RET-20251013-101', 'RET-20251013-102', 'RET-20251013-103'];

describe.skipIf(!!browserSkipReason)('a keyboard-only day (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    // Every prediction goes to review, and the clerk list offers Asha.
    await bs.station.handlers.updateSettings({ thresholds: { high: 1, low: 0.99999 }, clerks: ['Asha'] });
    await bs.open('intake');
    await bs.page.evaluate(() => {
      const w = window as unknown as { __pointer: number };
      w.__pointer = 0;
      for (const t of ['pointerdown', 'mousedown', 'wheel']) document.addEventListener(t, () => w.__pointer++, true);
    });
  }, 90_000);
  afterAll(async () => bs?.close());

  const focused = (selector: string) => bs.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
  /** Presses Tab (or Shift+Tab) until the element matching `selector` has focus. */
  async function tabTo(selector: string, backwards = false) {
    for (let i = 0; i < 80; i++) {
      if (await focused(selector)) return;
      await bs.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }
  /** From the sidebar to a screen; focus lands on its heading. */
  async function goTo(route: string, heading: string) {
    await tabTo(`a[href="#/${route}"]`, true);
    await bs.page.keyboard.press('Enter');
    await expect.poll(() => focused('h1')).toBe(true);
    expect(await bs.page.evaluate(() => document.activeElement?.textContent)).toBe(heading);
  }

  it('intake: scans each return id and adds its photo file from the keyboard', async () => {
    const { page, station } = bs;
    const labels = (await station.handlers.getStatus({})).model.labels;
    for (const [i, rid] of RETURNS.entries()) {
      expect(await focused('[data-testid="return-id"]')).toBe(true);
      await page.keyboard.type(rid, { delay: 5 });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('current-return').textContent()).toContain(rid);
      await tabTo('[data-testid="add-files"]');
      const chooser = await openFileChooserByKey(page);
      const buffer = await syntheticPhoto({ width: 1024, height: 768, seed: 200 + i });
      await chooser.setFiles({ name: `desk-${i}.jpg`, mimeType: 'image/jpeg', buffer });
      // The prediction takes focus. The first photo is corrected at once with a digit, and the
      // return-id field has the focus again; the others wait for the morning review.
      await expect.poll(() => focused('[data-testid="prediction"]'), { timeout: 20_000 }).toBe(true);
      if (i === 0) {
        await page.keyboard.press('1');
        await expect.poll(() => page.getByTestId('predicted-category').textContent()).toContain(labels[0]);
        await expect.poll(() => focused('[data-testid="return-id"]')).toBe(true);
      } else {
        await tabTo('[data-testid="return-id"]', true);
      }
    }
    const items = await station.handlers.listItems({ limit: 10, offset: 0 });
    expect(items.map((i) => i.returnId).sort()).toEqual(RETURNS);
    const first = items.find((i) => i.returnId === RETURNS[0])!;
    expect(first).toMatchObject({ category: labels[0], lastDecision: { category: labels[0], undoneAt: null } });
  });

  it('review: picks the clerk, opens the help card, accepts one and files one through the list', async () => {
    const { page, station } = bs;
    // The night: the batch files the day's photos; the two not decided at intake wait for review.
    const finished = new Promise((r) => station.events.on('batch-finished', r));
    await station.handlers.runBatchNow({});
    await finished;
    await expect.poll(async () => (await station.handlers.reviewQueue({ band: 'low' })).length).toBe(2);

    await goTo('review', 'Who is reviewing?');
    await tabTo('.clerk-list button');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-item').waitFor();
    await page.keyboard.press('?');
    await page.getByTestId('review-help').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('review-help').waitFor({ state: 'detached' });

    const first = Number(await page.getByTestId('review-item').getAttribute('data-item-id'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => Number(await page.getByTestId('review-item').getAttribute('data-item-id'))).not.toBe(first);
    await page.keyboard.press('/');
    await page.getByTestId('category-picker').waitFor();
    await page.keyboard.type('sungl');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-done').waitFor();

    const accepted = await station.handlers.getItem({ id: first });
    expect(accepted.lastDecision).toMatchObject({ action: 'accept', category: accepted.prediction!.category, clerk: 'Asha' });
    const [other] = (await station.handlers.listItems({ limit: 10, offset: 0 })).filter((i) => i.returnId !== RETURNS[0] && i.id !== first);
    expect(other!.lastDecision).toMatchObject({ category: 'Sunglasses', clerk: 'Asha', undoneAt: null });
    expect(other!.relPath).toBe(`processed/Sunglasses/${other!.fileName}`);
  });

  it('pick list: shows the batch and keeps its PDF, and no pointer touched the page all day', async () => {
    const { page, root } = bs;
    await goTo('picklists', 'Pick lists');
    await tabTo('[data-testid="pl-generate"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('pl-line').count()).toBe(RETURNS.length);
    await tabTo('[data-testid="pl-pdf"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('pl-pdf-saved').waitFor();
    const pdfs = readdirSync(path.join(root, 'picklists')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(existsSync(path.join(root, 'picklists', pdfs[0]!))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __pointer: number }).__pointer)).toBe(0);
  });
});

/** Enter on the focused "Add photo files…" button opens the file chooser. Headless Chromium now and
 * then raises no file-chooser event for a chooser opened by a key (about one run in three on this
 * machine, with the button focused and the click user-activated), so the key is pressed again, up to
 * three times: a button that opens no chooser still fails. */
async function openFileChooserByKey(page: Page): Promise<FileChooser> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const event = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await page.keyboard.press('Enter');
    const chooser = await event;
    if (chooser) return chooser;
  }
  throw new Error('Enter on "Add photo files…" opened no file chooser in three tries');
}
