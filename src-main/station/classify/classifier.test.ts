import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bombPng, syntheticPhoto, type PhotoFormat } from '../synthetic/synthetic-photo.ts';
import { createClassifier, type Classified, type Classifier } from './classifier.ts';
import { ClassifyError } from './classify-errors.ts';
import { defaultModelDir, loadVerifiedModel } from './model-manifest.ts';
import { preprocess, THUMBNAIL_SIZE, workingSize } from './preprocess.ts';

let classifier: Classifier;
let tmp: string;

beforeAll(async () => {
  classifier = await createClassifier();
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-classify-'));
});
afterAll(async () => {
  await classifier?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('shipped model', () => {
  it('loads, and its sha256 matches model.json', async () => {
    const dir = defaultModelDir();
    const manifest = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    const bytes = await readFile(path.join(dir, 'model.onnx'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
    expect(classifier.manifest.sha256).toBe(manifest.sha256);
    expect(classifier.manifest.labels).toHaveLength(10);
    expect(bytes.length).toBeLessThanOrEqual(15 * 1024 * 1024);
  });

  it('refuses a tampered copy with an error naming the file', async () => {
    const dir = path.join(tmp, 'tampered');
    await cp(defaultModelDir(), dir, { recursive: true });
    const onnx = path.join(dir, 'model.onnx');
    const bytes = await readFile(onnx);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    await writeFile(onnx, bytes);
    const err = await createClassifier({ modelDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClassifyError);
    expect((err as ClassifyError).code).toBe('MODEL_TAMPERED');
    expect((err as ClassifyError).message).toContain(onnx);
  });

  it('reports a missing model file by name', async () => {
    const dir = path.join(tmp, 'missing');
    await cp(defaultModelDir(), dir, { recursive: true });
    await rm(path.join(dir, 'model.onnx'));
    await expect(loadVerifiedModel(dir)).rejects.toMatchObject({ code: 'MODEL_MISSING', file: path.join(dir, 'model.onnx') });
  });

  it('reports a malformed model.json', async () => {
    const dir = path.join(tmp, 'malformed');
    await cp(defaultModelDir(), dir, { recursive: true });
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ name: 'x' }));
    await expect(loadVerifiedModel(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('gives each photo its features (the declared embedding output) and raw logits beside the answer', async () => {
    const embedding = classifier.manifest.embedding!;
    expect(embedding).toEqual({ name: 'features', size: 384 });
    const [a, b] = await classifier.classifyMany([
      await syntheticPhoto({ width: 320, height: 240, seed: 11 }),
      await syntheticPhoto({ width: 320, height: 240, seed: 12 }),
    ]);
    if (!a?.ok || !b?.ok) throw new Error('not classified');
    expect(a.prediction.features).toHaveLength(384);
    expect(a.prediction.logits).toHaveLength(classifier.manifest.labels.length);
    // Pooled ReLU activations: never negative; and two different photos have different features.
    expect(Math.min(...a.prediction.features!)).toBeGreaterThanOrEqual(0);
    expect(Array.from(a.prediction.features!)).not.toEqual(Array.from(b.prediction.features!));
  });

  it('refuses a model.json that declares an embedding output the graph lacks', async () => {
    const dir = path.join(tmp, 'no-features');
    await cp(defaultModelDir(), dir, { recursive: true });
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...json, embedding: { name: 'penultimate', size: 384 } }));
    const err = await createClassifier({ modelDir: dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('declares the embedding penultimate') });
  });
});

describe('classify', () => {
  const cases: [PhotoFormat, number, number][] = [
    ['jpeg', 60, 80],
    ['png', 640, 480],
    ['jpeg', 4032, 3024],
    ['webp', 300, 300],
    ['gif', 200, 150],
    ['tiff', 500, 400],
    ['avif', 320, 240],
  ];
  it.each(cases)('%s %i×%i gives probabilities that sum to 1 and a top-3', async (format, width, height) => {
    const p = await classifier.classify(await syntheticPhoto({ width, height, format, seed: width }));
    expect(p.probabilities).toHaveLength(10);
    expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.probabilities.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(p.top3).toHaveLength(3);
    expect(p.top3[0]!.confidence).toBeGreaterThanOrEqual(p.top3[1]!.confidence);
    expect(p.category).toBe(p.top3[0]!.category);
    // Both heads must say so (kinds backing): the confidence is the category head's at most, and that
    // exactly when the model has no kinds head to back it.
    if (classifier.manifest.bandRule?.kindsBacking) {
      expect(p.kind).toBeTruthy();
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(Math.max(...p.probabilities));
    } else {
      expect(p.confidence).toBe(Math.max(...p.probabilities));
    }
    expect(p.modelSha256).toBe(classifier.manifest.sha256);
  });

  it('handles greyscale and transparent images', async () => {
    const grey = await sharp(await syntheticPhoto({ width: 120, height: 160 }))
      .greyscale()
      .png()
      .toBuffer();
    const rgba = await sharp(await syntheticPhoto({ width: 120, height: 160, format: 'png' }))
      .ensureAlpha(0.3)
      .png()
      .toBuffer();
    for (const img of [grey, rgba]) {
      const p = await classifier.classify(img);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('honours EXIF orientation: a rotated file tagged to be shown upright classifies as the upright photo', async () => {
    const upright = await syntheticPhoto({ width: 600, height: 800, seed: 7, quality: 100 });
    const { data, info } = await sharp(upright).raw().toBuffer({ resolveWithObject: true });
    // The same pixels stored turned 90° anticlockwise, with orientation 6 ("turn clockwise to view").
    const stored = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .rotate(-90)
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const storedMeta = await sharp(stored).metadata();
    expect([storedMeta.width, storedMeta.height, storedMeta.orientation]).toEqual([800, 600, 6]);

    const spec = classifier.manifest.input;
    const a = (await preprocess(upright, spec)).data;
    const b = (await preprocess(stored, spec)).data;
    const noExif = (await preprocess(await sharp(stored).jpeg().toBuffer(), spec)).data; // tag dropped
    const meanDiff = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + Math.abs(v - y[i]!), 0) / x.length;
    expect(meanDiff(a, b)).toBeLessThan(0.02);
    expect(meanDiff(a, noExif)).toBeGreaterThan(0.1); // the check can fail: orientation matters

    const [pa, pb] = await Promise.all([classifier.classify(upright), classifier.classify(stored)]);
    expect(pb.category).toBe(pa.category);
    expect(Math.abs(pb.confidence - pa.confidence)).toBeLessThan(0.02);
  });
});

describe('mirror images', () => {
  // The shipped graph averages the network over the photo and its mirror image (train.py --tta flip):
  // an item lies either way round on the desk, so both must get the same answer.
  it('the model declares horizontal-flip averaging, and a photo and its mirror image score alike', async () => {
    expect(String(classifier.manifest.training['testTimeAugmentation'])).toMatch(/^horizontal flip/);
    for (const [width, height, digits] of [
      [96, 96, 5],
      [640, 480, 3],
    ] as const) {
      const photo = await syntheticPhoto({ width, height, format: 'png', seed: 31 + width });
      const mirror = await sharp(photo).flop().png().toBuffer();
      const [a, b] = await Promise.all([classifier.classify(photo), classifier.classify(mirror)]);
      a.probabilities.forEach((p, k) => expect(b.probabilities[k]).toBeCloseTo(p, digits));
    }
  });
});

describe('studio shots and desk photos in one batch', () => {
  // The shipped graph routes a photo whose outer band is white all round to the catalogue network and
  // every other photo to the real-photos one, and runs the catalogue branch only when such a photo is
  // in the batch (studio_route.py); the app reads each with its kind's temperature. A photo's answer
  // must not depend on which other photos share its batch.
  async function studioShot(seed: number): Promise<Buffer> {
    const item = await sharp(await syntheticPhoto({ width: 300, height: 420, seed }))
      .png()
      .toBuffer();
    return sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } })
      .composite([{ input: item, left: 150, top: 190 }])
      .jpeg({ quality: 95 })
      .toBuffer();
  }

  /** A photo of a batch was classified, to the probabilities it got alone. */
  function expectSameProbabilities(m: Classified, alone: readonly number[]) {
    if (!m.ok) throw new Error(`not classified in the batch: ${m.error.message}`);
    alone.forEach((p, c) => expect(m.prediction.probabilities[c]).toBeCloseTo(p, 5));
  }

  it('gives each photo the same probabilities alone and in a mixed batch', async () => {
    // The shipped graph routes studio shots to the catalogue network (said in model.json's training).
    expect(JSON.stringify(classifier.manifest.training['route'])).toMatch(/studio/);
    expect(classifier.manifest.bandRule?.photoTemperature).toBeGreaterThan(0);
    const studio = [await studioShot(3), await studioShot(4)];
    const desk = [await syntheticPhoto({ width: 640, height: 480, seed: 41 }), await syntheticPhoto({ width: 800, height: 600, seed: 42 })];
    const alone = await Promise.all([...studio, ...desk].map((p) => classifier.classify(p)));
    expect(alone.map((a) => a.photoKind)).toEqual(['studio', 'studio', 'photo', 'photo']);
    const mixed = await classifier.classifyMany([studio[0]!, desk[0]!, studio[1]!, desk[1]!]);
    const order = [0, 2, 1, 3]; // mixed[k] is alone[order[k]]
    mixed.forEach((m, k) => expectSameProbabilities(m, alone[order[k]!]!.probabilities));
    const deskOnly = await classifier.classifyMany(desk);
    expect(deskOnly).toHaveLength(2);
    deskOnly.forEach((m, k) => expectSameProbabilities(m, alone[2 + k]!.probabilities));
  });
});

describe('classifyFilesHashed', () => {
  it('hashes and classifies the same bytes, with read buffers reused across photos and calls', async () => {
    // Two slots for twelve photos in three concurrent calls: every slot buffer is reused many times.
    const small = await createClassifier({ decodeConcurrency: 2 });
    try {
      const files: string[] = [];
      for (let i = 0; i < 12; i++) {
        const file = path.join(tmp, `hashed-${i}.jpg`);
        await writeFile(file, await syntheticPhoto({ width: 400 + 40 * i, height: 300 + 30 * i, seed: 100 + i }));
        files.push(file);
      }
      const bad = path.join(tmp, 'hashed-bad.jpg');
      await writeFile(bad, 'not a photo');
      const calls = [files.slice(0, 5), [bad, ...files.slice(5, 8)], files.slice(8)];
      const results = (await Promise.all(calls.map((c) => small.classifyFilesHashed(c, { thumbnail: 64 })))).flat();
      const expected = await classifier.classifyMany(calls.flat());
      // Every photo but the bad file is classified: the comparison below covers twelve of them.
      expect(expected.map((e) => e.ok)).toEqual(calls.flat().map((f) => f !== bad));
      for (const [i, file] of calls.flat().entries()) {
        const { read, classified } = results[i]!;
        const bytes = await readFile(file);
        expect(read).toEqual({ ok: true, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length });
        const want = expected[i]!;
        expect(classified?.ok).toBe(want.ok);
        if (classified?.ok && want.ok) {
          expect(classified.prediction.probabilities).toEqual(want.prediction.probabilities);
          expect((await sharp(classified.thumbnail!).metadata()).width).toBeLessThanOrEqual(64);
        }
      }
    } finally {
      await small.close();
    }
  });
});

describe('thumbnail from the same decode', () => {
  it('is the working copy of a phone photo, a JPEG no larger than the thumbnail size, and changes nothing in the model input', async () => {
    const photo = await syntheticPhoto({ width: 4032, height: 3024, seed: 7 });
    const spec = classifier.manifest.input;
    const withThumb = await preprocess(photo, spec, { thumbnail: THUMBNAIL_SIZE });
    const without = await preprocess(photo, spec);
    const meta = await sharp(withThumb.thumbnail!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', THUMBNAIL_SIZE, THUMBNAIL_SIZE * 0.75]);
    expect(withThumb.data).toEqual(without.data);
    // A smaller thumbnail than the working copy is resized, not cropped.
    const small = await sharp((await preprocess(photo, spec, { thumbnail: 64 })).thumbnail!).metadata();
    expect([small.width, small.height]).toEqual([64, 48]);
  });

  it('keeps the working copy at least twice the model input', () => {
    expect(workingSize({ ...classifier.manifest.input, width: 96, height: 96 })).toBe(THUMBNAIL_SIZE);
    expect(workingSize({ ...classifier.manifest.input, width: 224, height: 224 })).toBe(448);
  });
});

describe('unreadable input', () => {
  it('gives typed errors, never a crash', async () => {
    const jpeg = await syntheticPhoto({ width: 640, height: 480 });
    const files = {
      empty: Buffer.alloc(0),
      text: Buffer.from('this is not a photo\n'),
      truncated: jpeg.subarray(0, jpeg.length >> 1),
      tiny: await sharp({ create: { width: 1, height: 1, channels: 3, background: '#f00' } })
        .png()
        .toBuffer(),
    };
    const paths: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(files)) {
      paths[name] = path.join(tmp, `${name}.jpg`);
      await writeFile(paths[name]!, bytes);
    }
    await expect(classifier.classify(paths.empty!)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE', file: paths.empty });
    await expect(classifier.classify(paths.text!)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    await expect(classifier.classify(paths.truncated!)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
    await expect(classifier.classify(paths.tiny!)).rejects.toMatchObject({ code: 'IMAGE_TOO_SMALL' });
    await expect(classifier.classify(path.join(tmp, 'does-not-exist.jpg'))).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });

    const good = path.join(tmp, 'good.jpg');
    await writeFile(good, jpeg);
    const mixed = await classifier.classifyMany([paths.text!, good, paths.truncated!]);
    expect(mixed.map((r) => r.ok)).toEqual([false, true, false]);
  });

  it('refuses a decompression bomb from its header', async () => {
    const bomb = bombPng(30000, 30000); // 900 MP claimed, ~90 kB on disk
    await expect(classifier.classify(bomb)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });
});
