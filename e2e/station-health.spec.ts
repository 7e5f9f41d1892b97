// The station checking itself, in browser mode: photos the station would auto-approve drawn for the
// audit go to Review marked "Audit"; History's "Is the station still right?" shows the audit's
// wrong rate with its 95 % interval and an open drift flag, which a person clears there (recorded
// with their name). Screenshots light and dark, each checked by axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../src-shared/domain.ts';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

describe.skipIf(!!browserSkipReason)('the station checking itself (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  const items: Item[] = [];
  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    const { station } = bs;
    // Every photo in the high band, and every one of them drawn for the audit (share 100 %), under a
    // seed this spec knows (the tests' migration stores none).
    station.db.settings.putSettingRows(new Map([['auditSeed', JSON.stringify('e2e-seed')]]));
    await station.handlers.updateSettings({ thresholds: { high: 0.01, low: 0.005 }, auditShare: 1, clerks: ['Asha'] });
    for (let i = 1; i <= 3; i++) {
      const bytes = new Uint8Array(await syntheticPhoto({ width: 640, height: 480, seed: 70 + i }));
      items.push(await station.handlers.savePhoto({ returnId: `RET-20251013-00${i}`, bytes, ext: 'jpg', allowReuse: false }));
    }
    await station.handlers.updateSettings({ auditShare: 0.02 });
    // Two audited photos decided: one right, one wrong.
    const [a, b] = items;
    await station.handlers.decide({ itemId: a!.id, action: 'accept', clerk: 'Asha', durationMs: 900 });
    const other = (await station.handlers.getStatus({})).categories.find((c) => c !== b!.prediction!.category)!;
    await station.handlers.decide({ itemId: b!.id, action: 'override', category: other, clerk: 'Asha', durationMs: 900 });
    station.db.drift.raiseFlag({ cause: 'darker', message: 'Tonight’s photos are 30 % darker than the model’s own.' });
  }, 120_000);
  afterAll(async () => bs?.close());

  it('holds the drawn photos for a person, marked in Review', async () => {
    const { page } = bs;
    expect(items.map((i) => [i.heldFor, i.band])).toEqual([
      ['audit', 'medium'],
      ['audit', 'medium'],
      ['audit', 'medium'],
    ]);
    await bs.open('review');
    await page.getByTestId('clerk-name').waitFor();
    await page.keyboard.type('Asha');
    await page.keyboard.press('Enter');
    await page.getByTestId('band-filter').selectOption('medium');
    const note = page.getByTestId('held-note');
    await note.waitFor();
    expect(await note.getAttribute('data-held-for')).toBe('audit');
    expect(await note.textContent()).toMatch(/^Audit The station would have auto-approved this photo/);
    expect(await page.getByTestId('review-item').getAttribute('data-item-id')).toBe(String(items[2]!.id));
    await bs.screenshots('audit-review-item');
  });

  it('shows the audit figure with its interval and the drift flag, which a person clears', async () => {
    const { page, station } = bs;
    await bs.open('history');
    const overall = page.getByTestId('audit-overall');
    await overall.waitFor();
    // 1 wrong of 2: Wilson 95 % from 9.5 % to 90.5 %.
    expect(await overall.textContent()).toBe('50.0 % wrong (95 % interval 9.5 % to 90.5 %)');
    expect(await page.getByTestId('flags-open').textContent()).toBe('1');
    await page
      .getByTestId('station-health')
      .locator('details')
      .first()
      .evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await bs.screenshots('station-health-open-flag', { at: 'station-health' });

    await page.getByTestId('clear-name').fill('Ben');
    await page.getByTestId('clear-flag').click();
    await expect.poll(() => page.getByTestId('flags-open').textContent()).toBe('0');
    expect(await page.getByTestId('flag-cleared').textContent()).toMatch(/cleared by Ben on /);
    expect(station.db.drift.listDriftFlags()[0]).toMatchObject({ clearedBy: 'Ben', clearedHow: 'person' });
    await bs.screenshots('station-health-cleared', { at: 'station-health' });
  });
});
