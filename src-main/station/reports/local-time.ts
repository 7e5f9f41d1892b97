// Local wall-clock formatting. The desk reads its logs and reports in local time, while the station
// records UTC ISO strings; these helpers do the one conversion.

const p2 = (n: number) => String(n).padStart(2, '0');

/** 2025-10-13 02:00:00 (local). */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** 2025-10-13T02:00:04 (local, no milliseconds): the CSV's timestamp column. */
export function localIsoSeconds(d: Date): string {
  return localDateTime(d).replace(' ', 'T');
}

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
