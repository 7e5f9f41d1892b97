// Intake in browser mode against a real core: scan, capture from Chromium's fake webcam, see the
// prediction, correct it with one key; repeated scans; a photo another tool drops into incoming/.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

if (browserSkipReason) console.warn(browserSkipReason);

describe.skipIf(!!browserSkipReason)('intake screen (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation();
    await bs.open('intake');
  }, 90_000);
  afterAll(async () => bs?.close());

  it('scans an id, captures from the webcam, shows the prediction and takes a one-key correction', async () => {
    const { page, station, root } = bs;
    const field = page.getByTestId('return-id');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);

    // A keyboard-wedge scanner: fast typing, then Enter.
    await page.keyboard.type('RET-20251013-001', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('current-return').textContent()).toContain('RET-20251013-001');

    // Chromium's fake camera is live once the "Starting camera…" overlay is gone.
    await page.getByTestId('camera-message').waitFor({ state: 'detached', timeout: 15_000 });
    await page.keyboard.press('Control+Enter');
    const category = page.getByTestId('predicted-category');
    await category.waitFor({ timeout: 20_000 });
    const labels = (await station.handlers.getStatus({})).model.labels;
    const predicted = (await category.textContent())!.trim();
    expect(labels).toContain(predicted);
    expect(existsSync(path.join(root, 'incoming', 'return_20251013_001.jpg'))).toBe(true);
    const [item] = (await station.handlers.listItems({ limit: 10, offset: 0 })).filter((i) => i.returnId === 'RET-20251013-001');
    expect(item?.prediction?.category).toBe(predicted);

    // One key corrects it: the first label that is not the prediction.
    const target = labels.find((l) => l !== predicted)!;
    const key = String((labels.indexOf(target) + 1) % 10);
    await page.keyboard.press(key);
    await expect.poll(() => category.textContent()).toContain(target);
    const after = await station.handlers.getItem({ id: item!.id });
    expect(after.category).toBe(target);
    expect(after.lastDecision).toMatchObject({ action: 'override', category: target });
    expect(after.prediction?.category).toBe(predicted); // kept beside, never over, the prediction

    // The next scan starts while the prediction has focus: the characters go to the field.
    await page.keyboard.type('RET-20251013-002', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('current-return').textContent()).toContain('RET-20251013-002');
    await bs.screenshots('intake');
  });

  it('ignores a repeated scan within 2 s and asks before reusing an id used today', async () => {
    const { page } = bs;
    const field = page.getByTestId('return-id');
    await field.focus();
    await page.keyboard.type('RET-20251013-005');
    await page.keyboard.press('Enter');
    await page.keyboard.type('RET-20251013-005');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('intake-message').textContent()).toContain('repeat was ignored');

    // RET-20251013-001 was photographed in the test above.
    await field.focus();
    await page.keyboard.type('RET-20251013-001');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('already has a photo today');
    await dialog.getByRole('button', { name: 'Yes, same return' }).click();
    await expect.poll(() => page.getByTestId('current-return').textContent()).toContain('RET-20251013-001');
  });

  it('shows a photo dropped into incoming/ by another tool within 2 s', async () => {
    const { page, root } = bs;
    const name = 'return_20251013_042.jpg';
    const bytes = await syntheticPhoto({ width: 1600, height: 1200, seed: 42 });
    const t0 = Date.now();
    await writeFile(path.join(root, 'incoming', name), bytes);
    await page.locator(`[data-testid="today-item"][data-file="${name}"]`).waitFor({ timeout: 2000 });
    const ms = Date.now() - t0;
    console.log(`[e2e] dropped photo on screen after ${ms} ms`);
    expect(ms).toBeLessThan(2000);
  });
});

describe.skipIf(!!browserSkipReason)('intake without a camera (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation({}, { fakeCamera: false });
    await bs.open('intake');
  }, 90_000);
  afterAll(async () => bs?.close());

  it('says plainly that there is no camera, and a picked photo file still gets its prediction', async () => {
    const { page, station } = bs;
    const message = page.getByTestId('camera-message');
    await expect.poll(() => message.getAttribute('role'), { timeout: 15_000 }).toBe('alert');
    expect(await message.textContent()).toMatch(/No camera found|permission was denied/);
    await page.keyboard.type('RET-20251013-050');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('file-pick')
      .setInputFiles({ name: 'desk.jpg', mimeType: 'image/jpeg', buffer: await syntheticPhoto({ width: 1024, height: 768, seed: 50 }) });
    await page.getByTestId('predicted-category').waitFor({ timeout: 20_000 });
    const [item] = await station.handlers.listItems({ limit: 5, offset: 0 });
    expect(item).toMatchObject({ returnId: 'RET-20251013-050', fileName: 'return_20251013_050.jpg' });
  });
});
