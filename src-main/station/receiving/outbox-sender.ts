// Delivers the outbox: each pending message is POSTed as JSON with its `Idempotency-Key` header
// until a 2xx answer is on record, oldest first. While the receiver is down (no answer, 5xx, 429,
// or any other refusal) the sender waits with a doubling back-off (base, 2×base, … up to max) and
// then tries the oldest message again, so a receiver back after a night gets everything, in order.
// Nothing is marked delivered before its answer came, so a crash at any moment at worst sends a
// message again under the same key (at least once; the receiver drops the repeat).
import type { StationDb } from '../db/station-db.ts';

export interface OutboxSenderOptions {
  db: StationDb;
  /** The inventory webhook address now ('' = off: messages wait). */
  url: () => string;
  /** First wait after a failure (default 2 s), doubled per failure in a row up to maxBackoffMs. */
  backoffMs?: number;
  /** Longest wait (default 5 min). */
  maxBackoffMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** How often the queue is looked at while idle, for messages other processes queued and a URL
   * set in Settings (default 30 s; kick() starts at once). */
  idleMs?: number;
}

export interface OutboxSender {
  /** Looks at the queue now (after new messages, or a new URL). */
  kick(): void;
  /** Delivers what is due, once; resolves with the number delivered. */
  deliverDue(): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : e.message;
  }
  return String(e);
}

export function createOutboxSender(opts: OutboxSenderOptions): OutboxSender {
  const { db } = opts;
  const backoffMs = opts.backoffMs ?? 2000;
  const maxBackoffMs = opts.maxBackoffMs ?? 300_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const idleMs = opts.idleMs ?? 30_000;
  let failuresInARow = 0;
  /** After a failure nothing is sent before this (ms since epoch): the receiver is down, not the
   * message, so every message waits, not only the one that failed. */
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let started = false;
  let closed = false;

  /** One attempt: the HTTP status, or null when no answer came. */
  async function post(url: string, key: string, body: string): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      await res.body?.cancel().catch(() => {});
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (e) {
      return { status: null, error: describe(e) };
    }
  }

  async function deliver(): Promise<number> {
    const url = opts.url();
    if (!url || Date.now() < pausedUntil) return 0;
    let delivered = 0;
    for (;;) {
      if (closed) return delivered;
      const [m] = db.outbox.dueMessages(new Date().toISOString(), 1);
      if (!m) return delivered;
      const { status, error } = await post(url, m.idempotencyKey, m.body);
      if (!db.isOpen) return delivered;
      if (error === null && status !== null) {
        db.outbox.markDelivered(m.id, status);
        failuresInARow = 0;
        delivered++;
        continue;
      }
      failuresInARow++;
      pausedUntil = Date.now() + Math.min(backoffMs * 2 ** (failuresInARow - 1), maxBackoffMs);
      db.outbox.markFailed(m.id, status, error ?? 'no answer', new Date(pausedUntil).toISOString());
      return delivered;
    }
  }

  function schedule() {
    if (!started || closed) return;
    if (timer) clearTimeout(timer);
    const next = db.isOpen ? db.outbox.nextDueAt() : null;
    const due = next === null || !opts.url() ? idleMs : Math.min(idleMs, Date.parse(next) - Date.now());
    const delay = Math.max(0, due, pausedUntil - Date.now());
    timer = setTimeout(() => void sender.deliverDue().finally(schedule), delay);
  }

  const sender: OutboxSender = {
    kick() {
      if (started && !running) schedule();
    },
    deliverDue() {
      running ??= deliver().finally(() => (running = null));
      return running;
    },
    start() {
      started = true;
      schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
  return sender;
}
