// Main-process side of the contract over Electron IPC: exactly one handler per contract request,
// each checking who sent it before the station's request dispatch validates and runs it.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { eventNames, requestNames, type RequestName, type RequestReply, type StationHandlers } from '../../src-shared/contract.ts';
import { dispatchRequest } from '../station/request-dispatch.ts';
import type { StationEventBus } from '../station/station.ts';
import { EVENT_CHANNEL, requestChannel } from './ipc-channels.ts';

/**
 * Registers the handlers. `isTrustedSender` decides from the sending frame's URL whether the request
 * comes from our own renderer (not a navigated-away page, an iframe or devtools extension).
 * Returns a function that removes them again.
 */
export function registerStationIpc(
  ipcMain: IpcMain,
  handlers: StationHandlers,
  isTrustedSender: (frameUrl: string) => boolean,
): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), async (event: IpcMainInvokeEvent, args: unknown): Promise<RequestReply> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedSender(url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: `Refused ${name} from an untrusted frame (${url || 'unknown'})` } };
      }
      return dispatchRequest(handlers, name, args, 'structured-clone');
    });
  }
  return () => requestNames.forEach((name: RequestName) => ipcMain.removeHandler(requestChannel(name)));
}

/** Pushes every station event to a window's renderer while it lives. */
export function forwardStationEvents(events: StationEventBus, webContents: WebContents): () => void {
  const offs = eventNames.map((name) =>
    events.on(name, (payload) => {
      if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, { name, payload });
    }),
  );
  const off = () => offs.forEach((f) => f());
  webContents.once('destroyed', off);
  return off;
}
