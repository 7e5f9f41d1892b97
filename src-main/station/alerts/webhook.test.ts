import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedRun } from '../test-support/batch-run.ts';
import { evaluateBatchAlerts } from './alert-rules.ts';
import { slackMessage } from './webhook-payload.ts';
import { sendWebhook } from './webhook.ts';

interface Seen {
  path: string;
  contentType: string | undefined;
  body: string;
}

/** A scripted webhook receiver on 127.0.0.1: each path answers with its own list of behaviours. */
let server: Server;
let base: string;
const seen: Seen[] = [];
const scripts = new Map<string, ((res: ServerResponse) => void)[]>();

function script(path: string, ...steps: ((res: ServerResponse) => void)[]) {
  scripts.set(path, steps);
  return `${base}${path}`;
}
const answer =
  (status: number, text = '', headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'text/plain', ...headers }).end(text);
  };
const never = () => () => {}; // accepts the request, never answers

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      const steps = scripts.get(req.url ?? '') ?? [];
      (steps.shift() ?? answer(200, 'ok'))(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const run = finishedRun({ status: 'completed_with_errors', totalImages: 200, successful: 169, failed: 31, successRate: 84.5 });
const alert = evaluateBatchAlerts(run)[0]!;
const bodiesFor = (path: string) => seen.filter((s) => s.path === path);

describe('sendWebhook', () => {
  it('posts a Slack-shaped JSON message', async () => {
    const url = script('/ok', answer(200, 'ok'));
    const r = await sendWebhook(url, alert, run);
    expect(r).toEqual({ ok: true, attempts: 1, status: 200 });
    const [req] = bodiesFor('/ok');
    expect(req!.contentType).toMatch(/^application\/json/);
    const msg = JSON.parse(req!.body);
    expect(typeof msg.text).toBe('string');
    // `text` stands on its own: severity, title, the sentence, the figures and the actions.
    expect(msg.text).toContain('[ERROR] High error rate');
    expect(msg.text).toContain('Error rate is 15.5 % (threshold: 10 %)');
    expect(msg.text).toContain('Failed: 31');
    expect(msg.text).toContain('Review failed images in the log');
    expect(Array.isArray(msg.blocks)).toBe(true);
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'High error rate', emoji: true } });
  });

  it('retries after a 500 and succeeds', async () => {
    const url = script('/flaky', answer(500, 'oops'), answer(200, 'ok'));
    const r = await sendWebhook(url, alert, run, { backoffMs: 20 });
    expect(r).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(bodiesFor('/flaky')).toHaveLength(2);
  });

  it('retries a 429, honouring a short Retry-After', async () => {
    const url = script('/busy', answer(429, 'rate_limited', { 'Retry-After': '0' }), answer(200, 'ok'));
    expect(await sendWebhook(url, alert, run, { backoffMs: 5000 })).toMatchObject({ ok: true, attempts: 2 });
  });

  it('does not retry a 4xx and says why', async () => {
    const url = script('/gone', answer(404, 'no_service'));
    expect(await sendWebhook(url, alert, run, { backoffMs: 10 })).toEqual({
      ok: false,
      attempts: 1,
      status: 404,
      error: 'HTTP 404: no_service',
    });
  });

  it('gives up on a server that never answers, within timeout × attempts plus slack', async () => {
    const url = script('/silent', never(), never(), never());
    const t0 = performance.now();
    const r = await sendWebhook(url, alert, run, { timeoutMs: 300, retries: 2, backoffMs: 10 });
    const elapsed = performance.now() - t0;
    expect(r).toMatchObject({ ok: false, attempts: 3, error: 'timed out after 300 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(3 * 300 - 50);
    expect(elapsed).toBeLessThan(3 * 300 + 30 + 1500);
    expect(bodiesFor('/silent')).toHaveLength(3);
  });

  it('never throws: refused connection, bad URL, wrong scheme', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await sendWebhook(`http://127.0.0.1:${port}/hook`, alert, run, { retries: 1, backoffMs: 10, timeoutMs: 1000 });
    expect(refused).toMatchObject({ ok: false, attempts: 2 });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    expect(await sendWebhook('not a url', alert, run)).toEqual({ ok: false, attempts: 0, error: 'webhook URL is not valid' });
    expect(await sendWebhook('file:///etc/passwd', alert, run)).toEqual({
      ok: false,
      attempts: 0,
      error: 'webhook URL must be http or https',
    });
  });

  it('keeps the secret webhook path out of its errors', async () => {
    const url = script('/services/T000/B000/SECRET', answer(500, 'x'), answer(500, 'x'));
    const r = await sendWebhook(url, alert, run, { retries: 1, backoffMs: 1 });
    expect(r.ok).toBe(false);
    expect(r.error).not.toContain('SECRET');
  });
});

describe('slackMessage', () => {
  it('escapes Slack markup from outside strings and works without a run', () => {
    const m = slackMessage(
      { severity: 'critical', title: 'Batch failed', message: 'Cannot read <!channel> & <http://x|y>.jpg.', actions: ['Re-run the batch'] },
      null,
    );
    expect(m.text).toContain('Cannot read &lt;!channel&gt; &amp; &lt;http://x|y&gt;.jpg.');
    expect(m.text).not.toContain('<!channel>');
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
    expect(m.text.split('\n')[0]).toBe(':rotating_light: [CRITICAL] Batch failed');
  });
});
