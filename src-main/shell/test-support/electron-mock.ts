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
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  show() {
    this.shown = true;
  }
}

export function resetElectronMock() {
  handlers.clear();
  exposed.clear();
  windows.length = 0;
  rendererBus.removeAllListeners();
  sender.frameUrl = 'station://app/index.html';
}

export default { ipcMain, ipcRenderer, contextBridge, BrowserWindow };
