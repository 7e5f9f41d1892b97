import { describe, expect, it } from 'vitest';
import { kindNote } from './kind-note.ts';

const kind = (name: string, categories: string[]) => ({ label: `real:${name}`, name, probability: 0.81, categories });

describe('kindNote', () => {
  it('names a kind with no category of the station', () => {
    expect(kindNote({ category: 'Shirts', kind: kind('Blazer', []) })).toBe(
      "Looks like Blazer (81 %), which is none of the station's categories: a person decides.",
    );
  });

  it('names a kind filed elsewhere', () => {
    expect(kindNote({ category: 'Tops', kind: kind('Shoes', ['Casual Shoes', 'Heels']) })).toMatch(
      /^Looks like Shoes \(81 %\), which is filed as Casual Shoes or Heels, not Tops/,
    );
  });

  it('says nothing when the kind backs the answer, or the model has no kinds', () => {
    expect(kindNote({ category: 'Tshirts', kind: kind('T-shirt', ['Tshirts']) })).toBeNull();
    expect(kindNote({ category: 'Tshirts', kind: null })).toBeNull();
    expect(kindNote(null)).toBeNull();
  });
});
