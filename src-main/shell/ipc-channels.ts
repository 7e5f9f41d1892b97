// The IPC channel names, derived from the contract: one per request, one for all events. Shared by
// the main-process bridge and the preload, so the two can never disagree.
import type { EventName, RequestName, StationErrorPayload } from '../../src-shared/contract.ts';

export const requestChannel = (name: RequestName) => `station:request:${name}`;
export const EVENT_CHANNEL = 'station:event';

/** What a request handler sends back: errors travel as data, because Electron flattens thrown
 * errors into a string with its own prefix. */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: StationErrorPayload };

export interface IpcEvent<K extends EventName = EventName> {
  name: K;
  payload: unknown;
}
