// Watching incoming/: started, paused and restarted (a new poll interval) on request, with the
// state and any watcher error announced as 'watcher-state'.
import path from 'node:path';
import type { StationDb } from '../db/station-db.ts';
import { readSettings } from '../db/stored-settings.ts';
import type { StationEventBus } from '../station-events.ts';
import { watchIncoming, type IncomingWatcher } from './incoming-watcher.ts';

export interface WatchControlDeps {
  root: string;
  db: StationDb;
  events: StationEventBus;
  onPhoto: (file: string) => void;
  /** How long a file must be unchanged before it is taken (ms). */
  stableMs?: number;
}

export interface WatchControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops without a 'watcher-state' event: the station is closing. */
  close(): Promise<void>;
  /** Watching and no watcher error. */
  readonly watching: boolean;
  /** Started (and not paused), even with an error. */
  readonly started: boolean;
}

export function createWatchControl(deps: WatchControlDeps): WatchControl {
  let watcher: IncomingWatcher | null = null;
  let error: string | null = null;
  return {
    async start() {
      await watcher?.close();
      watcher = watchIncoming({
        dir: path.join(deps.root, 'incoming'),
        pollIntervalMs: readSettings(deps.db).pollIntervalMs,
        stableMs: deps.stableMs,
        onPhoto: deps.onPhoto,
        onError: (e) => {
          error = e.message;
          deps.events.emit('watcher-state', { watching: true, error: e.message });
        },
      });
      const started = watcher;
      await started.ready;
      // Paused or closed while the first scan ran: that later call has the last word.
      if (watcher !== started) return;
      error = null;
      deps.events.emit('watcher-state', { watching: true, error: null });
    },
    async stop() {
      await watcher?.close();
      watcher = null;
      deps.events.emit('watcher-state', { watching: false, error: null });
    },
    async close() {
      await watcher?.close();
      watcher = null;
    },
    get watching() {
      return watcher !== null && error === null;
    },
    get started() {
      return watcher !== null;
    },
  };
}
