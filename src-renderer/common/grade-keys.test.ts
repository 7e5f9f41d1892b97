import { describe, expect, it } from 'vitest';
import { gradeForKey, gradeKey } from './grade-keys.ts';

describe('grade keys', () => {
  it('Shift+1..4 give New, Good, Damaged, Unsellable by the key place, whatever character it types', () => {
    expect(gradeForKey({ code: 'Digit1', shiftKey: true })).toBe('New');
    expect(gradeForKey({ code: 'Digit2', shiftKey: true })).toBe('Good');
    expect(gradeForKey({ code: 'Digit3', shiftKey: true })).toBe('Damaged');
    expect(gradeForKey({ code: 'Numpad4', shiftKey: true })).toBe('Unsellable');
    expect(gradeKey('Damaged')).toBe('Shift+3');
  });
  it('leaves the plain digits (categories), Shift+5 and chords with Ctrl alone', () => {
    expect(gradeForKey({ code: 'Digit1' })).toBeNull();
    expect(gradeForKey({ code: 'Digit5', shiftKey: true })).toBeNull();
    expect(gradeForKey({ code: 'Digit1', shiftKey: true, ctrlKey: true })).toBeNull();
    expect(gradeForKey({ code: 'KeyA', shiftKey: true })).toBeNull();
  });
});
