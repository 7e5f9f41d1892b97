// The webhook's limits against a real local server: a reply is read to 64 KB at most, a URL with
// credentials is never used nor echoed, a redirect is not followed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedRun } from '../test-support/batch-run.ts';
import { evaluateBatchAlerts } from './alert-rules.ts';
import { sendWebhook } from './webhook.ts';

let server: Server;
let base: string;
let requests = 0;
let endlessBytesWritten = 0;
let endlessClosed: Promise<void>;
let markEndlessClosed: () => void;

beforeAll(async () => {
  endlessClosed = new Promise((r) => (markEndlessClosed = r));
  server = createServer((req, res) => {
    requests++;
    req.resume();
    if (req.url === '/endless') {
      // A 200 whose body never ends: written as fast as the client takes it.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) endlessBytesWritten += chunk.length;
        if (!res.destroyed) endlessBytesWritten += chunk.length;
      };
      res.on('drain', pump);
      res.on('close', () => markEndlessClosed());
      pump();
      return;
    }
    if (req.url === '/moved') return res.writeHead(302, { Location: `${base}/elsewhere` }).end();
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const alert = evaluateBatchAlerts(finishedRun({ status: 'failed', totalImages: 0, successful: 0, failed: 0 }))[0]!;

describe('webhook limits', () => {
  it('reads at most 64 KB of a reply and drops the connection, instead of reading it whole', async () => {
    const r = await sendWebhook(`${base}/endless`, alert, null, { retries: 0 });
    expect(r).toMatchObject({ ok: true, status: 200, attempts: 1 });
    await endlessClosed; // the station hung up; the server did not finish
    expect(endlessBytesWritten).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a URL with a user name or password without sending, and never echoes it', async () => {
    const before = requests;
    const r = await sendWebhook(`http://desk:s3cret-pw@127.0.0.1:${new URL(base).port}/hook`, alert, null, { retries: 0 });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/user name or password/);
    expect(r.error).not.toContain('s3cret-pw');
    expect(requests).toBe(before);
  });

  it('does not follow a redirect', async () => {
    const before = requests;
    const r = await sendWebhook(`${base}/moved`, alert, null, { retries: 0 });
    expect(r).toMatchObject({ ok: false, status: 302 });
    expect(requests).toBe(before + 1);
  });
});
