// A run-now batch that hits an unexpected error after it started (here: every category folder is
// a plain file, so no photo can be filed) ends its run as failed, raises the critical alert, tells
// the screens (batch-finished, which the app turns into a notification) and posts the webhook,
// instead of staying "running" without a word.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchRun } from '../../../src-shared/domain.ts';
import { createStation, type Station } from '../station.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
let root: string;
let station: Station;
let receiver: WebhookReceiver;
let photo: Buffer;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-failrun-'));
  await mkdir(path.join(root, 'incoming'));
  await mkdir(path.join(root, 'processed'));
  photo = await syntheticPhoto({ width: 320, height: 240, seed: 77 });
  await writeFile(path.join(root, 'incoming', 'return_20251013_001.jpg'), photo);
  const { labels } = JSON.parse(await readFile(path.join(repo, 'models/returns10/model.json'), 'utf8')) as { labels: string[] };
  for (const l of labels) await writeFile(path.join(root, 'processed', l), 'a file where a folder should be\n');
  receiver = await startWebhookReceiver();
  station = await createStation({ root, watch: false, schedule: false });
  await station.ready;
  await station.handlers.updateSettings({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await station.close();
  await receiver.close();
  await rm(root, { recursive: true, force: true });
});

describe('a failed run-now batch', () => {
  it('ends its run as failed, raises the critical alert, notifies and posts the webhook', async () => {
    const finished = new Promise<BatchRun>((resolve, reject) => {
      station.events.on('batch-finished', resolve);
      setTimeout(() => reject(new Error('no batch-finished event: the failed run was silent')), 45_000).unref();
    });
    const { runId } = await station.handlers.runBatchNow({});
    const run = await finished;
    expect(run).toMatchObject({ id: runId, status: 'failed' });
    expect(run.errorMessage).toMatch(/Batch stopped by an error/);
    expect(station.db.runs.runningBatchRuns()).toEqual([]);
    const alert = station.db.alerts.listAlerts(false).find((a) => a.rule === 'batch-failed')!;
    expect(alert).toMatchObject({ severity: 'critical', batchRunId: runId });
    expect((await receiver.waitFor(/Batch failed/)).text).toContain(run.timestamp);
    // Nothing was lost: the photo is still waiting in incoming/.
    expect(await readFile(path.join(root, 'incoming', 'return_20251013_001.jpg'))).toEqual(photo);
  });

  it('a scheduled run resumed at start that fails the same way ends as failed too', async () => {
    // A nightly run cut short by a power cut; the next start resumes it on the schedule's path.
    const cut = station.db.runs.startBatchRun({ timestamp: '20251014_020000', trigger: 'schedule' });
    await station.close();
    const before = receiver.bodies.length;
    station = await createStation({ root, watch: false, schedule: true });
    const run = await new Promise<BatchRun>((resolve, reject) => {
      station.events.on('batch-finished', resolve);
      setTimeout(() => reject(new Error('no batch-finished event: the failed nightly run was silent')), 45_000).unref();
    });
    expect(run).toMatchObject({ id: cut.id, status: 'failed' });
    expect(station.db.runs.runningBatchRuns()).toEqual([]);
    expect(station.db.alerts.listAlerts(false).some((a) => a.rule === 'batch-failed' && a.batchRunId === cut.id)).toBe(true);
    expect((await receiver.waitFor(/Batch failed/, before)).text).toContain('20251014_020000');
  });
});
