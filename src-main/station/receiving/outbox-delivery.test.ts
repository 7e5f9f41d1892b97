// The outbox against a real receiver on 127.0.0.1 that refuses (503) for a while and then accepts:
// every message arrives, accepted once per idempotency key, oldest first, and the outbox says so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettledItemWebhook } from '../../../src-shared/receiving-formats.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { createOutboxSender } from './outbox-sender.ts';

describe('outbox delivery', () => {
  let t: TempDb;
  let server: Server;
  let url: string;
  const accepted = new Map<string, number>();
  const bodies: unknown[] = [];
  let refusals = 0;
  let refuseFor = 0;

  beforeEach(async () => {
    t = openTempDb();
    t.clock.set(new Date());
    accepted.clear();
    bodies.length = 0;
    refusals = 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (refusals < refuseFor) {
          refusals++;
          res.writeHead(503).end('down for the night');
          return;
        }
        const key = String(req.headers['idempotency-key']);
        accepted.set(key, (accepted.get(key) ?? 0) + 1);
        bodies.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    t.cleanup();
  });

  it('delivers every message once per key after the receiver comes back', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `run-1-item-${i + 1}`);
    for (const [i, key] of keys.entries()) {
      t.db.outbox.enqueue(key, null, {
        idempotencyKey: key,
        returnId: `RET-20251013-${String(i + 1).padStart(3, '0')}`,
        orderId: null,
        category: 'Tshirts',
        grade: 'Good',
        disposition: 'Restock',
        settledAt: '2025-10-14T02:00:00.000Z',
      });
    }
    refuseFor = 8;
    const sender = createOutboxSender({ db: t.db, url: () => url, backoffMs: 10, maxBackoffMs: 40, idleMs: 50 });
    sender.start();
    for (let i = 0; i < 200 && t.db.outbox.outboxState(true).pending > 0; i++) await new Promise((r) => setTimeout(r, 25));
    await sender.close();

    expect(refusals).toBe(8);
    expect([...accepted.keys()]).toEqual(keys); // oldest first
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    for (const b of bodies) expect(SettledItemWebhook.safeParse(b).success).toBe(true);
    const state = t.db.outbox.outboxState(true);
    expect(state).toMatchObject({ pending: 0, delivered: 12, lastError: null });
  });
});
