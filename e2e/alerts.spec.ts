// Alerts in browser mode: a real batch over unreadable photos raises alerts through the core's
// rules; the screen lists them with severity and time, the sidebar counts the unacknowledged ones,
// and acknowledging stores who did it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

describe.skipIf(!!browserSkipReason)('alerts screen (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    for (let i = 1; i <= 3; i++)
      await writeFile(path.join(bs.root, 'incoming', `return_20251013_90${i}.jpg`), Buffer.from(`not a photo ${i}`));
    const finished = new Promise((r) => bs.station.events.on('batch-finished', r));
    await bs.station.handlers.runBatchNow({});
    await finished;
    await bs.open('alerts');
  }, 90_000);
  afterAll(async () => bs?.close());

  it('lists the raised alerts, counts them in the sidebar, and acknowledges one by name', async () => {
    const { page, station } = bs;
    const raised = await station.handlers.listAlerts({ includeAcknowledged: false });
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.some((a) => a.rule === 'error-rate' || a.rule === 'batch-failed')).toBe(true);
    await expect.poll(() => page.getByTestId('alert').count()).toBe(raised.length);
    await expect.poll(() => page.getByTestId('alert-count').textContent()).toBe(String(raised.length));
    await bs.screenshots('alerts');

    await page.getByTestId('ack-name').fill('Marta');
    await page.getByTestId('alert').first().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('alert').count()).toBe(raised.length - 1);
    const acked = (await station.handlers.listAlerts({ includeAcknowledged: true })).filter((a) => a.acknowledgedAt);
    expect(acked).toHaveLength(1);
    expect(acked[0]!.acknowledgedBy).toBe('Marta');
    if (raised.length > 1) await expect.poll(() => page.getByTestId('alert-count').textContent()).toBe(String(raised.length - 1));
    else await expect.poll(() => page.getByTestId('alert-count').count()).toBe(0);
  });
});
