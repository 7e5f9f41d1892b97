import { describe, expect, it } from 'vitest';
import { categoryNameProblem, normaliseCategoryName, OTHER_CATEGORY, withOther } from './desk-learning.ts';

const existing = ['Tshirts', 'Casual Shoes'];

describe('new category names', () => {
  it('takes letters, digits, spaces and dashes', () => {
    for (const ok of ['Trousers', 'Rain Jackets', 'T-Shirts 2', '4x4 Mats', 'Unterwäsche'])
      expect(categoryNameProblem(ok, existing)).toBeNull();
  });

  it('refuses empty, too long, odd characters, and names the station has (whatever their case)', () => {
    expect(categoryNameProblem('  ', existing)).toMatch(/Type a name/);
    expect(categoryNameProblem('x'.repeat(41), existing)).toMatch(/at most 40/);
    for (const bad of ['Jeans/Denim', '../etc', 'Hats!', '-Scarves', 'a\\b', 'Dot.Name'])
      expect(categoryNameProblem(bad, existing)).toMatch(/letters, digits/);
    expect(categoryNameProblem('casual  shoes', existing)).toBe('"Casual Shoes" exists already.');
    expect(categoryNameProblem('other', existing)).toContain(OTHER_CATEGORY);
  });

  it('stores the name trimmed with single spaces', () => {
    expect(normaliseCategoryName('  Rain   Jackets ')).toBe('Rain Jackets');
  });
});

describe('withOther', () => {
  it('lists the categories in their order, then Other, and leaves the list it was given alone', () => {
    const categories = ['Tshirts', 'Trousers'];
    expect(withOther(categories)).toEqual(['Tshirts', 'Trousers', OTHER_CATEGORY]);
    expect(categories).toEqual(['Tshirts', 'Trousers']);
  });
});
