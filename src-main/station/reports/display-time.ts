// Times and durations as the HTML report shows them: local wall-clock time (the station records
// UTC ISO strings) and durations in words.
import { localDateTime } from '../../../src-shared/local-time.ts';

/** A full ISO time with a zone (…Z or …+02:00) becomes local "YYYY-MM-DD HH:MM:SS"; anything else
 * is returned unchanged, so a caller may pass its own wording. */
export function displayTime(s: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) return s;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : localDateTime(d);
}

/** 495 → "8 min 15 s"; 42.4 → "42 s"; 3725 → "1 h 2 min 5 s". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h} h ${m} min ${s} s`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}
