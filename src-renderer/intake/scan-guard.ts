// What a completed scan (Enter) means. A keyboard-wedge scanner types the id and presses Enter;
// people type ids by hand too. A scanner that double-reads sends the same code again within a
// moment, so a repeat of the last id inside the window is ignored; an id that already has a photo
// today is not refused but asks first (a second photo of the same return is legitimate).
import { parseReturnId } from '../../src-shared/domain.ts';

export const REPEAT_WINDOW_MS = 2000;

export type ScanOutcome =
  | { kind: 'accepted'; returnId: string }
  | { kind: 'ask-reuse'; returnId: string }
  | { kind: 'repeat-ignored'; returnId: string }
  | { kind: 'invalid'; message: string };

export interface ScanMemory {
  last: { returnId: string; at: number } | null;
}

export function judgeScan(raw: string, now: number, memory: ScanMemory, usedToday: ReadonlySet<string>): ScanOutcome {
  const text = raw.trim();
  if (!text) return { kind: 'invalid', message: 'Scan or type a return id such as RET-20251013-001.' };
  const returnId = parseReturnId(text);
  if (!returnId) return { kind: 'invalid', message: `"${text}" is not a return id (expected RET-YYYYMMDD-NNN).` };
  if (memory.last && memory.last.returnId === returnId && now - memory.last.at < REPEAT_WINDOW_MS) {
    return { kind: 'repeat-ignored', returnId };
  }
  memory.last = { returnId, at: now };
  return usedToday.has(returnId) ? { kind: 'ask-reuse', returnId } : { kind: 'accepted', returnId };
}
