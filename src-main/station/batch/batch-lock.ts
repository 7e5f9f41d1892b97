// "Never two batches at once", also across processes (the app and `npm run batch` on the same
// root). An exclusive lock file holds the owner's pid; a lock whose owner is gone (a crash, a power
// cut) is taken over, and that run is then resumed.
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export class BatchBusyError extends Error {
  constructor(readonly pid: number) {
    super(`A batch is already running on this station (process ${pid}).`);
    this.name = 'BatchBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface BatchLock {
  release(): Promise<void>;
}

export async function acquireBatchLock(root: string): Promise<BatchLock> {
  const file = path.join(root, 'batch.lock');
  const me = `${process.pid} ${hostname()}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(me);
      await fh.close();
      return { release: () => unlink(file).catch(() => {}) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const [pidText, host] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
      const pid = Number(pidText);
      // Another machine's lock on a shared root cannot be checked: treat it as held.
      if (pid && (host !== hostname() || (alive(pid) && pid !== process.pid))) throw new BatchBusyError(pid);
      await unlink(file).catch(() => {}); // stale: its owner died
    }
  }
  throw new Error(`Could not take the batch lock ${file}`);
}
