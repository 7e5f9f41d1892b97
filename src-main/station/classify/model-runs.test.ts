import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_METER } from '../step-meter.ts';
import { defaultModelDir, loadVerifiedModel, type VerifiedModel } from './model-manifest.ts';
import { modelRuns } from './model-runs.ts';
import { openModelSession, type ModelSession } from './model-session.ts';
import { toPlanar } from './preprocess.ts';

let model: VerifiedModel;
let session: ModelSession;
beforeAll(async () => {
  model = await loadVerifiedModel(defaultModelDir());
  session = await openModelSession(model, { threads: 1 });
});
afterAll(() => session?.release());

/** A model input: white all round with a dark item in the middle (a studio shot), or noise. */
function input(kind: 'studio' | 'photo', seed: number): Float32Array {
  const { width, height } = model.manifest.input;
  const rgb = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < rgb.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    const inside = x > 20 && x < width - 20 && y > 20 && y < height - 20;
    rgb[i] = kind === 'studio' && !inside ? 255 : (s >> 16) & 255;
  }
  return toPlanar(rgb, model.manifest.input);
}

/** The real session, recording the kinds of the photos in each run. */
function recorded(): { session: ModelSession; runs: string[][] } {
  const runs: string[][] = [];
  return {
    runs,
    session: {
      ...session,
      score: async (inputs) => {
        const scores = await session.score(inputs);
        runs.push(scores.map((x) => x.photoKind));
        return scores;
      },
    },
  };
}

describe('model runs', () => {
  it('gathers the inputs of calls that arrive during a run into the next one', async () => {
    const r = recorded();
    const runs = modelRuns(r.session, model.manifest, { maxBatch: 32, meter: NO_METER });
    const calls = [0, 1, 2].map((c) => runs.score([1, 2, 3, 4].map((k) => input('photo', c * 10 + k))));
    const answers = await Promise.all(calls);
    expect(r.runs.map((x) => x.length)).toEqual([4, 8]);
    expect(answers.map((a) => a.length)).toEqual([4, 4, 4]);
    // Each answer is its own input's, as alone.
    const alone = await session.score([input('photo', 23)]);
    expect(answers[2]![2]!.scored.probabilities).toEqual(alone[0]!.probabilities);
  });

  it('never puts a studio shot in a run with other photos, and answers in the order asked', async () => {
    const r = recorded();
    const runs = modelRuns(r.session, model.manifest, { maxBatch: 32, meter: NO_METER });
    const kinds = ['photo', 'studio', 'photo', 'studio', 'photo'] as const;
    const answers = await runs.score(kinds.map((k, i) => input(k, i)));
    expect(answers.map((a) => a.scored.photoKind)).toEqual(kinds);
    expect(r.runs).toEqual([
      ['photo', 'photo', 'photo'],
      ['studio', 'studio'],
    ]);
  });

  it('keeps runs to the largest batch asked', async () => {
    const r = recorded();
    const runs = modelRuns(r.session, model.manifest, { maxBatch: 3, meter: NO_METER });
    await runs.score([1, 2, 3, 4, 5, 6, 7].map((k) => input('photo', k)));
    expect(r.runs.map((x) => x.length)).toEqual([3, 3, 1]);
  });
});
