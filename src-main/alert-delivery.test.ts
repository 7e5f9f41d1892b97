// A batch's alerts reach people from every way a batch is run: the screens hear 'alert-raised' and
// the desk's webhook (a real HTTP server on 127.0.0.1) gets the POST, from the station the app
// uses, from browser mode, and from `returns-station batch`, which reads the webhook from the
// station's settings.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src-shared/domain.ts';
import { startBrowserMode } from './web/browser-mode.ts';
import { openStationDb } from './station/db/open-station-db.ts';
import { writeSettings } from './station/db/stored-settings.ts';
import { createStation } from './station/station.ts';
import { syntheticPhoto } from './station/synthetic/synthetic-photo.ts';
import { startWebhookReceiver, type WebhookReceiver } from './station/test-support/webhook-receiver.ts';

const repo = path.resolve(import.meta.dirname, '..');
const roots: string[] = [];
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** A station folder whose next batch has one photo in two unreadable: a 'High error rate' alert. */
async function stationWithBadPhotos(tag: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `rs-alert-${tag}-`));
  roots.push(root);
  await mkdir(path.join(root, 'incoming'));
  await writeFile(path.join(root, 'incoming', `return_20251013_001.jpg`), await syntheticPhoto({ width: 320, height: 240, seed: 40 }));
  await writeFile(path.join(root, 'incoming', `broken_${tag}.jpg`), 'not a photo\n');
  return root;
}

describe('batch alerts are delivered after they are committed', () => {
  it('from the station the desktop app runs: alert-raised event and webhook POST', async () => {
    const root = await stationWithBadPhotos('app');
    const station = await createStation({ root, watch: false, schedule: false });
    try {
      await station.ready;
      await station.handlers.updateSettings({ webhookUrl: receiver.url });
      const before = receiver.bodies.length;
      const raised: Alert[] = [];
      station.events.on('alert-raised', (a) => raised.push(a));
      const finished = new Promise((r) => station.events.on('batch-finished', r));
      await station.handlers.runBatchNow({});
      await finished;
      const post = await receiver.waitFor(/High error rate/, before);
      expect(post.text).toMatch(/Error rate is 50\.0 %/);
      expect(raised.map((a) => a.rule)).toContain('error-rate');
    } finally {
      await station.close();
    }
  });

  it('from browser mode: the event reaches the page stream and the webhook gets the POST', async () => {
    const root = await stationWithBadPhotos('web');
    const mode = await startBrowserMode({ root, watch: false, schedule: false, port: 0 });
    const before = receiver.bodies.length;
    const stream = new AbortController();
    try {
      await mode.station().handlers.updateSettings({ webhookUrl: receiver.url });
      const res = await fetch(`http://127.0.0.1:${mode.server.port}/api/events?token=${mode.server.token}`, { signal: stream.signal });
      const reader = res.body!.getReader();
      await reader.read(); // ": connected"
      await mode.station().handlers.runBatchNow({});
      let text = '';
      while (!text.includes('event: alert-raised')) text += new TextDecoder().decode((await reader.read()).value);
      expect((await receiver.waitFor(/High error rate/, before)).text).toMatch(/Error rate is 50\.0 %/);
    } finally {
      stream.abort();
      await mode.close();
    }
  });

  it('from `returns-station batch`, with the webhook saved in the station settings', async () => {
    const root = await stationWithBadPhotos('cli');
    const db = openStationDb(path.join(root, 'station.db'));
    writeSettings(db, { webhookUrl: `${receiver.url}/cli` });
    db.close();
    const before = receiver.bodies.length;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'src-main/cli.ts'), 'batch', '--root', root], {
        cwd: repo,
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    // The command waits for its webhook sends before it exits: the POST is already here.
    expect(receiver.bodies.slice(before).some((b) => /High error rate/.test(b.text))).toBe(true);
  });
});
