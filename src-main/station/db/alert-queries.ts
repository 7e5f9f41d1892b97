// Alerts raised by the rules after a batch (or by the no-batch watchdog), until a person
// acknowledges them. Acknowledged alerts stay: they are the desk's incident history.
import type { Alert, AlertRule, AlertSeverity } from '../../../src-shared/domain.ts';
import type { DbContext, Row } from './db-context.ts';

export interface NewAlert {
  rule: AlertRule;
  severity: AlertSeverity;
  title: string;
  message: string;
  actions?: string[];
  batchRunId?: number | null;
}

function alertFromRow(r: Row): Alert {
  return {
    id: r.id as number,
    rule: r.rule as AlertRule,
    severity: r.severity as AlertSeverity,
    title: r.title as string,
    message: r.message as string,
    actions: JSON.parse(r.actions as string) as string[],
    batchRunId: (r.batch_run_id as number | null) ?? null,
    createdAt: r.created_at as string,
    acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
  };
}

export function getAlert(ctx: DbContext, id: number): Alert | null {
  const r = ctx.stmt('SELECT * FROM alerts WHERE id = ?').get(id);
  return r ? alertFromRow(r) : null;
}

export function insertAlert(ctx: DbContext, a: NewAlert): Alert {
  const r = ctx
    .stmt(
      `INSERT INTO alerts (rule, severity, title, message, actions, batch_run_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.rule, a.severity, a.title, a.message, JSON.stringify(a.actions ?? []), a.batchRunId ?? null, ctx.nowIso());
  return getAlert(ctx, Number(r.lastInsertRowid))!;
}

/** Newest first. */
export function listAlerts(ctx: DbContext, includeAcknowledged = false): Alert[] {
  const sql = includeAcknowledged
    ? 'SELECT * FROM alerts ORDER BY id DESC'
    : 'SELECT * FROM alerts WHERE acknowledged_at IS NULL ORDER BY id DESC';
  return ctx.stmt(sql).all().map(alertFromRow);
}

/** Marks an alert seen. A second acknowledgement keeps the first one's time and name (two clerks
 * clicking at once should not rewrite who saw it first). Null when there is no such alert. */
export function acknowledgeAlert(ctx: DbContext, id: number, by: string): Alert | null {
  ctx.stmt('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL').run(ctx.nowIso(), by, id);
  return getAlert(ctx, id);
}

export function countUnacknowledgedAlerts(ctx: DbContext): number {
  return ctx.stmt('SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL').get()!.n as number;
}
