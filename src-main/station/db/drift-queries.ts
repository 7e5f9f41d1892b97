// The station checking itself (issue 35, migration 8): the audit sample and drift holds set when a
// prediction is stored, drift flags raised by the nightly check and cleared by a person or by the
// audit, each night's accuracy estimate and drift check, and the figures History shows for them.
//
// The hold rule, for a photo whose stored prediction is in the high band (it would be
// auto-approved): while a drift flag is open and protectOnDrift is on, it is held 'drift'; else it
// is held 'audit' when the seeded audit rule draws it. A hold is never taken back: a photo once
// held stays in Review until a person decides (src-shared/audit.ts bandWithHold).
import {
  AUDIT_CLEAR_MAX_WRONG,
  AUDIT_CLEAR_MIN_DECIDED,
  DRIFT_GROUP_SHOWN,
  auditRuleText,
  driftGroupIds,
  isoWeekOf,
  wilsonInterval,
  type AuditFigure,
  type DriftCheck,
  type DriftFlag,
  type DriftFlagView,
  type DriftSignal,
  type EstimateVsAuditWeek,
  type HeldFor,
  type NightEstimate,
  type StationHealth,
} from '../../../src-shared/audit.ts';
import { DEFAULT_SETTINGS, type Alert } from '../../../src-shared/domain.ts';
import type { DriftCause } from '../../../src-shared/drift.ts';
import { insertAlert } from './alert-queries.ts';
import { auditKey, isAudited } from './audit-rule.ts';
import type { DbContext, Row } from './db-context.ts';
import { getThresholds } from './settings-queries.ts';

/** Each item's (i) latest prediction (p) and latest live accept or override (d, NULL while nobody
 * has decided): a decided photo is right when the person kept the model's category
 * (`d.category IS p.category`). The audit figures, the audit's clearing and the night watch's
 * labels all read a decision so. */
export const LATEST_ANSWERS = /* sql */ `
  JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE item_id = i.id)
  LEFT JOIN review_decisions d ON d.id = (SELECT max(id) FROM review_decisions WHERE item_id = i.id AND undone_at IS NULL
                                            AND action IN ('accept', 'override'))`;

// Settings -----------------------------------------------------------------------------------------

export interface AuditSettings {
  /** 0–1; 0 = off. */
  auditShare: number;
  protectOnDrift: boolean;
  /** Made once by migration 8; '' only on a database that lost its row (then nothing is audited). */
  auditSeed: string;
}

function storedJson(ctx: DbContext, key: string): unknown {
  const r = ctx.stmt('SELECT value FROM settings WHERE key = ?').get(key);
  if (!r) return undefined;
  try {
    return JSON.parse(r.value as string) as unknown;
  } catch {
    return undefined;
  }
}

/** The three settings the hold rule reads, each falling back to its default when missing or bad
 * (read here without zod: the batch worker stores predictions too). */
export function auditSettings(ctx: DbContext): AuditSettings {
  const share = storedJson(ctx, 'auditShare');
  const protect = storedJson(ctx, 'protectOnDrift');
  const seed = storedJson(ctx, 'auditSeed');
  return {
    auditShare: typeof share === 'number' && share >= 0 && share <= 1 ? share : DEFAULT_SETTINGS.auditShare,
    protectOnDrift: typeof protect === 'boolean' ? protect : DEFAULT_SETTINGS.protectOnDrift,
    auditSeed: typeof seed === 'string' ? seed : '',
  };
}

// Holds --------------------------------------------------------------------------------------------

function hasOpenFlag(ctx: DbContext): boolean {
  return ctx.stmt('SELECT 1 AS x FROM drift_flags WHERE cleared_at IS NULL LIMIT 1').get() !== undefined;
}

/** Sets an item's hold after a prediction of this confidence was stored (inside addPrediction's
 * transaction). Returns the item's hold. */
export function holdOnPrediction(
  ctx: DbContext,
  itemId: number,
  confidence: number,
  highThreshold = getThresholds(ctx).high,
): HeldFor | null {
  const row = ctx.stmt('SELECT sha256, held_for FROM items WHERE id = ?').get(itemId);
  if (!row) return null;
  if (row.held_for != null) return row.held_for as HeldFor; // once held, held
  if (confidence < highThreshold) return null;
  const s = auditSettings(ctx);
  let hold: HeldFor | null = null;
  if (s.protectOnDrift && hasOpenFlag(ctx)) hold = 'drift';
  else if (s.auditSeed !== '' && isAudited(s.auditSeed, auditKey(itemId, (row.sha256 as string | null) ?? null), s.auditShare))
    hold = 'audit';
  if (hold) ctx.stmt('UPDATE items SET held_for = ? WHERE id = ? AND held_for IS NULL').run(hold, itemId);
  return hold;
}

// Drift flags --------------------------------------------------------------------------------------

export interface NewDriftFlag {
  batchRunId?: number | null;
  cause: DriftCause;
  /** One sentence for people: what was measured against what. */
  message: string;
  details?: Record<string, unknown>;
}

function flagFromRow(r: Row): DriftFlag {
  return {
    id: r.id as number,
    raisedAt: r.raised_at as string,
    batchRunId: (r.batch_run_id as number | null) ?? null,
    cause: r.cause as DriftCause,
    message: r.message as string,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
    clearedAt: (r.cleared_at as string | null) ?? null,
    clearedBy: (r.cleared_by as string | null) ?? null,
    clearedHow: (r.cleared_how as DriftFlag['clearedHow']) ?? null,
  };
}

export function getDriftFlag(ctx: DbContext, id: number): DriftFlag | null {
  const r = ctx.stmt('SELECT * FROM drift_flags WHERE id = ?').get(id);
  return r ? flagFromRow(r) : null;
}

/** Every flag, newest first (open and cleared). */
export function listDriftFlags(ctx: DbContext, limit = 100): DriftFlag[] {
  return ctx.stmt('SELECT * FROM drift_flags ORDER BY id DESC LIMIT ?').all(limit).map(flagFromRow);
}

/**
 * Raises a drift flag and its alert (rule 'drift') in one transaction. While protectOnDrift is on,
 * the photos of the flagged night (`batchRunId`'s items) that would be auto-approved and have no
 * decision yet are held 'drift' at once, and every later prediction in the high band is held until
 * the flag is cleared. The caller dispatches the alert after the commit, as batch-report.ts does
 * (`onAlert(alert.id)`: the batch worker's `alert` message; on the main thread the station's alert
 * dispatcher), so the screens and the webhook hear of it like any other alert.
 */
export function raiseFlag(ctx: DbContext, f: NewDriftFlag): { flag: DriftFlag; alert: Alert; held: number } {
  return ctx.tx(() => {
    const now = ctx.nowIso();
    const r = ctx
      .stmt(`INSERT INTO drift_flags (raised_at, batch_run_id, cause, message, details) VALUES (?, ?, ?, ?, ?)`)
      .run(now, f.batchRunId ?? null, f.cause, f.message, JSON.stringify(f.details ?? {}));
    const flag = getDriftFlag(ctx, Number(r.lastInsertRowid))!;
    let held = 0;
    const s = auditSettings(ctx);
    if (s.protectOnDrift && f.batchRunId != null) {
      held = ctx
        .stmt(
          `UPDATE items SET held_for = 'drift'
            WHERE batch_run_id = ? AND held_for IS NULL
              AND (SELECT confidence FROM predictions WHERE item_id = items.id ORDER BY id DESC LIMIT 1) >= ?
              AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.item_id = items.id AND r.undone_at IS NULL
                                AND r.action IN ('accept', 'override'))`,
        )
        .run(f.batchRunId, getThresholds(ctx).high).changes;
    }
    const alert = insertAlert(ctx, {
      rule: 'drift',
      severity: 'warning',
      title: 'The photos look different',
      message: s.protectOnDrift
        ? `${f.message} Until the audit or a person clears it, photos the station would auto-approve go to Review.`
        : f.message,
      actions: ['Look at History, "Is the station still right?"', 'Clear the flag there once the photos are checked'],
      batchRunId: f.batchRunId ?? null,
    });
    // The flag names its alert, so the Alerts screen finds the flag of an alert (flagOfAlert).
    ctx.stmt(`UPDATE drift_flags SET details = json_set(details, '$.alertId', ?) WHERE id = ?`).run(alert.id, flag.id);
    return { flag: getDriftFlag(ctx, flag.id)!, alert, held };
  });
}

/** The flag a drift alert was raised with (raiseFlag keeps the alert's id in the flag's details).
 * Null for another rule's alert or an unknown id. */
export function flagOfAlert(ctx: DbContext, alertId: number): DriftFlag | null {
  // raiseFlag writes the flag's alert id into its details, in the same transaction.
  const r = ctx.stmt(`SELECT * FROM drift_flags WHERE json_extract(details, '$.alertId') = ? ORDER BY id LIMIT 1`).get(alertId);
  return r ? flagFromRow(r) : null;
}

/** A flag with its group's photos (details.groupItemIds, in their order; ids with no item left
 * out): the first DRIFT_GROUP_SHOWN, and how many there are. */
export function driftFlagView(ctx: DbContext, flag: DriftFlag): DriftFlagView {
  const ids = driftGroupIds(flag.details);
  const rows =
    ids.length === 0
      ? []
      : ctx.stmt(`SELECT i.id, i.file_name FROM json_each(?) j JOIN items i ON i.id = j.value ORDER BY j.key`).all(JSON.stringify(ids));
  return {
    flag,
    group: {
      items: rows.slice(0, DRIFT_GROUP_SHOWN).map((r) => ({ itemId: r.id as number, fileName: r.file_name as string })),
      total: rows.length,
    },
  };
}

/** A person clears one flag (clerk and time recorded). Clearing twice keeps the first clearing.
 * Null when there is no such flag. */
export function clearDriftFlag(ctx: DbContext, id: number, clerk: string): DriftFlag | null {
  ctx
    .stmt(`UPDATE drift_flags SET cleared_at = ?, cleared_by = ?, cleared_how = 'person' WHERE id = ? AND cleared_at IS NULL`)
    .run(ctx.nowIso(), clerk, id);
  return getDriftFlag(ctx, id);
}

/** The drift-held photos decided since the oldest open flag was raised; null without open flags. */
export function clearingProgress(ctx: DbContext): { decided: number; wrong: number; since: string } | null {
  const oldest = ctx.stmt('SELECT min(raised_at) AS t FROM drift_flags WHERE cleared_at IS NULL').get()!.t as string | null;
  if (oldest === null) return null;
  const r = ctx
    .stmt(
      `SELECT count(*) AS decided, coalesce(sum(d.category IS NOT p.category), 0) AS wrong
         FROM items i ${LATEST_ANSWERS}
        WHERE i.held_for = 'drift' AND d.created_at >= ?`,
    )
    .get(oldest)!;
  return { decided: r.decided as number, wrong: r.wrong as number, since: oldest };
}

/** The audit's way to clear: once AUDIT_CLEAR_MIN_DECIDED drift-held photos have a live decision
 * since the oldest open flag and at most AUDIT_CLEAR_MAX_WRONG of them were wrong, every open flag
 * is cleared by 'audit'. Called after each decision on a drift-held photo. Returns the flags it
 * cleared. */
export function clearByAudit(ctx: DbContext): DriftFlag[] {
  return ctx.tx(() => {
    const p = clearingProgress(ctx);
    if (!p || p.decided < AUDIT_CLEAR_MIN_DECIDED || p.wrong > AUDIT_CLEAR_MAX_WRONG * p.decided) return [];
    const ids = ctx
      .stmt('SELECT id FROM drift_flags WHERE cleared_at IS NULL')
      .all()
      .map((r) => r.id as number);
    ctx
      .stmt(`UPDATE drift_flags SET cleared_at = ?, cleared_by = 'audit', cleared_how = 'audit' WHERE cleared_at IS NULL`)
      .run(ctx.nowIso());
    return ids.map((id) => getDriftFlag(ctx, id)!);
  });
}

// Night estimates and drift checks -----------------------------------------------------------------

export interface NewNightEstimate {
  batchRunId: number;
  /** Which estimator made it, e.g. 'ATC' or 'DoC'. */
  method: string;
  photos: number;
  autoPhotos: number;
  all: { estimate: number; low: number; high: number };
  /** null when the night had no photo it would auto-approve. */
  auto: { estimate: number; low: number; high: number } | null;
}

/** Stores a batch run's estimate (a second call for the same run replaces it). */
export function recordNight(ctx: DbContext, n: NewNightEstimate): void {
  ctx
    .stmt(
      `INSERT INTO night_estimates (batch_run_id, method, all_estimate, all_low, all_high, auto_estimate, auto_low, auto_high,
         photos, auto_photos, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (batch_run_id) DO UPDATE SET method = excluded.method, all_estimate = excluded.all_estimate,
         all_low = excluded.all_low, all_high = excluded.all_high, auto_estimate = excluded.auto_estimate,
         auto_low = excluded.auto_low, auto_high = excluded.auto_high, photos = excluded.photos,
         auto_photos = excluded.auto_photos, created_at = excluded.created_at`,
    )
    .run(
      n.batchRunId,
      n.method,
      n.all.estimate,
      n.all.low,
      n.all.high,
      n.auto?.estimate ?? null,
      n.auto?.low ?? null,
      n.auto?.high ?? null,
      n.photos,
      n.autoPhotos,
      ctx.nowIso(),
    );
}

/** The stored nights, oldest first (at most `limit`, the newest ones). */
export function nightEstimates(ctx: DbContext, limit = 400): NightEstimate[] {
  return ctx
    .stmt(
      `SELECT * FROM (SELECT n.*, b.started_at FROM night_estimates n JOIN batch_runs b ON b.id = n.batch_run_id
         ORDER BY b.started_at DESC, n.batch_run_id DESC LIMIT ?) ORDER BY started_at, batch_run_id`,
    )
    .all(limit)
    .map((r) => ({
      batchRunId: r.batch_run_id as number,
      startedAt: r.started_at as string,
      method: r.method as string,
      photos: r.photos as number,
      autoPhotos: r.auto_photos as number,
      all: { estimate: r.all_estimate as number, low: r.all_low as number, high: r.all_high as number },
      auto:
        r.auto_estimate == null ? null : { estimate: r.auto_estimate as number, low: r.auto_low as number, high: r.auto_high as number },
    }));
}

/** Stores a batch run's drift check: its reference and its signals (a second call replaces it). */
export function recordCheck(ctx: DbContext, c: { batchRunId: number; reference: 'model' | 'desk'; signals: DriftSignal[] }): void {
  ctx
    .stmt(
      `INSERT INTO drift_checks (batch_run_id, reference, signals, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (batch_run_id) DO UPDATE SET reference = excluded.reference, signals = excluded.signals, created_at = excluded.created_at`,
    )
    .run(c.batchRunId, c.reference, JSON.stringify(c.signals), ctx.nowIso());
}

export function latestCheck(ctx: DbContext): DriftCheck | null {
  const r = ctx
    .stmt(
      `SELECT c.*, b.started_at FROM drift_checks c JOIN batch_runs b ON b.id = c.batch_run_id
        ORDER BY b.started_at DESC, c.batch_run_id DESC LIMIT 1`,
    )
    .get();
  if (!r) return null;
  return {
    batchRunId: r.batch_run_id as number,
    startedAt: r.started_at as string,
    reference: r.reference as DriftCheck['reference'],
    signals: JSON.parse(r.signals as string) as DriftSignal[],
  };
}

// Figures ------------------------------------------------------------------------------------------

function figure(week: string, decided: number, wrong: number): AuditFigure {
  return { week, decided, wrong, rate: decided > 0 ? wrong / decided : null, interval: wilsonInterval(wrong, decided) };
}

/**
 * The wrong-auto-approved rate at this desk, measured on held photos (audit sample and drift
 * holds) with a live decision: right when a person accepted (or overrode to the model's own
 * category), wrong when they put it in another category or Other. Per ISO week of the decision,
 * oldest first, and overall, each with its 95 % Wilson interval.
 */
export function auditFigures(ctx: DbContext): { weeks: AuditFigure[]; overall: AuditFigure } {
  const rows = ctx
    .stmt(
      `SELECT d.created_at AS decided_at, (d.category IS NOT p.category) AS wrong
         FROM items i ${LATEST_ANSWERS}
        WHERE i.held_for IS NOT NULL AND d.id IS NOT NULL`,
    )
    .all();
  const byWeek = new Map<string, { decided: number; wrong: number }>();
  let wrong = 0;
  for (const r of rows) {
    const w = isoWeekOf(r.decided_at as string);
    const f = byWeek.get(w) ?? { decided: 0, wrong: 0 };
    f.decided++;
    f.wrong += Number(r.wrong);
    wrong += Number(r.wrong);
    byWeek.set(w, f);
  }
  const weeks = [...byWeek.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, f]) => figure(w, f.decided, f.wrong));
  return { weeks, overall: figure('overall', rows.length, wrong) };
}

/** Per ISO week: the nights' mean estimated accuracy of auto-approved photos beside the audit's
 * measured accuracy (1 − wrong rate, with its interval). Weeks with either, oldest first. */
export function estimateVsAudit(ctx: DbContext, nights = nightEstimates(ctx), audit = auditFigures(ctx)): EstimateVsAuditWeek[] {
  const weeks = new Map<string, EstimateVsAuditWeek>();
  const at = (w: string) => {
    let e = weeks.get(w);
    if (!e) {
      e = { week: w, nights: 0, estimate: null, audited: null, auditedInterval: null, auditDecided: 0 };
      weeks.set(w, e);
    }
    return e;
  };
  const sums = new Map<string, { sum: number; n: number }>();
  for (const n of nights) {
    const w = isoWeekOf(n.startedAt);
    at(w).nights++;
    if (n.auto) {
      const s = sums.get(w) ?? { sum: 0, n: 0 };
      s.sum += n.auto.estimate;
      s.n++;
      sums.set(w, s);
    }
  }
  for (const [w, s] of sums) at(w).estimate = s.sum / s.n;
  for (const f of audit.weeks) {
    const e = at(f.week);
    e.auditDecided = f.decided;
    e.audited = f.rate === null ? null : 1 - f.rate;
    e.auditedInterval = f.interval ? { low: 1 - f.interval.high, high: 1 - f.interval.low } : null;
  }
  return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
}

/** Held photos still waiting for a person, by why. */
function waitingHeld(ctx: DbContext): Record<HeldFor, number> {
  const counts: Record<HeldFor, number> = { audit: 0, drift: 0 };
  for (const r of ctx
    .stmt(
      `SELECT held_for, count(*) AS n FROM items i
        WHERE held_for IS NOT NULL AND status <> 'failed'
          AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.item_id = i.id AND r.undone_at IS NULL
                            AND r.id = (SELECT max(id) FROM review_decisions WHERE item_id = i.id AND undone_at IS NULL)
                            AND r.action IN ('accept', 'override'))
        GROUP BY held_for`,
    )
    .all())
    counts[r.held_for as HeldFor] = r.n as number;
  return counts;
}

/** Everything History's "Is the station still right?" panel shows. */
export function stationHealth(ctx: DbContext): StationHealth {
  const s = auditSettings(ctx);
  const audit = auditFigures(ctx);
  const nights = nightEstimates(ctx);
  const clearing = clearingProgress(ctx);
  return {
    audit: { share: s.auditShare, seed: s.auditSeed, rule: auditRuleText(s.auditSeed), ...audit, waiting: waitingHeld(ctx) },
    estimates: estimateVsAudit(ctx, nights, audit),
    nights: nights.slice(-60),
    flags: listDriftFlags(ctx),
    protectOnDrift: s.protectOnDrift,
    clearing: clearing && { decided: clearing.decided, wrong: clearing.wrong },
    latestCheck: latestCheck(ctx),
  };
}
