// History in browser mode on a year of seeded data (~110,000 items): every chart's table is read
// off the screen and checked against figures computed here straight from the base tables (raw
// rows + local days in JS; none of the core's history SQL or derived columns), and the CSV export
// carries the same days.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHistory } from '../src-main/station/history/seed-history.ts';
import { localDay } from '../src-shared/local-time.ts';
import { browserSkipReason, startBrowserStation, type BrowserStation } from './fixtures/browser-station.ts';

type Row = Record<string, string>;

describe.skipIf(!!browserSkipReason)('history screen (browser mode, Chromium, a year of data)', () => {
  let bs: BrowserStation;
  let seeded: ReturnType<typeof seedHistory>;
  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    seeded = seedHistory(bs.station.db, { days: 365 });
    await bs.open('history');
  }, 120_000);
  afterAll(async () => bs?.close());

  async function table(id: string): Promise<Row[]> {
    return bs.page.getByTestId(`table-${id}`).evaluate((t) => {
      const heads = [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
      return [...t.querySelectorAll('tbody tr')].map((tr) =>
        Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i], td.textContent ?? ''])),
      );
    });
  }

  it('shows a year whose every chart agrees with direct SQL', async () => {
    const { page, root } = bs;
    expect(seeded.items).toBeGreaterThan(100_000);
    await page.getByTestId('range-365').click();
    await expect.poll(async () => (await table('volume')).length, { timeout: 30_000 }).toBe(365);

    // ---- direct SQL on the station's database file ----
    const db = new Database(path.join(root, 'station.db'), { readonly: true });
    const { high, low } = (await bs.station.handlers.getSettings({})).thresholds;
    const items = db.prepare('SELECT id, received_at, status FROM items').all() as { id: number; received_at: string; status: string }[];
    const pred = new Map(
      (
        db
          .prepare(
            'SELECT p.item_id, p.category, p.confidence FROM predictions p WHERE p.id = (SELECT max(id) FROM predictions WHERE item_id = p.item_id)',
          )
          .all() as { item_id: number; category: string; confidence: number }[]
      ).map((p) => [p.item_id, p]),
    );
    const settled = new Map(
      (
        db
          .prepare(
            `SELECT r.item_id, r.category FROM review_decisions r
              WHERE r.id = (SELECT max(id) FROM review_decisions WHERE item_id = r.item_id AND undone_at IS NULL AND action IN ('accept', 'override'))`,
          )
          .all() as { item_id: number; category: string }[]
      ).map((r) => [r.item_id, r.category]),
    );
    const alerts = db.prepare('SELECT created_at, severity FROM alerts').all() as { created_at: string; severity: string }[];
    const runs = db.prepare('SELECT timestamp, total_images, duration_seconds FROM batch_runs ORDER BY started_at').all() as {
      timestamp: string;
      total_images: number;
      duration_seconds: number;
    }[];
    db.close();

    type Want = {
      received: number;
      classified: number;
      filed: number;
      failed: number;
      cats: Record<string, number>;
      high: number;
      medium: number;
      low: number;
      reviewed: number;
      overridden: number;
    };
    const blank = (): Want => ({
      received: 0,
      classified: 0,
      filed: 0,
      failed: 0,
      cats: {},
      high: 0,
      medium: 0,
      low: 0,
      reviewed: 0,
      overridden: 0,
    });
    const want = new Map<string, Want>();
    for (const i of items) {
      const d = localDay(new Date(i.received_at));
      const w = want.get(d) ?? blank();
      want.set(d, w);
      w.received++;
      if (i.status === 'filed') w.filed++;
      if (i.status === 'failed') w.failed++;
      const p = pred.get(i.id);
      const s = settled.get(i.id);
      const cat = s ?? p?.category;
      if (cat) w.cats[cat] = (w.cats[cat] ?? 0) + 1;
      if (p) {
        w.classified++;
        if (p.confidence >= high) w.high++;
        else if (p.confidence < low) w.low++;
        else w.medium++;
      }
      if (s) {
        w.reviewed++;
        if (s !== p?.category) w.overridden++;
      }
    }
    const num = (v: string | undefined) => (v === undefined || v === '—' ? 0 : Number(v));
    // Percent with two decimals, or "—" when there is nothing to divide by (as the screen shows it).
    const rate = (part: number, whole: number) => (whole > 0 ? String(Math.round((part / whole) * 10_000) / 100) : '—');

    const volume = await table('volume');
    const categories = await table('categories');
    const bands = await table('bands');
    const review = await table('review');
    const success = await table('success');
    let checkedDays = 0;
    for (let k = 0; k < 365; k++) {
      const day = volume[k]!.Day!;
      const w = want.get(day) ?? blank();
      expect(success[k]!['Success %'], day).toBe(rate(w.filed, w.filed + w.failed));
      expect([review[k]!['Review %'], review[k]!['Changed %']], day).toEqual([
        rate(w.reviewed, w.classified),
        rate(w.overridden, w.reviewed),
      ]);
      expect([num(volume[k]!.Received), num(volume[k]!.Filed), num(volume[k]!.Failed)], day).toEqual([w.received, w.filed, w.failed]);
      const shownCats = Object.fromEntries(
        Object.entries(categories[k]!)
          .filter(([h, v]) => h !== 'Day' && num(v) > 0)
          .map(([h, v]) => [h, num(v)]),
      );
      expect(shownCats, day).toEqual(w.cats);
      expect([num(bands[k]!.High), num(bands[k]!.Medium), num(bands[k]!.Low)], day).toEqual([w.high, w.medium, w.low]);
      expect([num(review[k]!.Reviewed), num(review[k]!.Changed)], day).toEqual([w.reviewed, w.overridden]);
      if (w.received) checkedDays++;
    }
    expect(checkedDays).toBeGreaterThan(300);
    const shownTotal = volume.reduce((a, r) => a + (want.get(r.Day!)?.received ?? 0), 0);
    expect(await page.getByTestId('kpi-received').textContent()).toBe(shownTotal.toLocaleString('en-US'));

    const first = volume[0]!.Day!;
    const alertsWant = new Map<string, Record<string, number>>();
    for (const a of alerts) {
      const d = localDay(new Date(a.created_at));
      const m = alertsWant.get(d) ?? {};
      m[a.severity] = (m[a.severity] ?? 0) + 1;
      alertsWant.set(d, m);
    }
    const alertRows = await table('alerts');
    for (const r of alertRows) {
      const m = alertsWant.get(r.Day!) ?? {};
      expect([num(r.Critical), num(r.Error), num(r.Warning), num(r.Info)], r.Day).toEqual([
        m.critical ?? 0,
        m.error ?? 0,
        m.warning ?? 0,
        m.info ?? 0,
      ]);
    }
    expect(alertRows.reduce((a, r) => a + num(r.Critical) + num(r.Error) + num(r.Warning) + num(r.Info), 0)).toBe(
      alerts.filter((a) => localDay(new Date(a.created_at)) >= first).length,
    );

    const runRows = await table('runs');
    const wantRuns = runs.filter((r) => `${r.timestamp.slice(0, 4)}-${r.timestamp.slice(4, 6)}-${r.timestamp.slice(6, 8)}` >= first);
    expect(runRows.map((r) => r.Run)).toEqual(wantRuns.map((r) => r.timestamp));
    expect(runRows.map((r) => num(r.Seconds))).toEqual(wantRuns.map((r) => Math.round(r.duration_seconds * 10) / 10));

    await bs.screenshots('history');
  });

  it('switches ranges, takes a custom range, and exports the table as CSV', async () => {
    const { page } = bs;
    await page.getByTestId('range-7').click();
    await expect.poll(async () => (await table('volume')).length).toBe(7);
    await page.getByRole('button', { name: 'Custom' }).click();
    const to = new Date();
    to.setDate(to.getDate() - 10);
    const from = new Date(to);
    from.setDate(from.getDate() - 19);
    await page.getByTestId('range-from').fill(localDay(from));
    await page.getByTestId('range-to').fill(localDay(to));
    await expect.poll(async () => (await table('volume')).length).toBe(20);
    expect((await table('volume'))[0]!.Day).toBe(localDay(from));

    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^history_\d{8}_\d{8}\.csv$/);
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(21); // header + 20 days
    expect(lines[1]!.startsWith(localDay(from))).toBe(true);
  });
});
