// Whether a stored prediction reads as today's model would read it. A model update may keep the
// network file (same sha256: the same logits and features) and change only its band rule's
// temperatures, as 2.1.1 did; a photo classified before it and still waiting keeps a confidence
// read with the old ones. The base model's confidence is re-read from the logits stored with the
// prediction: when it differs, the batch answers the photo again (start-run.ts).
import type { ModelManifest } from './model-manifest.ts';
import { softmaxWithTemperature } from './confidence-rule.ts';

export interface BandTemperatures {
  studio: number;
  photo: number;
}

/** What a prediction stored of the base model's reading (the database's `StoredReading`). */
interface BaseReading {
  logits: Float32Array;
  photoKind: 'studio' | 'photo';
  baseConfidence: number;
}

export function bandTemperatures(m: Pick<ModelManifest, 'temperature' | 'bandRule'>): BandTemperatures {
  return { studio: m.temperature, photo: m.bandRule?.photoTemperature ?? m.temperature };
}

/** True when the stored base confidence is what these temperatures give its logits (the same
 * arithmetic on the same float32 logits: equal but for rounding); true too when nothing was stored
 * to re-read (a prediction from before migration 003, whose model is older anyway). */
export function readsAsToday(reading: BaseReading | null, t: BandTemperatures): boolean {
  if (!reading) return true;
  const p = softmaxWithTemperature(reading.logits, reading.photoKind === 'studio' ? t.studio : t.photo);
  return Math.abs(Math.max(...p) - reading.baseConfidence) < 1e-6;
}
