// `npm run eval -- --drift --write-model-reference --folds 8-9 …`: the model's own drift reference,
// written beside model.json and named in it (`driftReference`, with its sha256). It holds every
// labelled photo of the chosen sender folds (senders the model's training never saw; each sender its
// own group, so the thresholds carry the room-to-room variation), classified by the app's own code,
// with the thresholds for each night size the station checks with. Until a desk has its own
// reference, the station reads its nights' accuracy with this one's calibration and records their
// signals against it (batch/night-watch.ts).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_THRESHOLDS } from '../src-shared/domain.ts';
import { UsageError } from './cli-args.ts';
import { classifyVariant, loadCache, saveCache, type DriftEvalOptions } from './drift-eval.ts';
import type { Classifier } from './station/classify/classifier.ts';
import { listEvalPhotos } from './station/classify/evaluate-folder.ts';
import { buildReference, type ReferencePhoto } from './station/drift/drift-reference.ts';
import { thresholdsFor } from './station/drift/night-check.ts';
import { THRESHOLD_SIZES, type StoredReference } from './station/batch/night-watch.ts';

export const MODEL_REFERENCE_FILE = 'drift-reference.json';

export type ModelReferenceOptions = Pick<DriftEvalOptions, 'data' | 'labelMap' | 'foldOf' | 'senderOf' | 'seed' | 'cacheFile' | 'log'> & {
  /** The sender folds whose photos make the reference. */
  folds: Set<number>;
};

/** Builds the reference and writes it into the classifier's model folder; answers what it wrote. */
export async function writeModelReference(
  classifier: Classifier,
  o: ModelReferenceOptions,
): Promise<{ file: string; photos: number; senders: number; accuracy: number | null }> {
  const labels = classifier.manifest.labels;
  const { photos } = await listEvalPhotos(o.data, labels, o.labelMap);
  const id = (file: string) => path.parse(file).name;
  const chosen = photos.filter((p) => o.folds.has(o.foldOf.get(id(p.file)) ?? -1));
  if (chosen.length < 200) throw new UsageError(`--folds: ${chosen.length} photos; a model reference needs at least 200`);
  const cache = await loadCache(o.cacheFile);
  const save = () => saveCache(o.cacheFile, cache);
  const classified = await classifyVariant(classifier, chosen, 'none', cache, save, o.log);
  await save();
  const refPhotos: ReferencePhoto[] = chosen.flatMap((p, i) => {
    const c = classified[i];
    return c ? [{ ...c, correct: p.acceptable.includes(labels.indexOf(c.category)), group: o.senderOf.get(id(p.file)) ?? id(p.file) }] : [];
  });
  const reference = buildReference(refPhotos, { labels, seed: o.seed, high: DEFAULT_THRESHOLDS.high });
  o.log(`Reference: ${refPhotos.length} photos; thresholds for nights of ${THRESHOLD_SIZES.join(', ')} photos …`);
  const thresholds = Object.fromEntries(THRESHOLD_SIZES.map((n) => [String(n), thresholdsFor(reference, n)]));
  const bytes = Buffer.from(JSON.stringify({ reference, thresholds } satisfies StoredReference));
  const dir = classifier.modelDir;
  const file = path.join(dir, MODEL_REFERENCE_FILE);
  await writeFile(file, bytes);
  // model.json names the file and its sha256 (the station checks it); the model file's own sha256
  // is untouched.
  const manifestFile = path.join(dir, 'model.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
  const senders = new Set(refPhotos.map((p) => p.group)).size;
  manifest['driftReference'] = {
    file: MODEL_REFERENCE_FILE,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    photos: refPhotos.length,
    senders,
    folds: [...o.folds].sort((a, b) => a - b),
    accuracy: reference.calibration?.accuracy ?? null,
    builtOn: new Date().toISOString().slice(0, 10),
  };
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { file, photos: refPhotos.length, senders, accuracy: reference.calibration?.accuracy ?? null };
}
