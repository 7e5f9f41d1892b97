import { describe, expect, it } from 'vitest';
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import { keyForCategory } from '../common/category-keys.ts';
import { keyBelongsToTarget } from '../common/key-target.ts';
import { reviewCommand } from './review-keys.ts';

const cats = ['Tshirts', 'Shirts', 'Casual Shoes', 'Watches', 'Sports Shoes', 'Kurtas', 'Tops', 'Handbags', 'Heels', 'Sunglasses'];
/** The model's ten, then three the desk added. */
const withDesk = [...cats, 'Belts', 'Wallets', 'Baby Clothes'];

describe('reviewCommand', () => {
  it('maps the documented keys', () => {
    expect(reviewCommand({ key: 'Enter' }, cats)).toEqual({ kind: 'accept' });
    expect(reviewCommand({ key: 'a' }, cats)).toEqual({ kind: 'accept' });
    expect(reviewCommand({ key: '1' }, cats)).toEqual({ kind: 'override', category: 'Tshirts' });
    expect(reviewCommand({ key: '9' }, cats)).toEqual({ kind: 'override', category: 'Heels' });
    expect(reviewCommand({ key: '0' }, cats)).toEqual({ kind: 'override', category: 'Sunglasses' });
    expect(reviewCommand({ key: ' ' }, cats)).toEqual({ kind: 'defer' });
    expect(reviewCommand({ key: 'Backspace' }, cats)).toEqual({ kind: 'undo' });
    expect(reviewCommand({ key: 'F' }, cats)).toEqual({ kind: 'flag' });
    expect(reviewCommand({ key: '?' }, cats)).toEqual({ kind: 'help' });
  });
  it('grades with Shift+1..4 by the key place, whatever the shifted digit types', () => {
    expect(reviewCommand({ key: '!', code: 'Digit1', shiftKey: true }, cats)).toEqual({ kind: 'grade', grade: 'New' });
    expect(reviewCommand({ key: '§', code: 'Digit3', shiftKey: true }, cats)).toEqual({ kind: 'grade', grade: 'Damaged' });
    expect(reviewCommand({ key: '$', code: 'Digit4', shiftKey: true }, cats)).toEqual({ kind: 'grade', grade: 'Unsellable' });
    expect(reviewCommand({ key: '1', code: 'Digit1' }, cats)).toEqual({ kind: 'override', category: 'Tshirts' });
  });
  it('files under Other with O, opens New category with N and the list with / or C, either case', () => {
    for (const key of ['o', 'O']) expect(reviewCommand({ key }, cats)).toEqual({ kind: 'override', category: OTHER_CATEGORY });
    for (const key of ['n', 'N']) expect(reviewCommand({ key }, cats)).toEqual({ kind: 'new-category' });
    for (const key of ['/', 'c', 'C']) expect(reviewCommand({ key }, cats)).toEqual({ kind: 'choose-category' });
  });
  it('keeps the digits on the first ten when the desk has added more', () => {
    expect(reviewCommand({ key: '1' }, withDesk)).toEqual({ kind: 'override', category: 'Tshirts' });
    expect(reviewCommand({ key: '0' }, withDesk)).toEqual({ kind: 'override', category: 'Sunglasses' });
    // No key reaches the eleventh and later directly: the list does.
    const reached = [...'1234567890']
      .map((key) => reviewCommand({ key }, withDesk))
      .map((c) => (c?.kind === 'override' ? c.category : null));
    expect(reached).toEqual(cats);
  });
  it('gives a desk category a digit while there are fewer than ten', () => {
    expect(reviewCommand({ key: '4' }, ['Tops', 'Heels', 'Belts', 'Wallets'])).toEqual({ kind: 'override', category: 'Wallets' });
  });
  it('ignores other keys, modified keys and digits past the category list', () => {
    expect(reviewCommand({ key: 'x' }, cats)).toBeNull();
    expect(reviewCommand({ key: '1', ctrlKey: true }, cats)).toBeNull();
    expect(reviewCommand({ key: 'n', ctrlKey: true }, cats)).toBeNull(); // Ctrl+N is the browser's
    expect(reviewCommand({ key: 'c', metaKey: true }, cats)).toBeNull(); // copy
    expect(reviewCommand({ key: 'o', altKey: true }, cats)).toBeNull();
    expect(reviewCommand({ key: '0' }, cats.slice(0, 5))).toBeNull();
  });
});

describe('keyForCategory', () => {
  it('names the digit for the first ten, O for Other and nothing past the tenth or for strangers', () => {
    expect(keyForCategory('Tshirts', withDesk)).toBe('1');
    expect(keyForCategory('Heels', withDesk)).toBe('9');
    expect(keyForCategory('Sunglasses', withDesk)).toBe('0');
    expect(keyForCategory(OTHER_CATEGORY, withDesk)).toBe('O');
    expect(keyForCategory('Belts', withDesk)).toBe('');
    expect(keyForCategory('Jeans', withDesk)).toBe('');
  });
});

describe('keyBelongsToTarget', () => {
  it('gives every key to text fields, lists and editable content, none to the page', () => {
    for (const tagName of ['INPUT', 'SELECT', 'TEXTAREA'])
      for (const key of ['ArrowDown', 'n', '1']) expect(keyBelongsToTarget(key, { tagName })).toBe(true);
    expect(keyBelongsToTarget('n', { tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(keyBelongsToTarget('Enter', { tagName: 'BODY', isContentEditable: false })).toBe(false);
    expect(keyBelongsToTarget('Enter', { tagName: 'H1' })).toBe(false);
    expect(keyBelongsToTarget('Enter', null)).toBe(false);
  });
  it('lets a focused button or link take Enter and Space, and leaves it the review keys', () => {
    for (const tagName of ['BUTTON', 'A', 'SUMMARY']) {
      expect(keyBelongsToTarget('Enter', { tagName })).toBe(true);
      expect(keyBelongsToTarget(' ', { tagName })).toBe(true);
      expect(keyBelongsToTarget('1', { tagName })).toBe(false);
      expect(keyBelongsToTarget('Backspace', { tagName })).toBe(false);
    }
  });
});
