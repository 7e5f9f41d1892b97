// Local wall-clock formatting, one home for the station and the screens. The station records UTC
// ISO strings (db/time-values.ts); the desk talks about local days and reads its logs, reports and
// pick lists in local time. Plain Date arithmetic, so it runs in Node and in the renderer alike.

const p2 = (n: number) => String(n).padStart(2, '0');

/** 2025-10-13: the local calendar day (the station's "today"). */
export function localDay(d: Date = new Date()): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}

/** 2025-10-13 02:00: alerts and pick-list headers. */
export function localMinute(d: Date): string {
  return `${localDay(d)} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** 2025-10-13 02:00:04: the batch log and the HTML report. */
export function localDateTime(d: Date): string {
  return `${localMinute(d)}:${p2(d.getSeconds())}`;
}

/** 2025-10-13T02:00:04 (no milliseconds, no zone): the results CSV's timestamp column. */
export function localIsoSeconds(d: Date): string {
  return localDateTime(d).replace(' ', 'T');
}

/** 20251013_020004: the stamp in the desk's file names. */
export function fileStamp(d: Date): string {
  return localDateTime(d).replace(/[-:]/g, '').replace(' ', '_');
}
