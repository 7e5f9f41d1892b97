import { describe, expect, it } from 'vitest';
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import { DEFAULT_CATEGORIES } from '../../src-shared/domain.ts';
import { moveHighlight, pickerOptions, type PickerOption } from './category-filter.ts';

const cats = [...DEFAULT_CATEGORIES, 'Belts', 'Baby Clothes'];
const names = (os: PickerOption[]) => os.map((o) => (o.kind === 'category' ? o.category : `+${o.name}`));

describe('pickerOptions', () => {
  it('lists every category and Other, in key order, with their keys, before anything is typed', () => {
    const all = pickerOptions(cats, '');
    expect(names(all)).toEqual([...cats, OTHER_CATEGORY]);
    expect(all[0]).toEqual({ kind: 'category', category: 'Tshirts', key: '1' });
    expect(all[9]).toEqual({ kind: 'category', category: 'Sunglasses', key: '0' });
    expect(all[10]).toEqual({ kind: 'category', category: 'Belts', key: '' });
    expect(all.at(-1)).toEqual({ kind: 'category', category: OTHER_CATEGORY, key: 'O' });
    expect(names(pickerOptions(cats, '   '))).toEqual([...cats, OTHER_CATEGORY]);
  });
  it('puts the same name first, then names starting with it, then a word starting with it, then containing it', () => {
    expect(names(pickerOptions(cats, 'shirts'))).toEqual(['Shirts', 'Tshirts']);
    expect(names(pickerOptions(cats, 'sh'))).toEqual(['Shirts', 'Casual Shoes', 'Sports Shoes', 'Tshirts', '+sh']);
    expect(names(pickerOptions(cats, 'SHOES'))).toEqual(['Casual Shoes', 'Sports Shoes', '+SHOES']);
  });
  it('ignores case and extra blanks', () => {
    expect(names(pickerOptions(cats, '  baby   CLO '))).toEqual(['Baby Clothes', '+baby CLO']);
  });
  it('forgives a letter left out once three are typed', () => {
    expect(names(pickerOptions(cats, 'snglasses'))).toEqual(['Sunglasses', '+snglasses']);
    // Two letters in order would match nearly everything: not then.
    expect(names(pickerOptions(cats, 'bt'))).toEqual(['+bt']);
  });
  it('reaches Other and the categories past the tenth', () => {
    expect(names(pickerOptions(cats, 'oth'))).toEqual([OTHER_CATEGORY, 'Baby Clothes', '+oth']);
    expect(names(pickerOptions(cats, 'bel'))).toEqual(['Belts', '+bel']);
  });
  it('offers to add what was typed when it is a valid new name, and only then', () => {
    expect(pickerOptions(cats, ' Jeans  ').at(-1)).toEqual({ kind: 'new', name: 'Jeans' });
    expect(pickerOptions(cats, 'belts').some((o) => o.kind === 'new')).toBe(false); // exists, whatever the case
    expect(pickerOptions(cats, 'other').some((o) => o.kind === 'new')).toBe(false); // kept for "none of these"
    expect(pickerOptions(cats, 'bags!')).toEqual([]); // not a valid name, no match
  });
});

describe('moveHighlight', () => {
  it('moves with the arrows, wrapping at both ends, and by five with the page keys', () => {
    expect(moveHighlight(0, 'ArrowDown', 3)).toBe(1);
    expect(moveHighlight(2, 'ArrowDown', 3)).toBe(0);
    expect(moveHighlight(0, 'ArrowUp', 3)).toBe(2);
    expect(moveHighlight(1, 'PageDown', 13)).toBe(6);
    expect(moveHighlight(10, 'PageDown', 13)).toBe(12);
    expect(moveHighlight(3, 'PageUp', 13)).toBe(0);
  });
  it('leaves other keys and an empty list alone', () => {
    expect(moveHighlight(0, 'a', 3)).toBeNull();
    expect(moveHighlight(0, 'ArrowDown', 0)).toBeNull();
  });
});
