import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { createClassifier, type Prediction } from './classifier.ts';
import { studioShare, temperatureFor } from './confidence-rule.ts';
import { defaultModelDir, loadVerifiedModel, type InputSpec, type ModelManifest } from './model-manifest.ts';
import { toPlanar } from './preprocess.ts';

const spec: InputSpec = {
  name: 'input',
  output: 'logits',
  width: 96,
  height: 96,
  layout: 'NCHW',
  channelOrder: 'RGB',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  resize: 'contain',
  kernel: 'lanczos3',
  padColor: [255, 255, 255],
};
const gate = { band: 6, white: 0.9, minShare: 0.8 };

/** 96×96 RGB: white outside a frame of `whiteRows` rows at the top and bottom and `whiteCols`
 * columns at each side, mid grey inside. The same picture as the trainer's test
 * (models/training/tests/test_calibrate.py), so both compute the same share. */
function framed(whiteRows: number, whiteCols: number): Float32Array {
  const rgb = new Uint8Array(96 * 96 * 3).fill(128);
  for (let y = 0; y < 96; y++)
    for (let x = 0; x < 96; x++)
      if (y < whiteRows || y >= 96 - whiteRows || x < whiteCols || x >= 96 - whiteCols)
        rgb.fill(255, (y * 96 + x) * 3, (y * 96 + x) * 3 + 3);
  return toPlanar(rgb, spec);
}

describe('studio share', () => {
  it('is 1 for a picture white all round and 0 for one with no white', () => {
    expect(studioShare(framed(6, 6), spec, gate)).toBe(1);
    expect(studioShare(framed(0, 0), spec, gate)).toBe(0);
  });

  it('counts only the outer band: a portrait photo padded at the sides is not a studio shot', () => {
    // White columns at both sides (the letterbox padding), photo rows at top and bottom.
    const share = studioShare(framed(0, 12), spec, gate);
    // The ring has 96² − 84² pixels. Its 12 full rows are white at x < 12 or x ≥ 84 (24 of 96 each);
    // its 84 other rows have only band pixels (12 each), all inside the white columns.
    const expected = (12 * 24 + 84 * 12) / (96 * 96 - 84 * 84);
    expect(share).toBeCloseTo(expected, 10);
    expect(share).toBeLessThan(gate.minShare);
  });

  it('sees a near-white pixel (darkest channel ≥ 0.9) as white and a light grey one as not', () => {
    const rgb = new Uint8Array(96 * 96 * 3).fill(230); // 230/255 = 0.902
    expect(studioShare(toPlanar(rgb, spec), spec, gate)).toBe(1);
    rgb.fill(228); // 0.894
    expect(studioShare(toPlanar(rgb, spec), spec, gate)).toBe(0);
  });
});

describe('temperature by kind of photo', () => {
  const base = { temperature: 1.1, input: spec } as unknown as ModelManifest;
  const withRule = { ...base, bandRule: { kind: 'studio-or-photo-temperature', studioGate: gate, photoTemperature: 2.5 } } as ModelManifest;

  it('uses the model temperature for every photo when the model has no band rule', () => {
    expect(temperatureFor(framed(0, 0), base)).toEqual({ kind: 'studio', temperature: 1.1 });
  });

  it('uses the photo temperature for a photo and the studio one for a studio shot', () => {
    expect(temperatureFor(framed(6, 6), withRule)).toEqual({ kind: 'studio', temperature: 1.1 });
    expect(temperatureFor(framed(0, 0), withRule)).toEqual({ kind: 'photo', temperature: 2.5 });
  });
});

describe('the classifier applies the rule', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'rs-rule-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('a photo read with a higher photo temperature is less confident, a studio shot is unchanged', async () => {
    const dir = path.join(tmp, 'model');
    await cp(defaultModelDir(), dir, { recursive: true });
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    const photo = await syntheticPhoto({ width: 400, height: 300, seed: 3 });
    // A studio shot: the same picture small on a white page.
    const studio = await sharp(photo)
      .resize(200, 150)
      .extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#ffffff' })
      .jpeg()
      .toBuffer();
    const rule = { kind: 'studio-or-photo-temperature', studioGate: gate };
    const answers: [Prediction, Prediction][] = [];
    for (const photoTemperature of [json.temperature, json.temperature * 4]) {
      await writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...json, bandRule: { ...rule, photoTemperature } }));
      expect((await loadVerifiedModel(dir)).manifest.bandRule?.photoTemperature).toBe(photoTemperature);
      const c = await createClassifier({ modelDir: dir });
      try {
        answers.push(await Promise.all([c.classify(photo), c.classify(studio)]));
      } finally {
        await c.close();
      }
    }
    const [[photoA, studioA], [photoB, studioB]] = answers as [[Prediction, Prediction], [Prediction, Prediction]];
    expect(photoA.photoKind).toBe('photo');
    expect(studioA.photoKind).toBe('studio');
    expect(photoB.category).toBe(photoA.category);
    expect(photoB.confidence).toBeLessThan(photoA.confidence);
    expect(studioB.probabilities).toEqual(studioA.probabilities);
  });
});
