import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { startClassifierService } from './classifier-service.ts';
import { defaultModelDir } from './model-manifest.ts';

let tmp: string;
let photo: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-service-'));
  photo = path.join(tmp, 'photo.jpg');
  await writeFile(photo, await syntheticPhoto({ width: 800, height: 600 }));
  await writeFile(path.join(tmp, 'bad.jpg'), 'not a photo');
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('classifier worker service', () => {
  it('classifies in a worker thread and reports bad photos per file', async () => {
    const service = startClassifierService({ modelDir: defaultModelDir() });
    try {
      const model = await service.ready();
      expect(model.labels).toHaveLength(10);
      const p = await service.classify(photo);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.modelSha256).toBe(model.sha256);
      const [good, bad] = await service.classifyMany([photo, path.join(tmp, 'bad.jpg')]);
      expect(good!.ok).toBe(true);
      expect(bad).toMatchObject({ ok: false, error: { code: 'IMAGE_UNREADABLE' } });
      await expect(service.classify(path.join(tmp, 'bad.jpg'))).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    } finally {
      await service.close();
    }
  });

  it('restarts a worker that dies and finishes the request that was in flight', async () => {
    const workers: Worker[] = [];
    const restarts: number[] = [];
    const service = startClassifierService({
      modelDir: defaultModelDir(),
      backoffMs: 50,
      onWorker: (w) => workers.push(w),
      onRestart: (n) => restarts.push(n),
    });
    try {
      await service.ready();
      const inFlight = service.classifyMany(Array.from({ length: 40 }, () => photo));
      await workers[0]!.terminate(); // dies mid-request
      const results = await inFlight;
      expect(results.every((r) => r.ok)).toBe(true);
      expect(workers).toHaveLength(2);
      expect(restarts).toEqual([1]);
    } finally {
      await service.close();
    }
  });

  it('closes by letting the worker finish its work and end by itself, not by terminating it', async () => {
    const workers: Worker[] = [];
    const service = startClassifierService({ modelDir: defaultModelDir(), onWorker: (w) => workers.push(w) });
    const exitCode = new Promise<number>((resolve) => workers[0]!.once('exit', resolve));
    await service.ready();
    const inFlight = expect(service.classifyMany(Array.from({ length: 20 }, () => photo))).rejects.toThrow('classifier is closed');
    await service.close();
    await inFlight;
    // terminate() ends a worker with exit code 1; a thread that ran out of work ends with 0.
    expect(await exitCode).toBe(0);
    await expect(service.classify(photo)).rejects.toThrow('classifier is closed');
  });

  it('a tampered model is fatal: a clear error, no restart loop', async () => {
    const dir = path.join(tmp, 'tampered');
    await cp(defaultModelDir(), dir, { recursive: true });
    const onnx = path.join(dir, 'model.onnx');
    const bytes = await readFile(onnx);
    bytes[100] = bytes[100]! ^ 1;
    await writeFile(onnx, bytes);
    const workers: Worker[] = [];
    const restarts: string[] = [];
    const service = startClassifierService({
      modelDir: dir,
      backoffMs: 10,
      onWorker: (w) => workers.push(w),
      onRestart: (_n, why) => restarts.push(why),
    });
    // Listening after the service: by the time this hears the exit, the service has decided (and
    // announced) whether to start another worker.
    const exitCode = new Promise<number>((resolve) => workers[0]!.once('exit', resolve));
    try {
      await expect(service.ready()).rejects.toMatchObject({ code: 'MODEL_TAMPERED', file: onnx });
      await expect(service.classify(photo)).rejects.toMatchObject({ code: 'MODEL_TAMPERED' });
      expect(await exitCode).toBe(0); // it ended by itself after reporting
      expect(restarts).toEqual([]);
      expect(workers).toHaveLength(1);
    } finally {
      await service.close();
    }
  });
});
