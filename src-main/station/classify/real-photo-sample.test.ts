// A fixed 100-photo sample of real-clothing/val (photos of clothing taken by people, the desk's
// kind of photo) classified through the app's own code, when the data set is beside the project
// (it is in the workplace and CI, not on a user's machine). The line that matters: almost nothing
// the station would auto-approve may be wrong.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src-shared/domain.ts';
import { createClassifier, type Classifier } from './classifier.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const dataset = process.env.REAL_CLOTHING_DIR ?? path.resolve(root, '../shared/datasets/real-clothing');
const present = existsSync(path.join(dataset, 'label-map.json'));
if (!present) console.warn(`[real-photo-sample] skipped: real-clothing not found at ${dataset} (set REAL_CLOTHING_DIR to run it)`);

/** Every k-th photo of val in name order, across kinds: the same 100 photos on every machine. */
function fixedSample(n = 100): { file: string; kind: string }[] {
  const val = path.join(dataset, 'val');
  const all = readdirSync(val)
    .sort()
    .flatMap((kind) =>
      readdirSync(path.join(val, kind))
        .sort()
        .map((f) => ({ kind, file: path.join(val, kind, f) })),
    );
  const step = all.length / n;
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]!);
}

describe.skipIf(!present)('real-clothing val sample (100 photos)', () => {
  let classifier: Classifier | undefined;
  afterAll(() => classifier?.close());

  it('auto-approves at most 3 wrong photos (out-of-set kinds included)', async () => {
    const labelMap = JSON.parse(readFileSync(path.join(dataset, 'label-map.json'), 'utf8')) as Record<string, string[]>;
    classifier = await createClassifier();
    const sample = fixedSample();
    const results = await classifier.classifyMany(sample.map((s) => s.file));
    let auto = 0;
    let wrongAuto = 0;
    let right = 0;
    results.forEach((r, i) => {
      if (!r.ok) return;
      const ok = labelMap[sample[i]!.kind]!.includes(r.prediction.category);
      if (ok) right++;
      if (r.prediction.confidence >= DEFAULT_THRESHOLDS.high) {
        auto++;
        if (!ok) wrongAuto++;
      }
    });
    console.log(`[real-photo-sample] ${auto}/100 auto-approved, ${wrongAuto} of them wrong; ${right}/100 right`);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(wrongAuto).toBeLessThanOrEqual(3);
  });
});
