// The model's runs, shared by every request in flight. Inputs that arrive while a run is under way
// wait and go together into the next one, so the batch's chunks make fewer, fuller runs instead of
// one small run each. Studio shots and other photos never share a run: one studio shot in a batch
// makes the graph run its catalogue branch for the whole batch, about three times the cost per
// photo (measured: 21 against 8 ms of CPU with one studio shot in 16). A photo's answer does not
// depend on the photos beside it in a run (classifier.test.ts), only the cost does.
import { performance } from 'node:perf_hooks';
import type { StepMeter } from '../step-meter.ts';
import { temperatureFor } from './confidence-rule.ts';
import type { ModelManifest } from './model-manifest.ts';
import type { ModelSession, ScoredImage } from './model-session.ts';

export interface RunScore {
  scored: ScoredImage;
  /** The run's time shared evenly between its photos, milliseconds. */
  inferMs: number;
}

interface Waiting {
  input: Float32Array;
  studio: boolean;
  resolve: (r: RunScore) => void;
  reject: (e: unknown) => void;
}

export interface ModelRuns {
  /** One score per input, in order. */
  score(inputs: Float32Array[]): Promise<RunScore[]>;
}

export function modelRuns(session: ModelSession, manifest: ModelManifest, opts: { maxBatch: number; meter: StepMeter }): ModelRuns {
  const queue: Waiting[] = [];
  let running = false;

  /** Starts the next run, if none is running: the oldest input and those of its kind, in order. */
  function next() {
    if (running || queue.length === 0) return;
    const studio = queue[0]!.studio;
    const batch: Waiting[] = [];
    for (let i = 0; i < queue.length && batch.length < opts.maxBatch;) {
      if (queue[i]!.studio === studio) batch.push(...queue.splice(i, 1));
      else i++;
    }
    running = true;
    const started = performance.now();
    opts.meter
      .step('model run', () => session.score(batch.map((w) => w.input)))
      .then(
        (scores) => {
          const inferMs = (performance.now() - started) / batch.length;
          batch.forEach((w, k) => w.resolve({ scored: scores[k]!, inferMs }));
        },
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        running = false;
        next();
      });
  }

  return {
    score(inputs) {
      const answers = inputs.map(
        (input) =>
          new Promise<RunScore>((resolve, reject) =>
            queue.push({ input, studio: temperatureFor(input, manifest).kind === 'studio', resolve, reject }),
          ),
      );
      next();
      return Promise.all(answers);
    },
  };
}
