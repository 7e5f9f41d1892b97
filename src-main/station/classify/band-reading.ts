// Whether a stored prediction reads as today's model would read it. A model update may keep the
// network file (same sha256: the same logits and features) and change only its band rule's
// temperatures, as 2.1.1 did; a photo classified before it and still waiting keeps a confidence
// read with the old ones. The base model's confidence is re-read from the logits stored with the
// prediction: when it differs, the batch answers the photo again (start-run.ts).
import type { ModelManifest } from './model-manifest.ts';
import { bandConfidence, softmaxWithTemperature } from './confidence-rule.ts';

export interface BandTemperatures {
  studio: number;
  photo: number;
  /** With kinds backing (models 3.0 on): the kinds and their categories, since the confidence is the
   * smaller of the category head's and the kinds' backing of its answer. */
  kinds?: { labels: string[]; categories: Record<string, string[]> };
  /** The kinds' own temperature (bandRule.kindsTemperature); absent: the photo's temperature. */
  kindsTemperature?: number;
}

/** What a prediction stored of the base model's reading (the database's `StoredReading`). */
interface BaseReading {
  logits: Float32Array;
  /** The kinds head's logits (predictions since migration 005, of models with a kinds output). */
  kindLogits?: Float32Array | null;
  photoKind: 'studio' | 'photo';
  baseConfidence: number;
}

export function bandTemperatures(m: Pick<ModelManifest, 'temperature' | 'bandRule' | 'kinds'>): BandTemperatures {
  const t: BandTemperatures = { studio: m.temperature, photo: m.bandRule?.photoTemperature ?? m.temperature };
  if (m.bandRule?.kindsBacking && m.kinds) t.kinds = { labels: m.kinds.labels, categories: m.kinds.categories };
  if (m.bandRule?.kindsTemperature !== undefined) t.kindsTemperature = m.bandRule.kindsTemperature;
  return t;
}

/** True when the stored base confidence is what these temperatures give its logits (the same
 * arithmetic on the same float32 logits: equal but for rounding); true too when nothing was stored
 * to re-read (a prediction from before migration 003, whose model is older anyway). With kinds
 * backing, a reading without the kinds' logits cannot be re-read: false, so the photo is answered
 * again. `labels` are the model's categories. */
export function readsAsToday(reading: BaseReading | null, t: BandTemperatures, labels: readonly string[]): boolean {
  if (!reading) return true;
  if (t.kinds && !reading.kindLogits) return false;
  const temperature = reading.photoKind === 'studio' ? t.studio : t.photo;
  const kp = t.kinds && reading.kindLogits ? softmaxWithTemperature(reading.kindLogits, t.kindsTemperature ?? temperature) : null;
  const { confidence } = bandConfidence(reading.logits, kp, temperature, labels, t.kinds);
  return Math.abs(confidence - reading.baseConfidence) < 1e-6;
}
