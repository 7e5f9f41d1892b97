import { describe, expect, it } from 'vitest';
import { fileStamp, localDateTime, localDay, localIsoSeconds, localMinute } from './local-time.ts';

// Built from local components, so the expectations hold in any time zone the tests run in.
const morning = new Date(2025, 9, 3, 2, 5, 9, 870);
const lastSecondOfYear = new Date(2025, 11, 31, 23, 59, 59, 999);

describe('local time formats', () => {
  it('pads every field to the desk formats', () => {
    expect(localDay(morning)).toBe('2025-10-03');
    expect(localMinute(morning)).toBe('2025-10-03 02:05');
    expect(localDateTime(morning)).toBe('2025-10-03 02:05:09');
    expect(localIsoSeconds(morning)).toBe('2025-10-03T02:05:09');
    expect(fileStamp(morning)).toBe('20251003_020509');
  });

  it('uses the local day, not the UTC one, and drops milliseconds instead of rounding', () => {
    expect(localDay(lastSecondOfYear)).toBe('2025-12-31');
    expect(localDateTime(lastSecondOfYear)).toBe('2025-12-31 23:59:59');
    expect(fileStamp(lastSecondOfYear)).toBe('20251231_235959');
  });

  it('reads a UTC ISO string as the local time it stands for', () => {
    const iso = morning.toISOString();
    expect(localMinute(new Date(iso))).toBe('2025-10-03 02:05');
  });

  it('defaults the day to today', () => {
    const before = localDay(new Date());
    const today = localDay();
    const after = localDay(new Date());
    expect([before, after]).toContain(today);
  });
});
