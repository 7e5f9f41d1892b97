// The Electron shell's lifecycle: one instance, the station core started on the configured folder,
// the app's protocols, IPC bridge, hardened window, tray and notifications. Thin by design: every
// rule lives in the station core; this file only adapts it to Electron.
import path from 'node:path';
import type * as Electron from 'electron';
import { createStation, type Station } from '../station/station.ts';
import { batchNotice } from '../../src-shared/batch-notice.ts';
import { APP_SCHEME, PHOTO_SCHEME, PRIVILEGED_SCHEMES, serveAppFile, servePhoto } from './app-protocols.ts';
import { forwardStationEvents, registerStationIpc } from './ipc-bridge.ts';
import { APP_ORIGIN, createMainWindow, hardenSession, isAppUrl } from './secure-window.ts';
import { printingHandlers } from './printing.ts';
import { readStationRoot, writeStationRoot } from './station-root-config.ts';
import { trayIconFile, trayMenuTemplate, trayState, trayTooltip } from './tray-menu.ts';

export interface AppPaths {
  preload: string;
  renderer: string;
  modelDir?: string;
  icon: string;
}

type ElectronApi = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'Notification' | 'Tray' | 'protocol' | 'session' | 'nativeImage'
>;

export function runApp(electron: ElectronApi, paths: AppPaths): void {
  const { app, BrowserWindow, ipcMain, Menu, Notification, Tray, protocol, session, nativeImage } = electron;
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let quitting = false;
  let win: Electron.BrowserWindow | null = null;
  let station: Station | null = null;

  function showWindow(route?: string) {
    if (!win) return;
    if (route) void win.loadURL(`${APP_ORIGIN}/index.html#${route}`);
    win.show();
    win.focus();
  }

  app.on('second-instance', () => showWindow());
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => {
    // Stays in the tray: the watcher and the nightly batch keep running.
  });
  app.on('will-quit', (e) => {
    if (!station) return;
    e.preventDefault();
    const s = station;
    station = null;
    void s.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, (req) => serveAppFile(paths.renderer, req.url));
    // Always the current station's photos: Settings can move the station to another folder.
    protocol.handle(PHOTO_SCHEME, (req) =>
      station ? servePhoto(station.root, station.db, req.url) : new Response('Station closed', { status: 503 }),
    );

    win = createMainWindow(BrowserWindow, { preloadPath: paths.preload, icon: paths.icon });
    const contents = win.webContents;
    win.on('close', (e) => {
      if (!quitting) {
        e.preventDefault(); // closing hides to the tray; Quit is explicit
        win?.hide();
      }
    });

    const tray = new Tray(nativeImage.createFromPath(path.join(path.dirname(paths.icon), 'tray-idle.png')));
    let watching = true;
    let running = false;
    let progress: Parameters<typeof trayState>[1] = null;
    let lastRun: Parameters<typeof trayState>[2] = null;
    const refresh = () => {
      const state = trayState(running, progress, lastRun);
      tray.setImage(nativeImage.createFromPath(path.join(path.dirname(paths.icon), trayIconFile(state))));
      tray.setToolTip(trayTooltip(state));
      tray.setContextMenu(
        Menu.buildFromTemplate(
          trayMenuTemplate(state, watching, {
            open: () => showWindow(),
            runBatchNow: () => void station?.handlers.runBatchNow({}).catch(() => {}),
            // The tick follows the 'watcher-state' event the station emits, as for Settings' switch.
            setWatching: (w) => void station?.handlers.setWatching({ paused: !w }).catch(() => {}),
            quit: () => app.quit(),
          }),
        ),
      );
    };
    tray.on('click', () => showWindow());

    const open = (root: string) => createStation({ root, modelDir: paths.modelDir, switchRoot: moveTo });

    /** Connects a station to IPC, the window and the tray; returns what disconnects it again. */
    async function connect(s: Station): Promise<() => void> {
      station = s;
      watching = true; // a station opens watching; 'watcher-state' says when that changes
      const handlers = { ...s.handlers, ...printingHandlers(() => (contents.isDestroyed() ? null : contents)) };
      const offs = [
        registerStationIpc(ipcMain, handlers, isAppUrl),
        forwardStationEvents(s.events, contents),
        // Whoever paused or resumed the watcher (Settings, the tray, a restart for a new poll
        // interval), the menu says what it does now. An error is not a pause: still "watching".
        s.events.on('watcher-state', (w) => ((watching = w.watching), refresh())),
        s.events.on('batch-started', () => ((running = true), refresh())),
        s.events.on('batch-progress', (p) => ((progress = p), p.done % 10 === 0 && refresh())),
        s.events.on('batch-finished', (run) => {
          running = false;
          progress = null;
          lastRun = run;
          refresh();
          const notice = batchNotice(run);
          const n = new Notification({ title: notice.title, body: notice.body, urgency: notice.urgency, icon: paths.icon });
          n.on('click', () => showWindow(notice.opens));
          n.show();
        }),
      ];
      lastRun = (await s.handlers.listBatchRuns({ limit: 1 }))[0] ?? null;
      refresh();
      return () => offs.forEach((off) => off());
    }

    /** Settings moved the station: open the new folder first (if that fails, nothing changes),
     * remember it, close the old station and show the new one. */
    async function moveTo(root: string) {
      const next = await open(root);
      await next.ready;
      const old = station;
      await writeStationRoot(userData, root);
      disconnect();
      station = null;
      await old?.close();
      disconnect = await connect(next);
      contents.reload();
    }

    let first: Station;
    try {
      first = await open(await readStationRoot(userData, app.getPath('documents')));
    } catch (e) {
      // A damaged database with no sound backup, an unusable folder: say why and stop, changing nothing.
      console.error(`[returns-station] cannot start: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = (e as { exitCode?: number }).exitCode ?? 1;
      app.quit();
      return;
    }
    let disconnect = await connect(first);
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  });
}

/** Resource locations in a packaged app vs. a development checkout. */
export function appPaths(appDir: string, resourcesPath: string | undefined, packaged: boolean): AppPaths {
  return {
    preload: path.join(appDir, 'preload.cjs'),
    renderer: path.join(appDir, 'renderer'),
    // Packaged: shipped as an extra resource; from a checkout: dist/ sits beside models/.
    modelDir: packaged && resourcesPath ? path.join(resourcesPath, 'models', 'returns10') : path.join(appDir, '..', 'models', 'returns10'),
    icon: path.join(appDir, 'icon.png'),
  };
}
