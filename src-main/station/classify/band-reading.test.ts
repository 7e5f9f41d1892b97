import { describe, expect, it } from 'vitest';
import { bandTemperatures, readsAsToday } from './band-reading.ts';
import { kindsBacking, softmaxWithTemperature } from './confidence-rule.ts';

const LABELS = ['Tshirts', 'Shirts', 'Tops', 'Heels'];
const logits = Float32Array.from([2.5, 0.3, -1, 0.8]);
const read = (t: number) => Math.max(...softmaxWithTemperature(logits, t));

describe('readsAsToday', () => {
  const today = { studio: 1.33, photo: 1.38 };

  it('reads a photo with the photo temperature and a studio shot with the studio one', () => {
    expect(readsAsToday({ logits, photoKind: 'photo', baseConfidence: read(1.38) }, today, LABELS)).toBe(true);
    expect(readsAsToday({ logits, photoKind: 'studio', baseConfidence: read(1.33) }, today, LABELS)).toBe(true);
    expect(readsAsToday({ logits, photoKind: 'studio', baseConfidence: read(1.38) }, today, LABELS)).toBe(false);
  });

  it('tells a confidence read with another temperature, as with the photo temperature of 2.1.0', () => {
    expect(readsAsToday({ logits, photoKind: 'photo', baseConfidence: read(1.085) }, today, LABELS)).toBe(false);
  });

  it('keeps a prediction with nothing stored to re-read', () => {
    expect(readsAsToday(null, today, LABELS)).toBe(true);
  });
});

describe('readsAsToday with kinds backing', () => {
  // Three kinds: a catalogue t-shirt, a real blazer (no category) and real long sleeves (three).
  const kinds = {
    labels: ['Tshirts', 'real:blazer', 'real:longsleeve'],
    categories: { Tshirts: ['Tshirts'], 'real:blazer': [], 'real:longsleeve': ['Tshirts', 'Shirts', 'Tops'] },
  };
  const today = { studio: 1.33, photo: 1.38, kinds };
  const kindLogits = Float32Array.from([0.2, 2.0, 0.5]);
  // The answer is Tshirts; the kinds back it with the t-shirt and long-sleeve kinds only.
  const combined = Math.min(read(1.38), kindsBacking(softmaxWithTemperature(kindLogits, 1.38), kinds, 'Tshirts'));

  it('re-reads the smaller of the two heads with the kinds logits stored', () => {
    expect(combined).toBeLessThan(read(1.38));
    expect(readsAsToday({ logits, kindLogits, photoKind: 'photo', baseConfidence: combined }, today, LABELS)).toBe(true);
    // The category head's confidence alone is another reading.
    expect(readsAsToday({ logits, kindLogits, photoKind: 'photo', baseConfidence: read(1.38) }, today, LABELS)).toBe(false);
  });

  it('re-reads the kinds at their own temperature when the band rule has one', () => {
    const own = Math.min(read(1.38), kindsBacking(softmaxWithTemperature(kindLogits, 0.8), kinds, 'Tshirts'));
    const withKindsT = { ...today, kindsTemperature: 0.8 };
    expect(own).not.toBeCloseTo(combined, 6);
    expect(readsAsToday({ logits, kindLogits, photoKind: 'photo', baseConfidence: own }, withKindsT, LABELS)).toBe(true);
    expect(readsAsToday({ logits, kindLogits, photoKind: 'photo', baseConfidence: combined }, withKindsT, LABELS)).toBe(false);
  });

  it('answers again a photo whose kinds logits were not stored', () => {
    expect(readsAsToday({ logits, kindLogits: null, photoKind: 'photo', baseConfidence: combined }, today, LABELS)).toBe(false);
  });
});

describe('bandTemperatures', () => {
  it('falls back to the one temperature for a model without a band rule', () => {
    expect(bandTemperatures({ temperature: 1.2, bandRule: undefined })).toEqual({ studio: 1.2, photo: 1.2 });
  });

  it('carries the kinds only when the band rule reads them', () => {
    const kinds = { name: 'kinds', labels: ['a', 'b'], categories: { a: ['Tshirts'], b: [] }, names: { a: 'A', b: 'B' } };
    const rule = {
      kind: 'studio-or-photo-temperature' as const,
      studioGate: { band: 6, white: 0.9, minShare: 0.8 },
      photoTemperature: 1.4,
    };
    expect(bandTemperatures({ temperature: 1.2, bandRule: rule, kinds })).toEqual({ studio: 1.2, photo: 1.4 });
    expect(bandTemperatures({ temperature: 1.2, bandRule: { ...rule, kindsBacking: true }, kinds }).kinds).toEqual({
      labels: ['a', 'b'],
      categories: { a: ['Tshirts'], b: [] },
    });
    expect(
      bandTemperatures({ temperature: 1.2, bandRule: { ...rule, kindsBacking: true, kindsTemperature: 0.9 }, kinds }).kindsTemperature,
    ).toBe(0.9);
  });
});
