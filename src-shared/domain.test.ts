import { describe, expect, it } from 'vitest';
import { bandOf, parseReturnId, photoNameForReturnId, returnIdFromPhotoName, validateThresholds } from './domain.ts';

describe('confidence bands', () => {
  it('splits at the thresholds (high inclusive, low exclusive)', () => {
    expect(bandOf(0.85)).toBe('high');
    expect(bandOf(0.8499)).toBe('medium');
    expect(bandOf(0.7)).toBe('medium');
    expect(bandOf(0.6999)).toBe('low');
    expect(bandOf(0.8, { high: 0.75, low: 0.5 })).toBe('high');
  });
  it('validates thresholds', () => {
    expect(validateThresholds({ high: 0.85, low: 0.7 })).toBeNull();
    expect(validateThresholds({ high: 0.6, low: 0.7 })).toMatch(/low threshold/);
    expect(validateThresholds({ high: 1.2, low: 0.7 })).toMatch(/between 0 and 1/);
  });
});

describe('return ids and photo names', () => {
  it('round-trips RET-20251013-001 ⇄ return_20251013_001.jpg', () => {
    expect(photoNameForReturnId('RET-20251013-001')).toBe('return_20251013_001.jpg');
    expect(returnIdFromPhotoName('return_20251013_001.jpg')).toBe('RET-20251013-001');
    expect(returnIdFromPhotoName('return_20251013_1234.png')).toBe('RET-20251013-1234');
    expect(returnIdFromPhotoName('return_20251013_001_2.jpg')).toBe('RET-20251013-001');
  });
  it('normalises scanner input and refuses non-ids', () => {
    expect(parseReturnId(' ret-20251013-001\r')).toBe('RET-20251013-001');
    expect(parseReturnId('RET-20251313-001')).toBeNull(); // month 13
    expect(parseReturnId('RET-20251013-01')).toBeNull();
    expect(parseReturnId('hello')).toBeNull();
    expect(returnIdFromPhotoName('IMG_0001.jpg')).toBeNull();
    expect(() => photoNameForReturnId('nope')).toThrow(/RET-YYYYMMDD-NNN/);
  });
});
