import { describe, expect, it } from 'vitest';
import { lastDueAt, missedRun, nextRunAt } from './batch-schedule.ts';

const at = (s: string) => new Date(s); // local time (no Z)

describe('batch schedule', () => {
  it('runs next at today’s time if still ahead, else tomorrow', () => {
    expect(nextRunAt(at('2025-10-13T01:59:00'), '02:00')).toEqual(at('2025-10-13T02:00:00'));
    expect(nextRunAt(at('2025-10-13T02:00:00'), '02:00')).toEqual(at('2025-10-14T02:00:00'));
    expect(nextRunAt(at('2025-10-13T23:00:00'), '22:30')).toEqual(at('2025-10-14T22:30:00'));
    expect(nextRunAt(at('2025-12-31T03:00:00'), '02:00')).toEqual(at('2026-01-01T02:00:00'));
  });
  it('moving the batch time moves the next run', () => {
    const now = at('2025-10-13T12:00:00');
    expect(nextRunAt(now, '02:00')).toEqual(at('2025-10-14T02:00:00'));
    expect(nextRunAt(now, '13:15')).toEqual(at('2025-10-13T13:15:00'));
  });
  it('detects a night missed while the machine was off', () => {
    const created = at('2025-10-01T09:00:00');
    expect(lastDueAt(at('2025-10-13T08:00:00'), '02:00')).toEqual(at('2025-10-13T02:00:00'));
    expect(missedRun(at('2025-10-13T08:00:00'), '02:00', at('2025-10-12T02:00:05'), created)).toBe(true);
    expect(missedRun(at('2025-10-13T08:00:00'), '02:00', at('2025-10-13T02:00:01'), created)).toBe(false);
    expect(missedRun(at('2025-10-13T01:00:00'), '02:00', at('2025-10-12T02:00:01'), created)).toBe(false);
    expect(missedRun(at('2025-10-13T08:00:00'), '02:00', null, created)).toBe(true);
    expect(missedRun(at('2025-10-13T08:00:00'), '02:00', null, at('2025-10-13T07:00:00'))).toBe(false);
  });
});
