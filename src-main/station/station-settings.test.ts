// Settings take effect in the running core without a restart: thresholds re-band existing items on
// every screen, locations reorder pick lists, the webhook URL in use is the saved one, clerks are
// stored and announced, and a new poll interval restarts the watcher (the batch time is proven in
// station-schedule.test.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item, StationSettings } from '../../src-shared/domain.ts';
import { shaOf } from './db/test-temp-db.ts';
import { eventually } from './test-support/eventually.ts';
import { syntheticPhoto } from './synthetic/synthetic-photo.ts';
import { createStation, type Station } from './station.ts';

let root: string;
let station: Station;
async function start(watch: boolean) {
  root = await mkdtemp(path.join(tmpdir(), 'rs-settings-'));
  station = await createStation({ root, schedule: false, watch, stableMs: 200 });
  await station.ready;
}
afterEach(async () => {
  await station.close();
  await rm(root, { recursive: true, force: true });
});

/** A filed item with a prediction, as the batch leaves it (no photo needed for these screens). */
function filed(n: number, category: string, confidence: number, runId: number): Item {
  const db = station.db;
  const name = `return_20251013_00${n}.jpg`;
  const item = db.items.insertItem({
    fileName: name,
    sha256: shaOf(`settings-${n}`),
    sizeBytes: 1,
    returnId: `RET-20251013-00${n}`,
    relPath: `incoming/${name}`,
  });
  db.items.addPrediction(item.id, { category, confidence, top3: [{ category, confidence }], modelSha256: 'd'.repeat(64), latencyMs: 1 });
  return db.items.updateItemLocation(item.id, 'processed', `processed/${category}/${name}`, 'filed', null, runId);
}
const newRun = () => station.db.runs.startBatchRun({ timestamp: '20251014_020000', trigger: 'manual' }).id;

describe('settings applied without a restart', () => {
  beforeEach(() => start(false));

  it('thresholds move existing items between bands in listItems, reviewQueue and pickList', async () => {
    const item = filed(1, 'Tshirts', 0.75, newRun());
    // listItems defaults to today: the item was received just now.
    const band = async () => (await station.handlers.listItems({ limit: 10, offset: 0 })).find((i) => i.id === item.id)!.band;
    const queue = async (b: 'low' | 'medium') => (await station.handlers.reviewQueue({ band: b })).map((i) => i.id);
    const picked = async () => (await station.handlers.pickList({ batchRunId: item.batchRunId! })).groups[0]!.lines[0]!.band;

    expect([await band(), await queue('medium'), await queue('low'), await picked()]).toEqual(['medium', [item.id], [], 'medium']);
    const changed: StationSettings[] = [];
    station.events.on('settings-changed', (s) => changed.push(s));
    await station.handlers.updateSettings({ thresholds: { high: 0.9, low: 0.8 } });
    expect([await band(), await queue('medium'), await queue('low'), await picked()]).toEqual(['low', [], [item.id], 'low']);
    expect(changed.map((s) => s.thresholds)).toEqual([{ high: 0.9, low: 0.8 }]);
    expect((await station.handlers.history({ from: '2025-10-13', to: '2025-10-14' })).thresholds).toEqual({ high: 0.9, low: 0.8 });
  });

  it('locations reorder the pick list at once', async () => {
    const runId = newRun();
    filed(1, 'Tshirts', 0.9, runId);
    filed(2, 'Watches', 0.9, runId);
    const order = async () => (await station.handlers.pickList({ batchRunId: runId })).groups.map((g) => [g.category, g.location]);
    expect(await order()).toEqual([
      ['Tshirts', null],
      ['Watches', null],
    ]);
    await station.handlers.updateSettings({ locations: [{ category: 'Watches', section: 'A', aisle: '1' }] });
    expect(await order()).toEqual([
      ['Watches', { section: 'A', aisle: '1' }],
      ['Tshirts', null],
    ]);
    await station.handlers.updateSettings({
      locations: [
        { category: 'Watches', section: 'B', aisle: '1' },
        { category: 'Tshirts', section: 'A', aisle: '7' },
      ],
    });
    expect(await order()).toEqual([
      ['Tshirts', { section: 'A', aisle: '7' }],
      ['Watches', { section: 'B', aisle: '1' }],
    ]);
  });

  it('the webhook test uses the URL saved a moment ago; clerks are stored and announced', async () => {
    const hits: string[] = [];
    const server: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await station.handlers.sendTestWebhook({})).toMatchObject({
        ok: false,
        status: null,
        message: expect.stringMatching(/No webhook URL is set/),
      });
      await station.handlers.updateSettings({ webhookUrl: `${base}/first` });
      expect(await station.handlers.sendTestWebhook({})).toMatchObject({ ok: true, status: 200 });
      await station.handlers.updateSettings({ webhookUrl: `${base}/second` });
      expect(await station.handlers.sendTestWebhook({})).toMatchObject({ ok: true, status: 200 });
      expect(hits).toEqual(['/first', '/second']);
      await station.handlers.updateSettings({ webhookUrl: '' });
      expect(await station.handlers.sendTestWebhook({})).toMatchObject({ ok: false, status: null });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }

    const announced: string[][] = [];
    station.events.on('settings-changed', (s) => announced.push(s.clerks));
    await station.handlers.updateSettings({ clerks: ['Ana', 'Ben'] });
    expect((await station.handlers.getSettings({})).clerks).toEqual(['Ana', 'Ben']);
    expect(announced).toEqual([['Ana', 'Ben']]);
  });
});

describe('poll interval', () => {
  beforeEach(() => start(true));

  it('restarts the watcher with the new interval, and a photo dropped meanwhile is not lost', async () => {
    const added: Item[] = [];
    station.events.on('item-added', (i) => added.push(i));
    const states: { watching: boolean; error: string | null }[] = [];
    station.events.on('watcher-state', (s) => states.push(s));

    // Polling once a minute: a new photo is not seen within seconds. (The one wait here that nothing
    // can end sooner: no event marks "a native watcher would have taken it by now".)
    await station.handlers.updateSettings({ pollIntervalMs: 60_000 });
    expect(states).toEqual([{ watching: true, error: null }]);
    await writeFile(path.join(root, 'incoming', 'return_20251013_001.jpg'), await syntheticPhoto({ width: 640, height: 480, seed: 3 }));
    await expect(eventually(() => added.length > 0, 'a photo while polling once a minute', 2500)).rejects.toThrow(/^Timed out/);

    // ...back to native events: the watcher restarts, picks up the photo that arrived meanwhile,
    // and sees the next one at once.
    await station.handlers.updateSettings({ pollIntervalMs: 0 });
    expect(states).toHaveLength(2);
    await eventually(() => added.length === 1, 'the photo that arrived meanwhile', 20_000);
    await writeFile(path.join(root, 'incoming', 'return_20251013_002.jpg'), await syntheticPhoto({ width: 640, height: 480, seed: 4 }));
    await eventually(() => added.length === 2, 'the next photo', 20_000);
    expect(added.map((i) => i.fileName).sort()).toEqual(['return_20251013_001.jpg', 'return_20251013_002.jpg']);
  });
});
