// The IPC channel names, derived from the contract: one per request, one for all events. Shared by
// the main-process bridge and the preload, so the two can never disagree.
import type { EventName, RequestName } from '../../src-shared/contract.ts';

/** A request's channel. Its handler answers a RequestReply (contract.ts): errors travel as data,
 * because Electron flattens thrown errors into a string with its own prefix. */
export const requestChannel = (name: RequestName) => `station:request:${name}`;
export const EVENT_CHANNEL = 'station:event';

export interface IpcEvent<K extends EventName = EventName> {
  name: K;
  payload: unknown;
}
