import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.ts';
import * as electron from './test-support/electron-mock.ts';

vi.mock('electron', () => import('./test-support/electron-mock.ts'));
const { APP_ORIGIN, createMainWindow, hardenSession, isAppUrl } = await import('./secure-window.ts');

beforeEach(() => electron.resetElectronMock());

describe('secure window', () => {
  it('is created sandboxed, context-isolated, without Node', () => {
    const win = createMainWindow(electron.BrowserWindow as never, { preloadPath: '/app/preload.cjs' }) as unknown as electron.BrowserWindow;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('denies new windows and navigation away from the app', () => {
    const win = createMainWindow(electron.BrowserWindow as never, { preloadPath: '/p.cjs' }) as unknown as electron.BrowserWindow;
    expect(win.webContents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler!({ url: `${APP_ORIGIN}/other` })).toEqual({ action: 'deny' });
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'station://app.evil/x', 'javascript:alert(1)']) {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      win.webContents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const ours = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    win.webContents.emit('will-navigate', ours, `${APP_ORIGIN}/index.html#review`);
    expect(ours.defaultPrevented).toBe(false);
  });

  it('grants only the camera, only to our page, and sets a strict CSP', () => {
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void, d: Record<string, unknown>) => void) | undefined;
    let headers:
      | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)
      | undefined;
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: () => {},
    };
    hardenSession(session as never);
    const ask = (p: string, url: string, mediaTypes?: string[]) => {
      let granted: boolean | undefined;
      permission!({ getURL: () => url }, p, (ok) => (granted = ok), { requestingUrl: url, mediaTypes });
      return granted;
    };
    expect(ask('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
    expect(ask('media', `${APP_ORIGIN}/index.html`, ['audio'])).toBe(false);
    expect(ask('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(ask(p, `${APP_ORIGIN}/`), p).toBe(false);
    let out: Record<string, string[]> = {};
    headers!({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(isAppUrl('station://app/index.html')).toBe(true);
    expect(isAppUrl('station://app.evil/')).toBe(false);
  });
});
