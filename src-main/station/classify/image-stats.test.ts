// The drift watch's image statistics, from the classifier's one decode: each moves the right way on
// a synthetic photo changed the way a desk's light, lamp, lens or camera changes it, and the others
// stay put where they should.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { defaultModelDir, loadVerifiedModel, type InputSpec } from './model-manifest.ts';
import { preprocess, workingStats } from './preprocess.ts';

let spec: InputSpec;
let photo: Buffer;
beforeAll(async () => {
  spec = (await loadVerifiedModel(defaultModelDir())).manifest.input;
  photo = await syntheticPhoto({ width: 600, height: 800, seed: 3 });
});
const stats = async (bytes: Buffer) => (await preprocess(bytes, spec)).imageStats;

describe('image statistics', () => {
  it('a darker copy has lower brightness, the same cast and is not called blurry', async () => {
    const base = await stats(photo);
    const dark = await stats(await sharp(photo).linear(0.6, 0).jpeg({ quality: 90 }).toBuffer());
    expect(dark.brightness).toBeLessThan(base.brightness * 0.7);
    expect(Math.abs(dark.castRB - base.castRB)).toBeLessThan(0.03);
    expect(dark.sharpness).toBeGreaterThan(base.sharpness * 0.8);
  });

  it('a blurred copy has lower sharpness, the same brightness', async () => {
    const base = await stats(photo);
    const blurred = await stats(await sharp(photo).blur(8).jpeg({ quality: 90 }).toBuffer());
    expect(blurred.sharpness).toBeLessThan(base.sharpness * 0.6);
    expect(Math.abs(blurred.brightness - base.brightness)).toBeLessThan(0.02);
  });

  it('a warm tint moves the red-blue cast up, a green one the green cast', async () => {
    const base = await stats(photo);
    const warm = await stats(await sharp(photo).linear([1.15, 1, 0.8], [0, 0, 0]).jpeg({ quality: 90 }).toBuffer());
    expect(warm.castRB).toBeGreaterThan(base.castRB + 0.1);
    const green = await stats(await sharp(photo).linear([0.9, 1.1, 0.9], [0, 0, 0]).jpeg({ quality: 90 }).toBuffer());
    expect(green.castG).toBeGreaterThan(base.castG + 0.05);
  });

  it("carries the photo's own size, turned upright", async () => {
    const s = await stats(await sharp(photo).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    expect([s.width, s.height]).toEqual([800, 600]);
  });

  it('a flat grey picture has no cast and no sharpness; a pattern has some', () => {
    const grey = new Uint8Array(30 * 20 * 3).fill(128);
    expect(workingStats(grey, 30, 20)).toEqual({
      brightness: expect.closeTo(128 / 255, 4),
      contrast: expect.closeTo(0, 6),
      castRB: expect.closeTo(0, 6),
      castG: expect.closeTo(0, 6),
      sharpness: 0,
    });
    const checks = Uint8Array.from({ length: 30 * 20 * 3 }, (_, i) => ((Math.floor(i / 3) + Math.floor(i / 90)) % 2 ? 200 : 50));
    expect(workingStats(checks, 30, 20).sharpness).toBeGreaterThan(1);
  });
});
