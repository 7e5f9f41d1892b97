// The station checking itself, in browser mode: photos the station would auto-approve drawn for the
// audit go to Review marked "Audit"; History's "Is the station still right?" shows the audit's
// wrong rate with its 95 % interval and an open drift flag, which a person clears there (recorded
// with their name); a new kind of photo raised as a drift alert shows on the Alerts screen in the
// clerk's words with thumbnails of its look-alike photos. Screenshots light and dark, each checked
// by axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../src-shared/domain.ts';
import { driftMessage } from '../src-shared/drift.ts';
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

  it('shows a new kind of photo as a drift alert with thumbnails of its group', async () => {
    const { page, station } = bs;
    // 14 look-alike photos, closest to the group's centre first: 12 shown, "+2 more".
    const group: Item[] = [];
    for (let i = 1; i <= 14; i++) {
      const bytes = new Uint8Array(await syntheticPhoto({ width: 320, height: 240, seed: 200 + i }));
      group.push(await station.handlers.savePhoto({ returnId: null, bytes, ext: 'jpg', allowReuse: false }));
    }
    const message = driftMessage('new-kind', { since: 'Monday', groupSize: group.length });
    expect(message).toBe('Since Monday 14 photos look alike and match no category: add a category?');
    const { flag } = station.db.drift.raiseFlag({
      cause: 'new-kind',
      message,
      details: { signals: [], groupItemIds: group.map((g) => g.id) },
    });

    await bs.open('alerts');
    const drift = page.getByTestId('drift-alert-flag').and(page.locator('[data-open="true"]'));
    await drift.waitFor();
    const alert = page.getByTestId('alert').filter({ has: drift });
    expect(await alert.locator('p').first().textContent()).toMatch(
      /^Since Monday 14 photos look alike and match no category: add a category\?/,
    );
    const thumbs = drift.getByRole('img');
    expect(await thumbs.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(
      group.slice(0, 12).map((g) => `Photo ${g.fileName}`),
    );
    expect(await drift.getByTestId('drift-group-more').textContent()).toBe(' (+2 more)');
    await expect
      .poll(() =>
        thumbs.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toBe(true);
    // The first flag, cleared above, says by whom on its own alert.
    expect(await page.getByTestId('drift-alert-flag').and(page.locator('[data-open="false"]')).textContent()).toMatch(
      /Flag cleared — cleared by Ben on /,
    );
    await bs.screenshots('alerts-drift-new-kind');

    // History shows the same photos under the open flag.
    await drift.getByTestId('drift-alert-history').click();
    const open = page.locator(`[data-testid="drift-flag"][data-flag-id="${flag.id}"]`);
    await open.getByTestId('drift-group').waitFor();
    expect(await open.getByRole('img').count()).toBe(12);
  });
});
