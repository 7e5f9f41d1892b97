import { describe, expect, it } from 'vitest';
import { bandWithHold, isoWeekOf, wilsonInterval } from './audit.ts';

describe('the audit rules', () => {
  it('takes a held photo out of the auto-approved band, and only that band', () => {
    expect(bandWithHold('high', 'audit')).toBe('medium');
    expect(bandWithHold('high', 'drift')).toBe('medium');
    expect(bandWithHold('high', null)).toBe('high');
    expect(bandWithHold('low', 'drift')).toBe('low');
    expect(bandWithHold('medium', 'audit')).toBe('medium');
  });

  it('gives the 95 % Wilson interval of known cases', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    // 0 of 100: the upper bound is z²/(n + z²).
    expect(wilsonInterval(0, 100)).toEqual({ low: 0, high: expect.closeTo(0.03699, 5) as number });
    const two = wilsonInterval(2, 100)!;
    expect(two.low).toBeCloseTo(0.0055, 4);
    expect(two.high).toBeCloseTo(0.07, 4);
    const five = wilsonInterval(5, 50)!;
    expect(five.low).toBeCloseTo(0.04348, 4);
    expect(five.high).toBeCloseTo(0.2136, 4);
    expect(wilsonInterval(3, 3)).toMatchObject({ high: 1 });
  });

  it('names ISO weeks, the year decided by the week’s Thursday', () => {
    expect(isoWeekOf('2025-10-13T08:00:00.000Z')).toBe('2025-W42');
    expect(isoWeekOf('2024-12-30T00:00:00.000Z')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03T12:00:00.000Z')).toBe('2020-W53');
    expect(isoWeekOf('2026-12-28T00:00:00.000Z')).toBe('2026-W53');
  });
});
