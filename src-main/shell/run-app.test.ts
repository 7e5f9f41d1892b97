import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestNames } from '../../src-shared/contract.ts';
import * as electron from './test-support/electron-mock.ts';

vi.mock('electron', () => import('./test-support/electron-mock.ts'));
const { runApp } = await import('./run-app.ts');

const paths = { preload: '/app/preload.cjs', renderer: '/app/renderer', icon: '/app/icon.png' };
let home: string;
beforeEach(async () => {
  electron.resetElectronMock();
  home = await mkdtemp(path.join(tmpdir(), 'rs-app-'));
  electron.appState.paths = { userData: path.join(home, 'userData'), documents: path.join(home, 'Documents') };
});
afterEach(async () => {
  // The app closes its station on will-quit and quits again once it is closed: wait for that second
  // quit, or it lands in the next test's app (on a busy machine closing takes more than a moment).
  let closing = false;
  const quits = electron.appState.quitCalls;
  electron.app.emit('will-quit', { preventDefault: () => (closing = true) });
  if (closing) await until(() => electron.appState.quitCalls > quits, 30_000);
  await rm(home, { recursive: true, force: true });
});

async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('app lifecycle', () => {
  it('a second instance quits at once and starts nothing', () => {
    electron.appState.singleInstance = false;
    runApp(electron as never, paths);
    expect(electron.appState.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
  });

  it('starts the station in Documents/ReturnsStation with protocols, IPC, a hardened window and a tray', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    expect([...electron.protocolState.handlers.keys()].sort()).toEqual(['station', 'station-photo']);
    expect(electron.handlers.size).toBe(requestNames.length);
    const win = electron.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: '/app/preload.cjs',
    });
    expect(win.loaded).toEqual(['station://app/index.html']);
    const status = (await electron.ipcRenderer.invoke('station:request:getStatus', {})) as { ok: boolean; value: { root: string } };
    expect(status.value.root).toBe(path.join(home, 'Documents', 'ReturnsStation'));
    expect(electron.trays[0]!.tooltip).toBe('Returns Station — no batch yet');
  });

  it('closing the window hides it to the tray; quitting is explicit', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    const win = electron.windows[0]!;
    win.show();
    expect(win.tryClose()).toBe(false);
    expect(win.shown).toBe(false);
    electron.app.quit();
    expect(win.tryClose()).toBe(true);
  });

  it('announces a finished batch with one notification that opens Review', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    await electron.ipcRenderer.invoke('station:request:runBatchNow', {});
    await until(() => electron.notifications.length === 1);
    const n = electron.notifications[0]!;
    expect(n.shown).toBe(true);
    expect(n.options.title).toBe('Batch done');
    expect(n.options.body).toMatch(/^0 photos: 0 filed · 0 to review/);
    n.emit('click');
    expect(electron.windows[0]!.loaded.at(-1)).toBe('station://app/index.html#review');
    expect(electron.trays[0]!.tooltip).toMatch(/last batch \d{8}_\d{6}: 0\/0 filed/);
    const images = electron.trays[0]!.images.map((i) => path.basename((i as { path: string }).path));
    expect(images).toContain('tray-running.png');
    expect(images.at(-1)).toBe('tray-idle.png');
  });

  it('announces a failed run differently, opening Alerts, with the failed tray icon', async () => {
    // A missing model stops a batch loudly (a run that cannot classify must not file anything).
    const incoming = path.join(home, 'Documents', 'ReturnsStation', 'incoming');
    await mkdir(incoming, { recursive: true });
    await writeFile(path.join(incoming, 'return_20251013_001.jpg'), 'not a photo');
    runApp(electron as never, { ...paths, modelDir: path.join(home, 'no-model') });
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    await electron.ipcRenderer.invoke('station:request:runBatchNow', {});
    await until(() => electron.notifications.length === 1);
    const n = electron.notifications[0]!;
    expect(n.options.title).toBe('Nightly batch FAILED');
    expect(n.options.urgency).toBe('critical');
    n.emit('click');
    expect(electron.windows[0]!.loaded.at(-1)).toBe('station://app/index.html#alerts');
    expect(path.basename((electron.trays[0]!.images.at(-1) as { path: string }).path)).toBe('tray-failed.png');
  });

  it('wires the tray menu: Open, Run batch now, Pause watching, Quit', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    const menu = () => (electron.trays[0]!.menu as { template: { label?: string; click?: () => void; checked?: boolean }[] }).template;
    const item = (label: RegExp) => menu().find((m) => m.label && label.test(m.label))!;
    const win = electron.windows[0]!;
    win.hide();
    item(/^Open/).click!();
    expect(win.shown).toBe(true);

    item(/^Pause watching/).click!();
    await until(() => item(/^Pause watching/).checked === true);
    expect(((await electron.ipcRenderer.invoke('station:request:getStatus', {})) as { value: { watching: boolean } }).value.watching).toBe(
      false,
    );
    item(/^Pause watching/).click!();
    await until(() => item(/^Pause watching/).checked === false);

    item(/^Run batch now/).click!();
    await until(() => electron.notifications.length === 1);

    item(/^Quit/).click!();
    expect(electron.appState.quitCalls).toBeGreaterThan(0);
  });

  it('the tray follows the watcher when Settings pauses or resumes it', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    const paused = () =>
      (electron.trays[0]!.menu as { template: { label?: string; checked?: boolean }[] }).template.find((m) =>
        m.label?.startsWith('Pause watching'),
      )!.checked;
    expect(paused()).toBe(false);
    // What Settings' switch sends: the tray must say the same as the screen, not the opposite.
    expect(await electron.ipcRenderer.invoke('station:request:setWatching', { paused: true })).toEqual({
      ok: true,
      value: { watching: false },
    });
    expect(paused()).toBe(true);
    await electron.ipcRenderer.invoke('station:request:setWatching', { paused: false });
    expect(paused()).toBe(false);
  });

  it('moves the station to another folder from Settings, remembers it, and reloads the window', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    const next = path.join(home, 'Shared', 'Desk2');
    const reply = (await electron.ipcRenderer.invoke('station:request:setStationRoot', { root: next })) as {
      ok: boolean;
      value: { root: string };
    };
    expect(reply).toEqual({ ok: true, value: { root: next } });
    const win = electron.windows[0]!;
    await until(() => win.webContents.reloads === 1);
    const status = (await electron.ipcRenderer.invoke('station:request:getStatus', {})) as { value: { root: string } };
    expect(status.value.root).toBe(next);
    expect(JSON.parse(await readFile(path.join(home, 'userData', 'station-root.json'), 'utf8'))).toEqual({ root: next });
    expect(electron.handlers.size).toBe(requestNames.length); // re-registered, not doubled
    const bad = (await electron.ipcRenderer.invoke('station:request:setStationRoot', { root: 'relative/folder' })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('prints the window through the dialog, or silently to a printer that exists', async () => {
    runApp(electron as never, paths);
    await until(() => electron.windows[0]?.loaded.length === 1); // loaded once the station is connected
    const wc = electron.windows[0]!.webContents;
    wc.printers = [{ name: 'Desk-Laser', displayName: 'Desk laser' }];
    expect(await electron.ipcRenderer.invoke('station:request:listPrinters', {})).toEqual({
      ok: true,
      value: [{ name: 'Desk-Laser', displayName: 'Desk laser' }],
    });
    expect(await electron.ipcRenderer.invoke('station:request:printWindow', { printer: 'Desk-Laser' })).toEqual({
      ok: true,
      value: { printed: true, printer: 'Desk-Laser' },
    });
    expect(await electron.ipcRenderer.invoke('station:request:printWindow', { printer: 'Nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(wc.printed).toEqual([{ silent: true, deviceName: 'Desk-Laser', printBackground: true }]);
  });
});
