// The shared stand-in for the 'electron' module in shell tests: vi.mock('electron', () =>
// import('./test-support/electron-mock.ts')). It records what the shell asks Electron to do, and
// connects ipcRenderer.invoke to ipcMain.handle so preload and bridge can be tested together.
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const handlers = new Map<string, Handler>();
/** The URL of the frame that "sends" the next IPC requests. */
export const sender = { frameUrl: 'station://app/index.html' };

export const ipcMain = {
  handle(channel: string, fn: Handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
};

const rendererBus = new EventEmitter();
export const ipcRenderer = {
  invoke(channel: string, ...args: unknown[]) {
    const fn = handlers.get(channel);
    if (!fn) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(fn({ senderFrame: { url: sender.frameUrl } }, ...args));
  },
  on(channel: string, fn: (...a: unknown[]) => void) {
    rendererBus.on(channel, fn);
  },
  removeListener(channel: string, fn: (...a: unknown[]) => void) {
    rendererBus.off(channel, fn);
  },
};

export const exposed = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    exposed.set(key, api);
  },
};

export class MockWebContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; message: unknown }[] = [];
  destroyed = false;
  url = 'station://app/index.html';
  reloads = 0;
  reload() {
    this.reloads++;
  }
  printers: { name: string; displayName: string }[] = [];
  printed: unknown[] = [];
  async getPrintersAsync() {
    return this.printers;
  }
  print(options: unknown, cb: (ok: boolean, reason: string) => void) {
    this.printed.push(options);
    cb(true, '');
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
    rendererBus.emit(channel, {}, message);
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
}

export const windows: BrowserWindow[] = [];
export class BrowserWindow extends EventEmitter {
  webContents = new MockWebContents();
  shown = false;
  loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  show() {
    this.shown = true;
  }
  hide() {
    this.shown = false;
  }
  focus() {}
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.url = url;
  }
  /** Like a click on the close box: returns whether the window really closed. */
  tryClose(): boolean {
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', e);
    return !e.defaultPrevented;
  }
}

// ---- app lifecycle, protocols, tray, notifications
export const appState = { singleInstance: true, quitCalls: 0, ready: Promise.resolve(), paths: {} as Record<string, string> };
class MockApp extends EventEmitter {
  requestSingleInstanceLock() {
    return appState.singleInstance;
  }
  quit() {
    appState.quitCalls++;
    this.emit('before-quit');
  }
  whenReady() {
    return appState.ready;
  }
  getPath(name: string) {
    return appState.paths[name] ?? `/tmp/${name}`;
  }
}
export const app = new MockApp();

export const protocolState = { privileged: [] as unknown[], handlers: new Map<string, (req: { url: string }) => unknown>() };
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    protocolState.privileged.push(...schemes);
  },
  handle(scheme: string, fn: (req: { url: string }) => unknown) {
    protocolState.handlers.set(scheme, fn);
  },
};

export const sessionState = { permissionHandler: null as unknown, headersHandler: null as unknown };
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn: unknown) => (sessionState.headersHandler = fn) },
    setPermissionRequestHandler: (fn: unknown) => (sessionState.permissionHandler = fn),
    setPermissionCheckHandler: () => {},
  },
};

export const notifications: Notification[] = [];
export class Notification extends EventEmitter {
  shown = false;
  constructor(readonly options: { title: string; body: string; urgency?: string }) {
    super();
    notifications.push(this);
  }
  show() {
    this.shown = true;
  }
}

export const trays: Tray[] = [];
export class Tray extends EventEmitter {
  tooltip = '';
  menu: unknown = null;
  constructor(readonly image: unknown) {
    super();
    trays.push(this);
  }
  images: unknown[] = [];
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setImage(image: unknown) {
    this.images.push(image);
  }
  setContextMenu(m: unknown) {
    this.menu = m;
  }
}
export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }) };
export const nativeImage = { createFromPath: (p: string) => ({ path: p }) };

export function resetElectronMock() {
  handlers.clear();
  exposed.clear();
  windows.length = 0;
  notifications.length = 0;
  trays.length = 0;
  protocolState.privileged.length = 0;
  protocolState.handlers.clear();
  app.removeAllListeners();
  appState.singleInstance = true;
  appState.quitCalls = 0;
  rendererBus.removeAllListeners();
  sender.frameUrl = 'station://app/index.html';
}

export default { ipcMain, ipcRenderer, contextBridge, BrowserWindow, app, protocol, session, Notification, Tray, Menu, nativeImage };
