// Watches <root>/incoming/ with chokidar. External camera tools write files in chunks, so a file
// is only reported once its size has been stable for a moment (awaitWriteFinish). Network shares
// do not deliver native events: `pollIntervalMs > 0` switches to polling.
import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { isIgnoredName } from '../fs/ignored-names.ts';

export interface IncomingWatcherOptions {
  dir: string;
  pollIntervalMs?: number;
  /** How long a file's size must stay unchanged before it counts as complete. */
  stableMs?: number;
  onPhoto: (file: string) => void;
  onError?: (error: Error) => void;
}

export interface IncomingWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchIncoming(opts: IncomingWatcherOptions): IncomingWatcher {
  const polling = (opts.pollIntervalMs ?? 0) > 0;
  const watcher: FSWatcher = watch(opts.dir, {
    ignoreInitial: true, // files present at start are found by the startup reconcile
    depth: 0,
    ignored: (p: string) => p !== opts.dir && isIgnoredName(path.basename(p)),
    awaitWriteFinish: { stabilityThreshold: opts.stableMs ?? 600, pollInterval: 100 },
    usePolling: polling,
    interval: polling ? opts.pollIntervalMs : undefined,
    binaryInterval: polling ? opts.pollIntervalMs : undefined,
  });
  watcher.on('add', (file: string) => opts.onPhoto(file));
  watcher.on('error', (e: unknown) => opts.onError?.(e instanceof Error ? e : new Error(String(e))));
  // Closed before its first scan ends, chokidar never says 'ready': settle it on close too, or
  // whoever awaits it (the station's start, and so its close) would wait for ever.
  let settle: () => void = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  watcher.once('ready', () => settle());
  return {
    ready,
    close: async () => {
      await watcher.close();
      settle();
    },
  };
}
