import { describe, expect, it } from 'vitest';
import { auditDraw, auditKey, isAudited } from './audit-rule.ts';

describe('the audit rule', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `photo-${i}`);

  it('is the recorded rule: sha256(seed:key), first 8 hex digits over 2^32', () => {
    // sha256('seed:key') starts 7fbd3875 (printf 'seed:key' | sha256sum).
    expect(auditDraw('seed', 'key')).toBe(0x7fbd3875 / 2 ** 32);
    expect(isAudited('seed', 'key', 0.5)).toBe(true); // 0.4990…
    expect(isAudited('seed', 'key', 0.49)).toBe(false);
  });

  it('draws the same photos every time for one seed, other photos for another seed', () => {
    const a = keys.filter((k) => isAudited('aa11', k, 0.02));
    expect(keys.filter((k) => isAudited('aa11', k, 0.02))).toEqual(a);
    const b = keys.filter((k) => isAudited('bb22', k, 0.02));
    expect(b).not.toEqual(a);
  });

  it('audits about the share, and nothing at 0', () => {
    const n = keys.filter((k) => isAudited('aa11', k, 0.02)).length;
    // 2 % of 10,000 is 200; ±4 standard deviations (√196 = 14).
    expect(n).toBeGreaterThan(144);
    expect(n).toBeLessThan(256);
    expect(keys.filter((k) => isAudited('aa11', k, 0)).length).toBe(0);
    expect(keys.filter((k) => isAudited('aa11', k, 1)).length).toBe(10_000);
  });

  it('draws a photo by its content hash, else by its item id', () => {
    expect(auditKey(7, 'f'.repeat(64))).toBe('f'.repeat(64));
    expect(auditKey(7, null)).toBe('item:7');
  });
});
