import { describe, expect, it } from 'vitest';
import { judgeScan, REPEAT_WINDOW_MS, type ScanMemory } from './scan-guard.ts';

describe('judgeScan', () => {
  const none = new Set<string>();

  it('accepts a scanned id and normalises case and spaces', () => {
    const m: ScanMemory = { last: null };
    expect(judgeScan('  ret-20251013-001 ', 0, m, none)).toEqual({ kind: 'accepted', returnId: 'RET-20251013-001' });
  });

  it('ignores the same id again within the repeat window, not after it', () => {
    const m: ScanMemory = { last: null };
    judgeScan('RET-20251013-001', 1000, m, none);
    expect(judgeScan('RET-20251013-001', 1000 + REPEAT_WINDOW_MS - 1, m, none).kind).toBe('repeat-ignored');
    expect(judgeScan('RET-20251013-001', 1000 + REPEAT_WINDOW_MS + 1, m, none).kind).toBe('accepted');
  });

  it('a different id inside the window is a new scan', () => {
    const m: ScanMemory = { last: null };
    judgeScan('RET-20251013-001', 0, m, none);
    expect(judgeScan('RET-20251013-002', 10, m, none)).toEqual({ kind: 'accepted', returnId: 'RET-20251013-002' });
  });

  it('asks before reusing an id already photographed today', () => {
    const m: ScanMemory = { last: null };
    expect(judgeScan('RET-20251013-007', 0, m, new Set(['RET-20251013-007'])).kind).toBe('ask-reuse');
  });

  it('rejects text that is not a return id, with the expected shape', () => {
    const r = judgeScan('hello', 0, { last: null }, none);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.message).toContain('RET-YYYYMMDD-NNN');
    expect(judgeScan('', 0, { last: null }, none).kind).toBe('invalid');
  });
});
