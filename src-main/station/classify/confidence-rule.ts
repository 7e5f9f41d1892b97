// Which temperature turns a photo's logits into its confidence. A model with a band rule
// (model.json `bandRule`) tells a studio shot (the item on white, as in the catalogue) from a photo
// taken at a desk, on a bed or a floor: the share of near-white pixels in the outer band of the
// letterboxed input. Photos get their own, higher temperature, chosen on real photos so that the high
// band (auto-approval) holds there: a photo the model is unsure of goes to review. The trainer
// computes the same share (models/training/rs/calibrate.py); `npm test` checks the two agree.
import type { KindGuess } from '../../../src-shared/domain.ts';
import type { InputSpec, ModelManifest } from './model-manifest.ts';

/** The band rule's test for a studio shot, as model.json declares it (band width in pixels, the
 * darkest channel's white level 0–1, the share of white pixels a studio shot has at least). */
export type StudioGate = NonNullable<ModelManifest['bandRule']>['studioGate'];

/** Share of the outer `band` pixels of one planar normalised input whose darkest channel is white. */
export function studioShare(planar: ArrayLike<number>, spec: InputSpec, gate: Pick<StudioGate, 'band' | 'white'>): number {
  const { width: w, height: h } = spec;
  const plane = w * h;
  // Undo the normalisation per channel: value01 = (x * std + mean) / (scale * 255).
  const back = [0, 1, 2].map((c) => ({ k: spec.std[c]! / (spec.scale * 255), off: spec.mean[c]! / (spec.scale * 255) }));
  let ring = 0;
  let white = 0;
  for (let y = 0; y < h; y++) {
    const edgeRow = y < gate.band || y >= h - gate.band;
    for (let x = 0; x < w; x++) {
      if (!edgeRow && x >= gate.band && x < w - gate.band) continue;
      ring++;
      const i = y * w + x;
      let darkest = Infinity;
      for (let c = 0; c < 3; c++) darkest = Math.min(darkest, planar[c * plane + i]! * back[c]!.k + back[c]!.off);
      if (darkest >= gate.white - 1e-6) white++;
    }
  }
  return white / ring;
}

export type PhotoKind = 'studio' | 'photo';

/** The kind of photo and the temperature its logits are divided by. */
export function temperatureFor(planar: ArrayLike<number>, manifest: ModelManifest): { kind: PhotoKind; temperature: number } {
  const rule = manifest.bandRule;
  if (!rule) return { kind: 'studio', temperature: manifest.temperature };
  const studio = studioShare(planar, manifest.input, rule.studioGate) >= rule.studioGate.minShare;
  return studio ? { kind: 'studio', temperature: manifest.temperature } : { kind: 'photo', temperature: rule.photoTemperature };
}

/** A photo's probabilities: softmax(logits / T). */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  const exps = Array.from(logits, (v) => Math.exp(v / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Σ of the kinds' probabilities (softmax(kind logits / T)) over the kinds whose categories include
 * `category`: how much of the kinds head backs an answer (models/training/rs/calibrate.py `confidence`
 * computes the same). */
export function kindsBacking(
  kindProbabilities: readonly number[],
  kinds: Pick<KindsSpec, 'labels' | 'categories'>,
  category: string,
): number {
  let sum = 0;
  kinds.labels.forEach((k, i) => {
    if (kinds.categories[k]!.includes(category)) sum += kindProbabilities[i]!;
  });
  return sum;
}

type KindsSpec = NonNullable<ModelManifest['kinds']>;

/** The band rule's reading of one photo's logits at temperature T: the probabilities, the answer and
 * its confidence, max softmax(logits / T); with `backing` (the kinds of a band rule with kinds
 * backing) the smaller of that and the kinds' backing of the same answer: both heads must say so.
 * Intake and the batch (readAnswer) and the batch's re-read of a stored prediction (band-reading.ts)
 * read a photo through this one function. */
export function bandConfidence(
  logits: ArrayLike<number>,
  kindProbabilities: readonly number[] | null,
  temperature: number,
  labels: readonly string[],
  backing: Pick<KindsSpec, 'labels' | 'categories'> | undefined,
): { probabilities: number[]; category: string; confidence: number } {
  const probabilities = softmaxWithTemperature(logits, temperature);
  const best = argmax(probabilities);
  const category = labels[best]!;
  let confidence = probabilities[best]!;
  if (backing && kindProbabilities) confidence = Math.min(confidence, kindsBacking(kindProbabilities, backing, category));
  return { probabilities, category, confidence };
}

/** The answer under the model's band rule (bandConfidence) and the kinds head's own reading, when the
 * model has one. The kinds are read at the band rule's kinds temperature where it has one. */
export function readAnswer(
  logits: ArrayLike<number>,
  kindLogits: ArrayLike<number> | null,
  temperature: number,
  manifest: Pick<ModelManifest, 'labels' | 'kinds' | 'bandRule'>,
): { probabilities: number[]; category: string; confidence: number; kind: KindGuess | null } {
  const kinds = manifest.kinds;
  const kp = kinds && kindLogits ? softmaxWithTemperature(kindLogits, manifest.bandRule?.kindsTemperature ?? temperature) : null;
  const answer = bandConfidence(logits, kp, temperature, manifest.labels, manifest.bandRule?.kindsBacking ? kinds : undefined);
  if (!kinds || !kp) return { ...answer, kind: null };
  const label = kinds.labels[argmax(kp)]!;
  return {
    ...answer,
    kind: { label, name: kinds.names[label]!, probability: Math.max(...kp), categories: kinds.categories[label]! },
  };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > values[best]!) best = i;
  });
  return best;
}
