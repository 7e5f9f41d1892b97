import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../station/station.ts';
import { syntheticPhoto } from '../station/synthetic/synthetic-photo.ts';
import { HTTP_STATUS, type StationErrorPayload } from '../../src-shared/contract.ts';
import { rawResponse, rawStatus } from './test-support/raw-status.ts';
import { startWebServer, type WebServer } from './web-server.ts';

let root: string;
let station: Station;
let server: WebServer;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-web-'));
  await mkdir(path.join(root, 'ui'));
  await writeFile(path.join(root, 'ui', 'index.html'), '<!doctype html><title>Returns Station</title>');
  // A file where a request's address is: a GET there must still not be served as a file.
  await mkdir(path.join(root, 'ui', 'api', 'request'), { recursive: true });
  await writeFile(path.join(root, 'ui', 'api', 'request', 'getStatus'), 'a static file');
  station = await createStation({ root, watch: false, schedule: false });
  await station.ready;
  server = await startWebServer({ station, staticDir: path.join(root, 'ui') });
});
afterAll(async () => {
  await server.close();
  await station.close();
  await rm(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ Authorization: `Bearer ${server.token}` });
const api = (name: string, args: unknown, headers: Record<string, string> = auth()) =>
  fetch(`${base()}/api/request/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });

const asRaw = async (r: Response) => ({ status: r.status, body: await r.text() });

/** A raw request with a Host header of our choosing (fetch does not allow setting it). */
function rawGet(pathName: string, host: string): Promise<number> {
  return rawStatus(server.port, pathName, { Host: host, ...auth() });
}

describe('browser-mode server', () => {
  it('refuses every request without the per-launch token', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    expect((await api('getStatus', {}, {})).status).toBe(401);
    expect((await api('getStatus', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await fetch(`${base()}/photos/1`)).status).toBe(401);
    expect((await fetch(`${base()}/api/events`)).status).toBe(401);
  });

  it('serves the page with the token and turns it into a same-site cookie', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await fetch(`${base()}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('listens on loopback only, and refuses a foreign Host (DNS rebinding)', async () => {
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true);
    // Another loopback address of this machine: a server bound to 0.0.0.0 would answer there.
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const s = connect({ host, port: server.port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.2')).toBe(false);
    // And this machine's own network addresses (the ones a colleague's PC would use), where it has any.
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of external) expect(await reachable(address), address).toBe(false);
    expect(await rawGet('/api/events', 'evil.example')).toBe(403);
    expect(await rawGet('/', `127.0.0.1:${server.port}`)).toBe(200);
  });

  it('carries the contract: validated requests, typed errors', async () => {
    const ok = await api('getSettings', {});
    expect(ok.status).toBe(200);
    expect((await ok.json()).value.batchTime).toBe('02:00');
    const bad = await api('getItem', { id: '../../etc' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('BAD_REQUEST');
    expect((await api('getItem', { id: 424242 })).status).toBe(404);
    expect((await api('noSuchThing', {})).status).toBe(404);
  });

  it('answers a request address only to POST: any other method is a 405 naming POST, never a file', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(`${base()}/api/request/getStatus`, { method, headers: auth() });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('POST');
      expect(await res.json()).toEqual({
        ok: false,
        error: { code: 'METHOD_NOT_ALLOWED', message: '/api/request/getStatus answers POST only.' },
      });
    }
    // And the other way round: the event stream, photos and pages answer GET only.
    for (const [method, where] of [
      ['POST', '/api/events'],
      ['DELETE', '/photos/1'],
      ['PUT', '/'],
    ]) {
      const res = await fetch(`${base()}${where}`, { method, headers: auth() });
      expect([res.status, res.headers.get('allow')], `${method} ${where}`).toEqual([405, 'GET']);
    }
  });

  it('gives every HTTP error one body, { ok: false, error }, with the status of its code', async () => {
    const refusals: [string, Promise<{ status: number; body: string }>][] = [
      ['UNAUTHORIZED', fetch(`${base()}/`).then(asRaw)],
      ['FORBIDDEN', rawResponse(server.port, '/', { Host: 'evil.example', ...auth() })],
      ['FORBIDDEN', fetch(`${base()}/api/events`, { headers: { Cookie: `rs_token=${server.token}` } }).then(asRaw)],
      ['BAD_REQUEST', api('getItem', { id: 'seven' }).then(asRaw)],
      ['BAD_REQUEST', rawResponse(server.port, '/photos/%', auth())],
      ['NOT_FOUND', api('noSuchThing', {}).then(asRaw)],
      ['NOT_FOUND', api('getItem', { id: 424242 }).then(asRaw)],
      ['NOT_FOUND', fetch(`${base()}/photos/999999`, { headers: auth() }).then(asRaw)],
      ['NOT_FOUND', fetch(`${base()}/no-such-file.js`, { headers: auth() }).then(asRaw)],
      ['METHOD_NOT_ALLOWED', fetch(`${base()}/api/request/getStatus`, { headers: auth() }).then(asRaw)],
    ];
    for (const [code, answer] of refusals) {
      const { status, body } = await answer;
      const error: StationErrorPayload = { code: code as StationErrorPayload['code'], message: expect.any(String) };
      expect([status, JSON.parse(body)], code).toEqual([HTTP_STATUS[error.code], { ok: false, error }]);
    }
  });

  it('saves a photo sent as base64 and serves it back by id only', async () => {
    const bytes = await syntheticPhoto({ width: 320, height: 240, seed: 1 });
    const saved = await api('savePhoto', { returnId: 'RET-20251013-001', bytes: bytes.toString('base64'), ext: 'jpg' });
    expect(saved.status).toBe(200);
    const item = (await saved.json()).value;
    expect(item.fileName).toBe('return_20251013_001.jpg');
    const photo = await fetch(`${base()}/photos/${item.id}`, { headers: auth() });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(bytes);
    // Sent raw: a browser would normalise some of these before they left.
    const host = `127.0.0.1:${server.port}`;
    for (const bad of [
      '..',
      '../station.db',
      '%2e%2e%2fstation.db',
      '/etc/passwd',
      '%2Fetc%2Fpasswd',
      `${item.id}/../..`,
      `${item.id}%2F..%2F..`,
    ]) {
      expect(await rawGet(`/photos/${bad}`, host), bad).toBe(400);
    }
    expect((await fetch(`${base()}/photos/999999`, { headers: auth() })).status).toBe(404);
  });
});
