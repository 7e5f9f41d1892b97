// The bench's per-step table: where the batch's CPU goes. The photos go through the batch's own code
// (runBatch, with the classifier in this thread instead of its worker) under a meter that runs the
// steps strictly one at a time, so the process's CPU time (all threads: sharp's, ONNX Runtime's, the
// garbage collector's) over a step is that step's alone. What the real batch spends beyond the sum
// is the cost of its threads: messages between them, and work overlapping.
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { runBatch } from '../batch/run-batch.ts';
import { createClassifier } from '../classify/classifier.ts';
import { classifyForWire, modelInfo } from '../classify/wire-results.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { STEP_NAMES, type StepMeter, type StepName } from '../step-meter.ts';

export interface StepCost {
  step: StepName | 'other (between steps)';
  cpuMsPerPhoto: number;
}

export interface StepProfile {
  steps: StepCost[];
  /** CPU ms per photo of the whole profiled run: the steps and what runs between them. */
  serialCpuMsPerPhoto: number;
}

export const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs steps one at a time, first come first served, and adds up each one's CPU time. */
export function serialStepMeter(): StepMeter & { readonly cpuMs: Map<StepName, number> } {
  const totals = new Map<StepName, number>();
  const inStep = new AsyncLocalStorage<StepName>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    cpuMs: totals,
    step(name, fn) {
      // A step waiting inside another for the queue would wait for itself.
      const outer = inStep.getStore();
      if (outer) return Promise.reject(new Error(`Step "${name}" was started inside step "${outer}"`));
      const done = queue.then(() =>
        inStep.run(name, async () => {
          const start = cpuMs();
          try {
            return await fn();
          } finally {
            totals.set(name, (totals.get(name) ?? 0) + cpuMs() - start);
          }
        }),
      );
      queue = done.catch(() => {});
      return done;
    },
  };
}

/** Files the photos in `<root>/incoming` with the batch's code, step by step; every photo must be
 * filed. The model is loaded before the clock starts, as the station's classifier lives all day. */
export async function profileSteps(root: string, modelDir: string): Promise<StepProfile> {
  const meter = serialStepMeter();
  const classifier = await createClassifier({ modelDir, threads: 1, meter });
  const db = openStationDb(path.join(root, 'station.db'));
  try {
    const start = cpuMs();
    const run = await runBatch({
      root,
      db,
      trigger: 'manual',
      meter,
      classifier: {
        ready: async () => modelInfo(classifier),
        classifyMany: (files, opts) => classifyForWire(classifier, files, opts?.hash ?? false),
      },
    });
    const total = cpuMs() - start;
    if (run.status !== 'completed')
      throw new Error(
        `profiled batch did not file every photo: ${run.status} ${run.successful}/${run.totalImages} ${run.errorMessage ?? ''}`,
      );
    const perPhoto = (ms: number) => ms / run.totalImages;
    const steps: StepCost[] = STEP_NAMES.map((step) => ({ step, cpuMsPerPhoto: perPhoto(meter.cpuMs.get(step) ?? 0) }));
    const inSteps = [...meter.cpuMs.values()].reduce((a, b) => a + b, 0);
    steps.push({ step: 'other (between steps)', cpuMsPerPhoto: perPhoto(total - inSteps) });
    return { steps, serialCpuMsPerPhoto: perPhoto(total) };
  } finally {
    db.close();
    await classifier.close();
  }
}

/** The table the bench prints: each step, the profiled run's total, and beside it the real batch
 * and the decode-only pass (their CPU over the same photos). */
export function formatStepTable(p: StepProfile, real: { batchCpuMsPerPhoto: number; decodeCpuMsPerPhoto: number }): string[] {
  const row = (label: string, ms: number) => `  ${label.padEnd(34)}${ms.toFixed(2).padStart(8)}`;
  return [
    'CPU ms per photo, each step alone (all threads):',
    ...p.steps.map((s) => row(s.step, s.cpuMsPerPhoto)),
    row('= steps one at a time', p.serialCpuMsPerPhoto),
    row('threads, messages, overlap', real.batchCpuMsPerPhoto - p.serialCpuMsPerPhoto),
    row('= the real batch', real.batchCpuMsPerPhoto),
    row('decode-only (the limit)', real.decodeCpuMsPerPhoto),
  ];
}
