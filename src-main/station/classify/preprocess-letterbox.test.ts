// The model input's letterbox is written by toPlanar, not by sharp's fit 'contain' (cheaper: no
// alpha channel, no embed). It must be the very same input the model was measured with: the
// picture where 'contain' puts it, the pad colour around it, every value equal.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { defaultModelDir, loadVerifiedModel } from './model-manifest.ts';
import { preprocess, toPlanar, workingSize } from './preprocess.ts';

describe('model input letterbox', () => {
  it("equals sharp's fit 'contain' on the pad colour, for wide, tall, odd and tiny photos", async () => {
    const spec = (await loadVerifiedModel(defaultModelDir())).manifest.input;
    const [r, g, b] = spec.padColor;
    const size = workingSize(spec);
    for (const [width, height] of [
      [1600, 1200],
      [1200, 1600],
      [1000, 999],
      [333, 1000],
      [1000, 97],
      [500, 500],
      [40, 30],
    ] as const) {
      const photo = await syntheticPhoto({ width, height, seed: width + height });
      // The reference: the same working copy, letterboxed by sharp as the model was measured.
      const work = await sharp(photo)
        .resize(size, size, { fit: 'inside', withoutEnlargement: true, kernel: spec.kernel })
        .flatten({ background: { r, g, b } })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const contain = await sharp(work.data, { raw: { width: work.info.width, height: work.info.height, channels: 3 } })
        .resize(spec.width, spec.height, { fit: 'contain', kernel: spec.kernel, background: { r, g, b, alpha: 1 } })
        .removeAlpha()
        .raw()
        .toBuffer();
      const { data } = await preprocess(photo, spec);
      expect(data, `${width}×${height}`).toEqual(toPlanar(contain, spec));
    }
  });
});
