import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../station/station.ts';
import { syntheticPhoto } from '../station/synthetic/synthetic-photo.ts';
import { rawStatus } from './test-support/raw-status.ts';
import { startWebServer, type WebServer } from './web-server.ts';

let root: string;
let station: Station;
let server: WebServer;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-web-'));
  await mkdir(path.join(root, 'ui'));
  await writeFile(path.join(root, 'ui', 'index.html'), '<!doctype html><title>Returns Station</title>');
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
