// The outbound webhook's outbox: a message is written in the same transaction as what it reports,
// delivered at least once (the receiver deduplicates by idempotency key), retried with back-off,
// and kept after delivery. A crash at any point leaves it 'pending' until a 2xx is on record.
import type { OutboxState } from '../../../src-shared/receiving.ts';
import type { DbContext } from './db-context.ts';

export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  body: string;
  attempts: number;
}

/** Queues a message; a key already queued is left as it is (the same message, once). */
export function enqueue(ctx: DbContext, idempotencyKey: string, itemId: number | null, body: unknown): void {
  const now = ctx.nowIso();
  ctx
    .stmt(
      `INSERT INTO outbox (idempotency_key, item_id, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .run(idempotencyKey, itemId, JSON.stringify(body), now, now);
}

/** Pending messages due at `nowIso`, oldest queued first (a failure pauses them all, so the order holds). */
export function dueMessages(ctx: DbContext, nowIso: string, limit: number): OutboxMessage[] {
  return ctx
    .stmt(
      `SELECT id, idempotency_key, body, attempts FROM outbox INDEXED BY outbox_due
        WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
    )
    .all(nowIso, limit)
    .map((r) => ({
      id: r.id as number,
      idempotencyKey: r.idempotency_key as string,
      body: r.body as string,
      attempts: r.attempts as number,
    }));
}

/** When the next pending message is due, or null when none waits. */
export function nextDueAt(ctx: DbContext): string | null {
  return (ctx.stmt(`SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'`).pluck().get() as unknown as string | null) ?? null;
}

export function markDelivered(ctx: DbContext, id: number, status: number): void {
  const now = ctx.nowIso();
  ctx
    .stmt(
      `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_status = ?, last_error = NULL WHERE id = ?`,
    )
    .run(now, status, id);
}

export function markFailed(ctx: DbContext, id: number, status: number | null, error: string, nextAttemptAt: string): void {
  ctx
    .stmt(`UPDATE outbox SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`)
    .run(status, error, nextAttemptAt, id);
}

export function outboxState(ctx: DbContext, configured: boolean, recent = 20): OutboxState {
  const counts = ctx
    .stmt(
      `SELECT coalesce(sum(state = 'pending'), 0) AS pending, coalesce(sum(state = 'delivered'), 0) AS delivered,
              min(CASE WHEN state = 'pending' THEN created_at END) AS oldest,
              min(CASE WHEN state = 'pending' THEN next_attempt_at END) AS next
         FROM outbox`,
    )
    .get()!;
  const lastError = ctx
    .stmt(`SELECT last_error FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get() as unknown as string | undefined;
  return {
    configured,
    pending: counts.pending as number,
    delivered: counts.delivered as number,
    oldestPendingAt: (counts.oldest as string | null) ?? null,
    nextAttemptAt: (counts.next as string | null) ?? null,
    lastError: lastError ?? null,
    recent: ctx
      .stmt(
        `SELECT idempotency_key, json_extract(body, '$.returnId') AS return_id, state, attempts, coalesce(delivered_at, created_at) AS at
               FROM outbox ORDER BY id DESC LIMIT ?`,
      )
      .all(recent)
      .map((r) => ({
        idempotencyKey: r.idempotency_key as string,
        returnId: (r.return_id as string | null) ?? null,
        state: r.state as 'pending' | 'delivered',
        attempts: r.attempts as number,
        at: r.at as string,
      })),
  };
}
