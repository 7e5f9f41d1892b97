// The review queue's keyboard: Enter/A accept, 1–9 and 0 pick a category (in model label order),
// Space defer, Backspace undo, F flag for a supervisor, ? help. Pure, so the mapping is tested alone.
export type ReviewCommand =
  { kind: 'accept' } | { kind: 'override'; category: string } | { kind: 'defer' } | { kind: 'undo' } | { kind: 'flag' } | { kind: 'help' };

export function reviewCommand(
  e: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean },
  categories: readonly string[],
): ReviewCommand | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const k = e.key;
  if (k === 'Enter' || k === 'a' || k === 'A') return { kind: 'accept' };
  if (/^[0-9]$/.test(k)) {
    const category = categories[k === '0' ? 9 : Number(k) - 1];
    return category ? { kind: 'override', category } : null;
  }
  if (k === ' ' || k === 'Spacebar') return { kind: 'defer' };
  if (k === 'Backspace') return { kind: 'undo' };
  if (k === 'f' || k === 'F') return { kind: 'flag' };
  if (k === '?') return { kind: 'help' };
  return null;
}
