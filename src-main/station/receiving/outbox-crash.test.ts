// A station SIGKILLed while it delivers the outbox loses nothing: a seeded night's run is exported
// at the station's start (its settled items queued in the export's transaction), the station
// process is killed while the receiver holds a request unanswered, and a restarted station
// delivers every settled item; a message may come twice, always under the same idempotency key.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDb } from '../db/open-station-db.ts';
import { seedHistory } from '../history/seed-history.ts';
import { writeSettings } from '../db/stored-settings.ts';
import { localDay } from '../../../src-shared/local-time.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const child = path.join(import.meta.dirname, '..', 'test-support', 'outbox-station-child.ts');
let root: string;
const server = createServer();
const received = new Map<string, number>();
let held: ServerResponse | null = null;
let onHeld: (() => void) | null = null;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-outbox-crash-'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const db = openStationDb(path.join(root, 'station.db'));
  // The day before yesterday: its night's run (yesterday at 02:00) has happened whatever the hour the
  // test runs at; a day ending yesterday is not filed yet between midnight and 02:00.
  const now = new Date();
  seedHistory(db, { days: 1, perDay: 25, seed: 7, endDay: localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 2)) });
  writeSettings(db, { inventoryWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory` });
  db.close();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(root, { recursive: true, force: true });
});

function start(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, root], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('outbox crash safety', () => {
  it('delivers every settled item after a SIGKILL mid-delivery', async () => {
    let mode: 'hold-fifth' | 'accept' = 'hold-fifth';
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        if (mode === 'hold-fifth' && received.size === 4 && !held) {
          held = res; // the fifth message is in flight: never answered before the kill
          onHeld?.();
          return;
        }
        received.set(key, (received.get(key) ?? 0) + 1);
        res.writeHead(200).end('ok');
      });
    });

    const first = start();
    await new Promise<void>((r) => (onHeld = r));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    held!.destroy();
    expect(received.size).toBe(4);

    mode = 'accept';
    const second = start();
    const db = openStationDb(path.join(root, 'station.db'));
    try {
      const total = db.outbox.outboxState(true).pending + db.outbox.outboxState(true).delivered;
      expect(total).toBeGreaterThan(10);
      for (let i = 0; i < 600 && db.outbox.outboxState(true).pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
      second.stdin!.write('close\n');
      await new Promise((r) => second.once('exit', r));
      const state = db.outbox.outboxState(true, 1000);
      expect(state.pending).toBe(0);
      expect(new Set(state.recent.map((m) => m.idempotencyKey))).toEqual(new Set(received.keys()));
      expect(received.size).toBe(total);
    } finally {
      db.close();
    }
    // One export for the night, never written twice.
    expect((await readdir(path.join(root, 'exports'))).filter((f) => f.startsWith('inventory_'))).toHaveLength(2);
  }, 120_000);
});
