// Display helpers shared by the screens.
import type { ConfidenceBand } from '../../src-shared/domain.ts';

export const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)} %`;

export const BAND_LABEL: Record<ConfidenceBand, string> = { high: 'High', medium: 'Medium', low: 'Low – review' };

export const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "1 m 20 s" / "45 s" */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} m ${s % 60} s` : `${s} s`;
}
