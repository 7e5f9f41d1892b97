// Browser mode against requests another page, a careless script or a broken client could send:
// state changes need the token in the header (the cookie alone loads files and photos only), and
// every malformed request is a 400 naming its field, never a 500.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../station/station.ts';
import { syntheticPhoto } from '../station/synthetic/synthetic-photo.ts';
import { rawStatus } from './test-support/raw-status.ts';
import { MAX_EVENT_STREAMS, startWebServer, type WebServer } from './web-server.ts';

let root: string;
let station: Station;
let server: WebServer;
let cookie: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-refuse-'));
  await mkdir(path.join(root, 'ui'));
  await writeFile(path.join(root, 'ui', 'index.html'), '<!doctype html><title>Returns Station</title>');
  station = await createStation({ root, watch: false, schedule: false });
  await station.ready;
  server = await startWebServer({ station, staticDir: path.join(root, 'ui') });
  cookie = (await fetch(server.url)).headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await server.close();
  await station.close();
  await rm(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const post = (name: string, body: string, headers: Record<string, string>) =>
  fetch(`${base()}/api/request/${name}`, { method: 'POST', headers, body });
const api = (name: string, args: unknown) =>
  post(name, JSON.stringify(args), { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` });
const clerksNow = async () => station.handlers.getSettings({}).then((s) => s.clerks);

function rawGet(pathName: string): Promise<number> {
  return rawStatus(server.port, pathName, { Authorization: `Bearer ${server.token}` });
}

describe('browser mode refuses requests another page could forge', () => {
  it('a POST with only the session cookie (a text/plain form from another port) changes nothing', async () => {
    const before = await clerksNow();
    const forged = await post('updateSettings', JSON.stringify({ clerks: ['Mallory'] }), { 'Content-Type': 'text/plain', Cookie: cookie });
    expect(forged.status).toBe(403);
    const crossPort = await post('updateSettings', JSON.stringify({ clerks: ['Mallory'] }), {
      'Content-Type': 'text/plain',
      Cookie: cookie,
      Origin: 'http://127.0.0.1:1',
      'Sec-Fetch-Site': 'same-site',
    });
    expect(crossPort.status).toBe(403);
    expect(await clerksNow()).toEqual(before);
  });

  it("the app's own requests work: the header token, or the cookie from this very origin", async () => {
    expect((await api('updateSettings', { clerks: ['Ana'] })).status).toBe(200);
    const sameOrigin = await post('updateSettings', JSON.stringify({ clerks: ['Ana', 'Ben'] }), {
      'Content-Type': 'application/json',
      Cookie: cookie,
      Origin: base(),
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(sameOrigin.status).toBe(200);
    expect(await clerksNow()).toEqual(['Ana', 'Ben']);
    // The cookie still loads the page; the event stream needs the token itself.
    expect((await fetch(`${base()}/`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${base()}/api/events`, { headers: { Cookie: cookie } })).status).toBe(403);
  });
});

describe('every bad request is a 400 naming its field', () => {
  const error = async (r: Response) => {
    expect(r.status).toBe(400);
    return ((await r.json()) as { error: { message: string } }).error.message;
  };

  it('a day that is not a calendar day', async () => {
    expect(await error(await api('listItems', { day: '2025-02-30' }))).toMatch(/day/);
    expect(await error(await api('reviewQueue', { day: '2025-13-01' }))).toMatch(/day/);
  });

  it('a return id with path characters, and bytes that are not an image', async () => {
    const photo = (await syntheticPhoto({ width: 64, height: 48, seed: 5 })).toString('base64');
    expect(await error(await api('savePhoto', { returnId: '../../etc/passwd', bytes: photo, ext: 'jpg' }))).toMatch(/returnId/);
    expect(
      await error(await api('savePhoto', { returnId: null, bytes: Buffer.from('not a photo at all').toString('base64'), ext: 'jpg' })),
    ).toMatch(/bytes/);
    expect(station.db.items.countItems()).toBe(0);
  });

  it('a category given two warehouse locations', async () => {
    const message = await error(
      await api('updateSettings', {
        locations: [
          { category: 'Watches', section: 'A', aisle: '1' },
          { category: 'Watches', section: 'B', aisle: '2' },
        ],
      }),
    );
    expect(message).toMatch(/locations/);
    expect(message).not.toMatch(/SQLITE|constraint/i);
  });

  it('a webhook URL with a user name or password, refused without echoing the secret', async () => {
    const message = await error(await api('updateSettings', { webhookUrl: 'https://desk:hunter2@chat.example.com/hook' }));
    expect(message).toMatch(/webhookUrl: must not contain a user name or password/);
    expect(message).not.toContain('hunter2');
    expect((await station.handlers.getSettings({})).webhookUrl).toBe('');
  });

  it('bad percent-encoding in a photo address', async () => {
    expect(await rawGet('/photos/%E0%A4%A')).toBe(400);
    expect(await rawGet('/photos/%')).toBe(400);
  });

  it(`at most ${MAX_EVENT_STREAMS} event streams at once`, async () => {
    const aborts: AbortController[] = [];
    try {
      for (let i = 0; i < MAX_EVENT_STREAMS; i++) {
        const a = new AbortController();
        aborts.push(a);
        expect((await fetch(`${base()}/api/events?token=${server.token}`, { signal: a.signal })).status).toBe(200);
      }
      expect((await fetch(`${base()}/api/events?token=${server.token}`)).status).toBe(503);
    } finally {
      aborts.forEach((a) => a.abort());
    }
  });
});
