// The morning review in browser mode against a real core: 30 photos go through intake and a real
// batch, then a clerk clears the low band by keyboard only (accept, override, defer, undo), and
// the database and the category folders are checked afterwards. The time from a key press to the
// next item on screen is measured and printed (not asserted: machines are noisy).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewAction } from '../src-shared/domain.ts';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, waitUntil, type BrowserStation } from './fixtures/browser-station.ts';

const COUNT = 30;

describe.skipIf(!!browserSkipReason)('review screen (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation();
    const { station, root } = bs;
    for (let i = 1; i <= COUNT; i++) {
      const name = `return_20251013_${String(i).padStart(3, '0')}.jpg`;
      await writeFile(path.join(root, 'incoming', name), await syntheticPhoto({ width: 1200, height: 900, seed: 100 + i }));
    }
    await waitUntil(
      async () => (await station.handlers.listItems({ limit: 100, offset: 0 })).filter((i) => i.prediction).length === COUNT,
      `${COUNT} classified photos`,
      60_000,
    );
    // Every prediction in the low band: the thresholds are settings, and this is what moving them does.
    await station.handlers.updateSettings({ thresholds: { high: 1, low: 0.99999 } });
    const finished = new Promise((r) => station.events.on('batch-finished', r));
    await station.handlers.runBatchNow({});
    await finished;
    await bs.open('review');
  }, 120_000);
  afterAll(async () => bs?.close());

  it('clears 30 low-band items by keyboard only, and the database and folders agree', async () => {
    const { page, station, root } = bs;
    const labels = (await station.handlers.getStatus({})).model.labels;
    expect((await station.handlers.reviewQueue({ band: 'low' })).length).toBe(COUNT);

    // Clerk name, once per session (typed, then Enter).
    await page.getByTestId('clerk-name').waitFor();
    await page.keyboard.type('Asha');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-item').waitFor();

    // Key press → next item shown (its photo decoded), measured in the page itself.
    await page.evaluate(() => {
      const w = window as unknown as { __keyAt: number };
      document.addEventListener('keydown', () => (w.__keyAt = performance.now()), true);
    });
    const timings: number[] = [];
    const currentId = async () => Number(await page.getByTestId('review-item').getAttribute('data-item-id'));
    async function press(key: string, fromId: number) {
      await page.keyboard.press(key);
      const ms = await page.waitForFunction(
        (prev) => {
          const el = document.querySelector<HTMLElement>('[data-testid="review-item"]');
          if (!el) return document.querySelector('[data-testid="review-done"]') ? -1 : false;
          const img = document.querySelector<HTMLImageElement>('[data-testid="review-photo"]');
          if (el.dataset.itemId === String(prev) || !img?.complete || !img.naturalWidth) return false;
          return performance.now() - (window as unknown as { __keyAt: number }).__keyAt;
        },
        fromId,
        { polling: 'raf', timeout: 10_000 },
      );
      const v = (await ms.jsonValue()) as number;
      if (v >= 0) timings.push(v);
    }

    const expected = new Map<number, { action: ReviewAction; category: string }>();
    const order: number[] = []; // every decision of this session, defers included, for undo
    const deferred = new Set<number>();
    let undone = 0;
    for (let n = 0; n < 200 && (await page.getByTestId('review-item').count()); n++) {
      const id = await currentId();
      if (n === 12) {
        // Two levels of undo: the last two decisions come back, newest first.
        const [a, b] = [order.pop()!, order.pop()!];
        for (const x of [a, b]) {
          if (!expected.delete(x)) deferred.delete(x);
        }
        await press('Backspace', id);
        expect(await currentId()).toBe(a);
        await page.keyboard.press('Backspace');
        await expect.poll(currentId).toBe(b);
        undone += 2;
        continue;
      }
      const item = await station.handlers.getItem({ id });
      const predicted = item.prediction!.category;
      if (n % 7 === 3 && !deferred.has(id)) {
        deferred.add(id);
        order.push(id);
        await press(' ', id);
      } else if (n % 3 === 1) {
        const target = labels[(labels.indexOf(predicted) + 1) % labels.length]!;
        expected.set(id, { action: 'override', category: target });
        order.push(id);
        await press(String((labels.indexOf(target) + 1) % 10), id);
      } else {
        expected.set(id, { action: 'accept', category: predicted });
        order.push(id);
        await press(n % 2 ? 'a' : 'Enter', id);
      }
    }
    await page.getByTestId('review-done').waitFor();
    await bs.screenshots('review-done');

    expect(expected.size).toBe(COUNT);
    expect(undone).toBe(2);
    expect(deferred.size).toBeGreaterThan(0);
    const overrides = [...expected.values()].filter((e) => e.action === 'override').length;
    expect(overrides).toBeGreaterThan(5);
    for (const [id, want] of expected) {
      const item = await station.handlers.getItem({ id });
      expect(item.lastDecision).toMatchObject({ action: want.action, category: want.category, clerk: 'Asha', undoneAt: null });
      expect(item.category).toBe(want.category);
      // Filed where the decision says, and nowhere else.
      expect(item.relPath).toBe(`processed/${want.category}/${item.fileName}`);
      expect(existsSync(path.join(root, item.relPath))).toBe(true);
      if (want.action === 'override')
        expect(existsSync(path.join(root, 'processed', item.prediction!.category, item.fileName))).toBe(false);
    }
    const decisions = await station.handlers.recentDecisions({ limit: 100 });
    expect(decisions.filter((d) => d.undoneAt).length).toBe(2);
    expect(decisions.filter((d) => d.action === 'defer' && !d.undoneAt).length).toBe(deferred.size);
    expect(decisions.every((d) => d.durationMs >= 0 && d.clerk === 'Asha')).toBe(true);
    expect(await station.handlers.reviewQueue({ band: 'low' })).toEqual([]);

    const sorted = [...timings].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `[e2e] review key → next item shown: median ${median.toFixed(1)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)} ms over ${sorted.length} key presses`,
    );
  });

  it('shows an item with its photo and top-3, and the help card', async () => {
    const { page, station, root } = bs;
    // A fresh low-band photo for the screenshot.
    await writeFile(path.join(root, 'incoming', 'return_20251014_001.jpg'), await syntheticPhoto({ width: 1200, height: 900, seed: 7 }));
    await expect.poll(async () => (await station.handlers.reviewQueue({ band: 'low' })).length, { timeout: 20_000 }).toBe(1);
    await page.reload();
    await page.getByTestId('review-item').waitFor();
    await expect.poll(() => page.locator('.guesses li').count()).toBe(3);
    await bs.screenshots('review');
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });
});
