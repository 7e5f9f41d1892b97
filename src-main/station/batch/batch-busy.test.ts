// A batch refused because another process holds the station's lock says which process, carried
// across the worker boundary as a number rather than read back out of the message.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassifierService } from '../classify/classifier-service.ts';
import { BatchBusyError } from './batch-lock.ts';
import { createBatchService } from './batch-service.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

describe('a batch refused by the lock', () => {
  it('rejects with BatchBusyError naming the holding process', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'rs-busy-'));
    roots.push(root);
    // Another machine's lock on a shared folder is always taken as held.
    await writeFile(path.join(root, 'batch.lock'), '4242 another-station\n');
    // The lock is checked before the classifier is ever asked for anything.
    const service = createBatchService(root, {} as ClassifierService);
    const refused = await service.run('manual').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BatchBusyError);
    expect((refused as BatchBusyError).pid).toBe(4242);
  });
});
