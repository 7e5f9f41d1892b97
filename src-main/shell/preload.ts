// The preload: exposes one narrow object, window.returnsStation, built from the contract. The
// renderer gets `invoke(name, args)` for contract requests only and `on(event, fn)` for contract
// events only; no ipcRenderer, no Node. Bundled to CommonJS (sandboxed preloads cannot be ESM).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, requestNames, type EventName, type RequestName, type RequestReply } from '../../src-shared/contract.ts';
import { EVENT_CHANNEL, requestChannel, type IpcEvent } from './ipc-channels.ts';

const requests = new Set<string>(requestNames);
const events = new Set<string>(eventNames);

export const bridge = {
  async invoke(name: RequestName, args: unknown): Promise<unknown> {
    if (!requests.has(name)) throw new Error(`Unknown station request "${String(name)}"`);
    const reply = (await ipcRenderer.invoke(requestChannel(name), args)) as RequestReply;
    if (reply.ok) return reply.value;
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code, reason: reply.error.reason });
  },
  on(name: EventName, fn: (payload: unknown) => void): () => void {
    if (!events.has(name)) throw new Error(`Unknown station event "${String(name)}"`);
    const listener = (_e: IpcRendererEvent, msg: IpcEvent) => {
      if (msg?.name === name) fn(msg.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener);
  },
};

contextBridge.exposeInMainWorld('returnsStation', bridge);
