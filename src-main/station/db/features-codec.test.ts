import { describe, expect, it } from 'vitest';
import { decodeFeatures, decodeLogits, encodeFeatures, encodeLogits, roundTripFeatures } from './features-codec.ts';
import { lookFeatures } from '../test-support/desk-examples.ts';

describe('stored features and logits', () => {
  it('keeps features as one byte each, within half a step of the scale', () => {
    const f = lookFeatures(3, 1);
    const { bytes, scale } = encodeFeatures(f);
    expect(bytes.length).toBe(f.length);
    const back = decodeFeatures(bytes, scale);
    f.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(scale / 2 + 1e-7));
    expect(Math.max(...back)).toBeCloseTo(Math.max(...f), 6);
    expect(roundTripFeatures(f)).toEqual(back);
  });

  it('stores all-zero features without dividing by zero, and negative ones with their sign', () => {
    expect(Array.from(roundTripFeatures(new Float32Array(4)))).toEqual([0, 0, 0, 0]);
    expect(Array.from(roundTripFeatures(Float32Array.from([-2, 1, 0])))).toEqual([-2, expect.closeTo(1, 1e-2), 0]);
  });

  it('keeps logits exactly as float32', () => {
    const logits = [1.5, -3.25, 0, 7.125];
    expect(Array.from(decodeLogits(encodeLogits(logits)))).toEqual(logits);
  });
});
