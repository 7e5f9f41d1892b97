// Times are stored as ISO-8601 UTC strings of one exact shape (toISOString: "…T02:00:04.123Z") so
// that plain string comparison in SQL orders them; days the desk talks about are LOCAL days.

import { localDay } from '../../../src-shared/local-time.ts';

const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Normalises a caller's time to the stored shape. A string without a zone is refused: JS would
 * read it as local time, and a row off by the UTC offset lands in the wrong day. */
export function toIsoUtc(value: string | Date): string {
  if (typeof value === 'string' && !HAS_ZONE.test(value)) {
    throw new Error(`Time "${value}" has no zone; expected an ISO-8601 string ending in Z or ±hh:mm.`);
  }
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw new Error(`Not a valid time: "${String(value)}"`);
  return d.toISOString();
}

/** The UTC range [from, to) covering a local calendar day. Built with the local Date constructor,
 * so days of 23 or 25 hours (daylight saving) come out right. */
export function localDayRange(day: string): { from: string; to: string } {
  const m = DAY.exec(day);
  const start = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  if (!m || !start || start.getFullYear() !== Number(m[1]) || start.getMonth() !== Number(m[2]) - 1 || start.getDate() !== Number(m[3])) {
    throw new Error(`Not a day: "${day}" (expected YYYY-MM-DD)`);
  }
  const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** Every local calendar day from `from` to `to` inclusive, each with its UTC range, oldest first.
 * Stepping with the local Date constructor keeps 23- and 25-hour days whole. */
export function localDays(from: string, to: string): { day: string; from: string; to: string }[] {
  const first = localDayRange(from);
  const last = localDayRange(to);
  const out: { day: string; from: string; to: string }[] = [];
  let start = new Date(first.from);
  while (start.toISOString() <= last.from) {
    const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
    out.push({ day: localDay(start), from: start.toISOString(), to: end.toISOString() });
    start = end;
  }
  return out;
}
