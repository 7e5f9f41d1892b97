// Test support: photos as a desk head sees them, without photos. Each "look" is a seeded cluster of
// non-negative 384-float features (as the model's pooled ReLU features are), so a head can tell looks
// apart exactly as far as the clusters allow; the base model's answer is given by the test.
import { DEFAULT_CATEGORIES, type Guess } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import type { DeskExample } from '../desk/desk-head.ts';
import { seededRandom } from '../synthetic/seeded-random.ts';

export const FEATURES = 384;
export const TEST_MODEL_SHA = 'd'.repeat(64);

/** Features of one photo of look `look` (0, 1, 2 …): the look's centre plus noise. */
export function lookFeatures(look: number, photo: number, spread = 0.35): Float32Array {
  const centre = seededRandom(1000 + look);
  const noise = seededRandom(look * 100_003 + photo + 1);
  return Float32Array.from({ length: FEATURES }, () => Math.max(0, centre.next() + spread * (noise.next() - 0.5) * 2));
}

/** Flat logits that say `category` a little (the base model is unsure of every look here). */
export function baseLogits(category: string): number[] {
  return DEFAULT_CATEGORIES.map((c) => (c === category ? 1 : 0));
}

export function deskExample(decisionId: number, look: number, label: string, base: Guess): DeskExample {
  return {
    decisionId,
    label,
    features: lookFeatures(look, decisionId),
    logits: Float32Array.from(baseLogits(base.category)),
    photoKind: 'photo',
    base,
  };
}

let photoCounter = 0;

/** An item in incoming/ with a prediction of the test model that stored features of `look` (and
 * logits that say the base model's category, unless given). */
export function classifiedPhoto(
  db: StationDb,
  look: number,
  base: Guess = { category: 'Tops', confidence: 0.4 },
  logits: number[] = baseLogits(base.category),
) {
  photoCounter += 1;
  const name = `return_20251013_${String(photoCounter).padStart(3, '0')}.jpg`;
  const item = db.items.insertItem({
    fileName: name,
    sha256: photoCounter.toString(16).padStart(64, '0'),
    sizeBytes: 100,
    relPath: `incoming/${name}`,
  });
  return db.items.addPrediction(item.id, {
    ...base,
    top3: [base],
    modelSha256: TEST_MODEL_SHA,
    latencyMs: 5,
    features: lookFeatures(look, photoCounter),
    logits,
    photoKind: 'photo',
  });
}

/** n photos decided in turn as `labels` (look i for labels[i]), the base model having said Tops. */
export function reviewedPhotos(db: StationDb, n: number, labels: readonly string[] = ['Shirts', 'Heels', 'Watches']): void {
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const look = i % labels.length;
      const item = classifiedPhoto(db, look);
      db.review.addDecision({ itemId: item.id, action: 'override', category: labels[look]!, clerk: 'Ana', durationMs: 700 });
    }
  });
}
