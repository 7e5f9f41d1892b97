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
import { readStationRoot } from './station-root-config.ts';
import { trayIconFile, trayMenuTemplate, trayState, trayTooltip } from './tray-menu.ts';

export interface AppPaths {
  preload: string;
  renderer: string;
  modelDir?: string;
  icon: string;
}

type ElectronApi = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'Notification' | 'Tray' | 'protocol' | 'session' | 'nativeImage'>;

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
    const root = await readStationRoot(app.getPath('userData'), app.getPath('documents'));
    station = await createStation({ root, modelDir: paths.modelDir });
    const s = station;
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, (req) => serveAppFile(paths.renderer, req.url));
    protocol.handle(PHOTO_SCHEME, (req) => servePhoto(s.root, s.db, req.url));
    registerStationIpc(ipcMain, s.handlers, isAppUrl);

    win = createMainWindow(BrowserWindow, { preloadPath: paths.preload, icon: paths.icon });
    forwardStationEvents(s.events, win.webContents);
    win.on('close', (e) => {
      if (!quitting) {
        e.preventDefault(); // closing hides to the tray; Quit is explicit
        win?.hide();
      }
    });
    await win.loadURL(`${APP_ORIGIN}/index.html`);

    const tray = new Tray(nativeImage.createFromPath(path.join(path.dirname(paths.icon), 'tray-idle.png')));
    let watching = true;
    let running = false;
    let progress: Parameters<typeof trayState>[1] = null;
    let lastRun = (await s.handlers.listBatchRuns({ limit: 1 }))[0] ?? null;
    const refresh = () => {
      const state = trayState(running, progress, lastRun);
      tray.setImage(nativeImage.createFromPath(path.join(path.dirname(paths.icon), trayIconFile(state))));
      tray.setToolTip(trayTooltip(state));
      tray.setContextMenu(
        Menu.buildFromTemplate(
          trayMenuTemplate(state, watching, {
            open: () => showWindow(),
            runBatchNow: () => void s.handlers.runBatchNow({}).catch(() => {}),
            setWatching: (w) => void s.handlers.setWatching({ paused: !w }).then(() => ((watching = w), refresh())),
            quit: () => app.quit(),
          }),
        ),
      );
    };
    s.events.on('batch-started', () => ((running = true), refresh()));
    s.events.on('batch-progress', (p) => ((progress = p), p.done % 10 === 0 && refresh()));
    s.events.on('batch-finished', (run) => {
      running = false;
      progress = null;
      lastRun = run;
      refresh();
      const notice = batchNotice(run);
      const n = new Notification({ title: notice.title, body: notice.body, urgency: notice.urgency, icon: paths.icon });
      n.on('click', () => showWindow(notice.opens));
      n.show();
    });
    tray.on('click', () => showWindow());
    refresh();
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
