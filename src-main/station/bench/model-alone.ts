// The model's run alone, for the bench's limit. With a model larger than a plain classifier (3.x has
// a kinds head and a features output beside its categories) the floor no batch can beat is decoding a
// photo plus one model run on it, each measured with nothing else running (issue 33's speed line).
// The model run is taken at its fastest: of the ONNX Runtime settings tried (one or two intra-op
// threads, runs of 8 or 32 photos), the one that scores a photo in the least wall time, as the
// decode-only limit takes its best concurrency. The station itself runs the model on one thread, so
// that the other core keeps decoding; the limit does not get that benefit of the doubt.
import { performance } from 'node:perf_hooks';
import type { VerifiedModel } from '../classify/model-manifest.ts';
import { openModelSession, type ModelSession } from '../classify/model-session.ts';
export interface ModelAlone {
  readonly threads: number;
  readonly runSize: number;
  /** Scores `count` photos' inputs (the sample, round and round) in runs of `runSize`; answers the
   * wall milliseconds per photo. */
  pass(count: number): Promise<number>;
  release(): Promise<void>;
}

const THREADS = [1, 2];
const RUN_SIZES = [8, 32];

async function timedPass(session: ModelSession, inputs: Float32Array[], runSize: number, count: number): Promise<number> {
  const t0 = performance.now();
  let done = 0;
  while (done < count) {
    const run = Array.from({ length: Math.min(runSize, count - done) }, (_, k) => inputs[(done + k) % inputs.length]!);
    await session.score(run);
    done += run.length;
  }
  return (performance.now() - t0) / count;
}

/** Tries every setting on `probeCount` photos and keeps the fastest session open. `inputs` are model
 * inputs of real photos (a studio shot runs the graph's other branch, so made-up inputs would not do). */
export async function openModelAlone(
  model: VerifiedModel,
  inputs: Float32Array[],
  probeCount: number,
  log: (s: string) => void = () => {},
): Promise<ModelAlone> {
  if (inputs.length === 0) throw new Error('The model-alone pass needs at least one input');
  let best: { session: ModelSession; threads: number; runSize: number; ms: number } | null = null;
  for (const threads of THREADS) {
    const session = await openModelSession(model, { threads });
    let kept = false;
    for (const runSize of RUN_SIZES) {
      await timedPass(session, inputs, runSize, runSize); // warm-up: the first run allocates
      const msPerPhoto = await timedPass(session, inputs, runSize, probeCount);
      log(`  model run alone, ${threads} thread(s), runs of ${runSize}: ${msPerPhoto.toFixed(2)} ms per photo`);
      if (!best || msPerPhoto < best.ms) {
        if (best && best.session !== session) await best.session.release();
        best = { session, threads, runSize, ms: msPerPhoto };
        kept = true;
      }
    }
    if (!kept) await session.release();
  }
  const { session, threads, runSize } = best!;
  return {
    threads,
    runSize,
    pass: (count) => timedPass(session, inputs, runSize, count),
    release: () => session.release(),
  };
}
