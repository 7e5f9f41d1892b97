// Settings moves the station: "moved" is answered only once the new folder is open and served.
// When it cannot be opened (a damaged database there, no backup), the old station stays and the
// answer says why.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from './browser-mode.ts';

let tmp: string;
let mode: BrowserMode;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-move-'));
  await mkdir(path.join(tmp, 'first'));
  mode = await startBrowserMode({ root: path.join(tmp, 'first'), watch: false, schedule: false, port: 0 });
});
afterAll(async () => {
  await mode.close();
  await rm(tmp, { recursive: true, force: true });
});

const move = async (root: string) => {
  const r = await fetch(`http://127.0.0.1:${mode.server.port}/api/request/setStationRoot`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${mode.server.token}` },
    body: JSON.stringify({ root }),
  });
  return { status: r.status, body: (await r.json()) as { ok: boolean; value?: { root: string }; error?: { message: string } } };
};

describe('moving the station folder', () => {
  it('keeps the old station and says why when the new folder cannot be opened', async () => {
    const damaged = path.join(tmp, 'damaged');
    await mkdir(damaged);
    await writeFile(path.join(damaged, 'station.db'), 'this is not a SQLite database at all, and there is no backup');
    const r = await move(damaged);
    expect(r.status).toBe(409);
    expect(r.body.error!.message).toMatch(/stays in .*first.*no sound backup/s);
    expect(mode.station().root).toBe(path.join(tmp, 'first'));
    expect((await mode.station().handlers.getStatus({})).root).toBe(path.join(tmp, 'first'));
  });

  it('answers "moved" only when the new station is already the one served', async () => {
    const next = path.join(tmp, 'second', 'desk');
    const r = await move(next);
    expect(r).toEqual({ status: 200, body: { ok: true, value: { root: next } } });
    expect(mode.station().root).toBe(next);
  });
});
