// Settings in browser mode: each change is made on the screen, stored by the core, and shown to
// take effect at once (the next batch moves, items change band, the webhook is used, clerks are
// offered, the watcher polls, locations are kept); bad values get the core's clear error.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, waitUntil, type BrowserStation } from './fixtures/browser-station.ts';

describe.skipIf(!!browserSkipReason)('settings screen (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation({ schedule: true });
    await bs.open('settings');
    await bs.page.getByTestId('settings-batch').waitFor();
  }, 90_000);
  afterAll(async () => bs?.close());

  const save = async (section: string) => {
    const form = bs.page.getByTestId(`settings-${section}`);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    return form;
  };

  it('batch time moves the next run', async () => {
    await bs.page.getByTestId('batch-time').fill('03:30');
    await expect.poll(async () => (await save('batch')).getByRole('status').textContent()).toContain('Saved');
    const next = new Date((await bs.station.handlers.getStatus({})).nextBatchAt!);
    expect([next.getHours(), next.getMinutes()]).toEqual([3, 30]);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it('thresholds move an item between bands', async () => {
    const { page, station, root } = bs;
    await writeFile(path.join(root, 'incoming', 'return_20251013_070.jpg'), await syntheticPhoto({ width: 800, height: 600, seed: 70 }));
    await waitUntil(
      async () => (await station.handlers.listItems({ limit: 10, offset: 0 })).some((i) => i.prediction),
      'a classified photo',
    );
    const [item] = await station.handlers.listItems({ limit: 10, offset: 0 });
    const c = item!.prediction!.confidence;
    const inLow = async () => (await station.handlers.reviewQueue({ band: 'low' })).some((i) => i.id === item!.id);
    // Thresholds with three decimals, as a manager may well set them (0.855): the form must take them.
    const below = Math.max(0.002, Math.floor(c * 1000) / 1000 - 0.005).toFixed(3);
    const above = Math.min(0.998, Math.ceil(c * 1000) / 1000 + 0.005).toFixed(3);

    // Both thresholds below the confidence: auto-approved, out of the review queue.
    await page.getByTestId('threshold-high').fill(below);
    await page.getByTestId('threshold-low').fill('0.001');
    await save('thresholds');
    await expect.poll(async () => (await station.handlers.getItem({ id: item!.id })).band, { timeout: 10_000 }).toBe('high');
    expect(await inLow()).toBe(false);
    // Low threshold just above it: the item needs review again.
    await page.getByTestId('threshold-high').fill('0.999');
    await page.getByTestId('threshold-low').fill(above);
    await save('thresholds');
    await expect.poll(inLow, { timeout: 10_000 }).toBe(true);
    expect((await station.handlers.getItem({ id: item!.id })).band).toBe('low');
    expect((await station.handlers.getSettings({})).thresholds).toEqual({ high: 0.999, low: Number(above) });

    // Low above high is refused with the core's reason, and nothing changes.
    bs.allowConsoleError(/status of 400 .*\/api\/request\/updateSettings$/);
    await page.getByTestId('threshold-high').fill('0.5');
    await page.getByTestId('threshold-low').fill('0.9');
    const form = await save('thresholds');
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/low/i);
    expect((await station.handlers.getSettings({})).thresholds.low).toBe(Number(above));
  });

  it('webhook URL is stored and the test button posts to it', async () => {
    const received: string[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => (received.push(body), res.end('ok')));
    }).listen(0, '127.0.0.1');
    await once(hook, 'listening');
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      await bs.page.getByTestId('webhook-url').fill(url);
      await save('webhook');
      await expect.poll(async () => (await bs.station.handlers.getSettings({})).webhookUrl).toBe(url);
      await bs.page.getByTestId('webhook-test').click();
      await expect.poll(() => received.length).toBe(1);
      expect(JSON.parse(received[0]!)).toHaveProperty('text');
      await expect.poll(() => bs.page.getByTestId('webhook-test-result').textContent()).not.toContain('Sending');
    } finally {
      hook.close();
    }
  });

  it('clerk names are offered at the start of a review', async () => {
    await bs.page.getByTestId('clerks').fill('Asha\nBen');
    await save('clerks');
    await expect.poll(async () => (await bs.station.handlers.getSettings({})).clerks).toEqual(['Asha', 'Ben']);
    await bs.open('review');
    await expect.poll(() => bs.page.getByRole('button', { name: 'Ben' }).count()).toBe(1);
    await bs.open('settings');
    await bs.page.getByTestId('settings-batch').waitFor();
  });

  it('poll interval switches the watcher to polling, which still sees new photos', async () => {
    const { page, station, root } = bs;
    await page.getByTestId('poll-interval').fill('300');
    await save('watch');
    await expect.poll(async () => (await station.handlers.getSettings({})).pollIntervalMs).toBe(300);
    await writeFile(path.join(root, 'incoming', 'return_20251013_071.jpg'), await syntheticPhoto({ width: 640, height: 480, seed: 71 }));
    await expect
      .poll(
        async () => (await station.handlers.listItems({ limit: 10, offset: 0 })).some((i) => i.fileName === 'return_20251013_071.jpg'),
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it('warehouse locations are stored per category', async () => {
    const { page, station } = bs;
    await page.getByLabel('Watches section').fill('A');
    await page.getByLabel('Watches aisle').fill('03');
    await page.getByLabel('Heels section').fill('B');
    await page.getByLabel('Heels aisle').fill('11');
    await save('locations');
    const byCategory = (a: { category: string }, b: { category: string }) => a.category.localeCompare(b.category);
    await expect
      .poll(async () => (await station.handlers.getSettings({})).locations.sort(byCategory))
      .toEqual([
        { category: 'Heels', section: 'B', aisle: '11' },
        { category: 'Watches', section: 'A', aisle: '03' },
      ]);
    await expect.poll(() => page.getByTestId('model-info').textContent()).toContain((await station.handlers.getStatus({})).model.sha256);
    await bs.screenshots('settings');
  });
});

describe.skipIf(!!browserSkipReason)('settings: station folder (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation();
    await bs.open('settings');
  }, 90_000);
  afterAll(async () => bs?.close());

  it('moves the station to another folder without a restart; the screens then work there', async () => {
    const { page, root } = bs;
    const first = bs.station;
    const next = path.join(root, 'moved', 'Desk2');
    await page.getByTestId('station-root').fill(next);
    await page.getByTestId('settings-root').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => bs.station.root, { timeout: 15_000 }).toBe(next);
    expect(bs.station).not.toBe(first);
    for (const sub of ['incoming', 'processed', 'errors', 'results', 'logs', 'backups'])
      expect(existsSync(path.join(next, sub))).toBe(true);
    // The page reloads onto the new station; a photo dropped into the new incoming/ shows up in Intake.
    await page.waitForLoadState('load');
    await bs.open('intake');
    await writeFile(path.join(next, 'incoming', 'return_20251013_080.jpg'), await syntheticPhoto({ width: 640, height: 480, seed: 80 }));
    await page.locator('[data-testid="today-item"][data-file="return_20251013_080.jpg"]').waitFor({ timeout: 10_000 });
    // A relative path is refused with the core's reason.
    bs.allowConsoleError(/status of 400 .*\/api\/request\/setStationRoot$/);
    await bs.open('settings');
    await page.getByTestId('station-root').fill('relative/folder');
    await page.getByTestId('settings-root').getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('settings-root').getByRole('alert').textContent()).toContain('absolute path');
  });
});
