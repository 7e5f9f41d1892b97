// The kinds head's part in a photo's answer (confidence-rule.ts readAnswer): with kinds backing the
// confidence is the smaller of the category head's and the kinds' backing of the same answer, so a
// blazer that the category head reads as Shirts, and the kinds head as a blazer (no category), is
// not auto-approved; the kind is reported either way.
import { describe, expect, it } from 'vitest';
import { readAnswer, softmaxWithTemperature } from './confidence-rule.ts';

const labels = ['Tshirts', 'Shirts'];
const kinds = {
  name: 'kinds',
  labels: ['Tshirts', 'Shirts', 'real:blazer'],
  categories: { Tshirts: ['Tshirts'], Shirts: ['Shirts'], 'real:blazer': [] },
  names: { Tshirts: 'Tshirts', Shirts: 'Shirts', 'real:blazer': 'Blazer' },
};
const rule = { kind: 'studio-or-photo-temperature' as const, studioGate: { band: 6, white: 0.9, minShare: 0.8 }, photoTemperature: 1 };
// The category head is sure of Shirts; the kinds head is sure of a blazer.
const logits = [0, 4];
const kindLogits = [0, 1, 5];

describe('readAnswer', () => {
  it('with kinds backing, takes the smaller of the two heads', () => {
    const a = readAnswer(logits, kindLogits, 1, { labels, kinds, bandRule: { ...rule, kindsBacking: true } });
    const shirts = softmaxWithTemperature(logits, 1)[1]!;
    const backing = softmaxWithTemperature(kindLogits, 1)[1]!;
    expect(a.category).toBe('Shirts');
    expect(shirts).toBeGreaterThan(0.95);
    expect(a.confidence).toBeCloseTo(backing, 12);
    expect(a.confidence).toBeLessThan(0.05);
    expect(a.kind).toEqual({ label: 'real:blazer', name: 'Blazer', probability: expect.any(Number), categories: [] });
  });

  it('without kinds backing, keeps the category head alone but still names the kind', () => {
    const a = readAnswer(logits, kindLogits, 1, { labels, kinds, bandRule: rule });
    expect(a.confidence).toBeCloseTo(softmaxWithTemperature(logits, 1)[1]!, 12);
    expect(a.kind?.name).toBe('Blazer');
  });

  it('agrees where both heads agree', () => {
    const a = readAnswer(logits, [0, 6, 0], 1, { labels, kinds, bandRule: { ...rule, kindsBacking: true } });
    expect(a.confidence).toBeCloseTo(Math.min(softmaxWithTemperature(logits, 1)[1]!, softmaxWithTemperature([0, 6, 0], 1)[1]!), 12);
    expect(a.confidence).toBeGreaterThan(0.95);
  });

  it("reads the kinds at the band rule's kinds temperature, not the photo's", () => {
    const bandRule = { ...rule, photoTemperature: 1, kindsBacking: true, kindsTemperature: 3 };
    const a = readAnswer(logits, [0, 6, 0], 1, { labels, kinds, bandRule });
    const backing = softmaxWithTemperature([0, 6, 0], 3)[1]!;
    expect(backing).toBeLessThan(softmaxWithTemperature([0, 6, 0], 1)[1]!);
    expect(a.confidence).toBeCloseTo(Math.min(softmaxWithTemperature(logits, 1)[1]!, backing), 12);
    expect(a.kind?.probability).toBeCloseTo(backing, 12);
  });

  it('reads a model without kinds as before', () => {
    const a = readAnswer(logits, null, 2, { labels, kinds: undefined, bandRule: undefined });
    expect(a.confidence).toBeCloseTo(softmaxWithTemperature(logits, 2)[1]!, 12);
    expect(a.kind).toBeNull();
  });
});
