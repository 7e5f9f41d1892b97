// The app window, hardened: sandboxed renderer, context isolation, no Node, a strict CSP, no new
// windows, no navigation away from our own pages, and only the camera may be granted, and only to
// our own page. Closing hides to the tray; quitting is explicit (see run-app.ts).
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.ts';

/** The renderer is served from this origin by the app's own protocol. */
export const APP_ORIGIN = 'station://app';

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Session-wide rules: CSP on every response, and only the camera (media) for our own page. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const fromUs = isAppUrl(details.requestingUrl ?? webContents.getURL());
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(fromUs && permission === 'media' && mediaTypes.every((t) => t === 'video'));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && requestingOrigin === APP_ORIGIN);
}

export function createMainWindow(BrowserWindow: typeof BrowserWindowType, opts: { preloadPath: string; icon?: string }): BrowserWindowType {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Returns Station',
    icon: opts.icon,
    backgroundColor: '#1b1f24',
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}
