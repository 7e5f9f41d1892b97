import { describe, expect, it } from 'vitest';
import { bandTemperatures, readsAsToday } from './band-reading.ts';
import { softmaxWithTemperature } from './confidence-rule.ts';

const logits = Float32Array.from([2.5, 0.3, -1, 0.8]);
const read = (t: number) => Math.max(...softmaxWithTemperature(logits, t));

describe('readsAsToday', () => {
  const today = { studio: 1.33, photo: 1.38 };

  it('reads a photo with the photo temperature and a studio shot with the studio one', () => {
    expect(readsAsToday({ logits, photoKind: 'photo', baseConfidence: read(1.38) }, today)).toBe(true);
    expect(readsAsToday({ logits, photoKind: 'studio', baseConfidence: read(1.33) }, today)).toBe(true);
    expect(readsAsToday({ logits, photoKind: 'studio', baseConfidence: read(1.38) }, today)).toBe(false);
  });

  it('tells a confidence read with another temperature, as with the photo temperature of 2.1.0', () => {
    expect(readsAsToday({ logits, photoKind: 'photo', baseConfidence: read(1.085) }, today)).toBe(false);
  });

  it('keeps a prediction with nothing stored to re-read', () => {
    expect(readsAsToday(null, today)).toBe(true);
  });
});

describe('bandTemperatures', () => {
  it('falls back to the one temperature for a model without a band rule', () => {
    expect(bandTemperatures({ temperature: 1.2, bandRule: undefined })).toEqual({ studio: 1.2, photo: 1.2 });
  });
});
