import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTestWebhook } from './send-test-webhook.ts';

let server: Server;
let base: string;
const bodies: { path: string; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body });
      if (req.url === '/gone') res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no_service');
      else if (req.url === '/busy') res.writeHead(503).end();
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const now = new Date('2025-10-14T08:30:00.000Z');

describe('sendTestWebhook', () => {
  it('posts one test message through the alert sender and says it arrived', async () => {
    const r = await sendTestWebhook(`${base}/hook/T000/secret`, now);
    expect(r).toEqual({ ok: true, status: 200, message: 'Test message delivered (HTTP 200).' });
    const sent = bodies.filter((b) => b.path === '/hook/T000/secret');
    expect(sent).toHaveLength(1);
    const msg = JSON.parse(sent[0]!.body);
    expect(msg.text).toContain('[INFO] Test message from Returns Station');
    expect(msg.text).toContain('2025-10-14T08:30:00.000Z');
  });

  it('reports a refusal with its status, once (no retries while someone waits), without the URL', async () => {
    const r = await sendTestWebhook(`${base}/gone`, now);
    expect(r).toEqual({ ok: false, status: 404, message: 'Test message not delivered: HTTP 404: no_service.' });
    const busy = await sendTestWebhook(`${base}/busy`, now);
    expect(busy).toMatchObject({ ok: false, status: 503 });
    expect(bodies.filter((b) => b.path === '/busy')).toHaveLength(1);
    expect(busy.message).not.toContain(base);
  });

  it('never throws: no URL, nobody listening, a bad URL', async () => {
    expect(await sendTestWebhook('', now)).toEqual({
      ok: false,
      status: null,
      message: 'No webhook URL is set: enter one in Settings and save it first.',
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await sendTestWebhook(`http://127.0.0.1:${port}/x`, now);
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.message).toMatch(/^Test message not delivered: .*ECONNREFUSED/);
    expect(await sendTestWebhook('not a url', now)).toMatchObject({
      ok: false,
      status: null,
      message: 'Test message not delivered: webhook URL is not valid.',
    });
  });
});
