// When the nightly batch runs: every day at the configured local time, and once at start-up if the
// machine was off (or the app closed) when the last one was due.

function atLocalTime(day: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const d = new Date(day);
  d.setHours(h!, m!, 0, 0);
  return d;
}

/** The next time the batch is due, strictly after `now`. */
export function nextRunAt(now: Date, batchTime: string): Date {
  const today = atLocalTime(now, batchTime);
  if (today > now) return today;
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  return atLocalTime(tomorrow, batchTime);
}

/** The most recent due time at or before `now`. */
export function lastDueAt(now: Date, batchTime: string): Date {
  const today = atLocalTime(now, batchTime);
  if (today <= now) return today;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  return atLocalTime(yesterday, batchTime);
}

/** True when the last due run did not happen: no run started since it was due. A station that
 * never ran a batch catches up only if it has existed since before that due time. */
export function missedRun(now: Date, batchTime: string, lastRunStartedAt: Date | null, stationCreatedAt: Date): boolean {
  const due = lastDueAt(now, batchTime);
  if (stationCreatedAt > due) return false;
  return lastRunStartedAt === null || lastRunStartedAt < due;
}
