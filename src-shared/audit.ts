// The station checks itself (issue 35): the audit sample, drift flags and the figures History shows
// for them. Pure rules and types, shared by the station core and the UI; imports only types.
import type { ConfidenceBand } from './domain.ts';
import type { DriftCause, DriftSignalName } from './drift.ts';

/** Why a photo the model would auto-approve was sent to a person: the audit sample, or an open
 * drift flag while the station protects its promise (Settings, "Protect auto-approval on drift"). */
export type HeldFor = 'audit' | 'drift';

/** The share of would-be auto-approvals audited by default (Settings: 0 turns the audit off). */
export const DEFAULT_AUDIT_SHARE = 0.02;
/** The audit clears the open drift flags once at least this many drift-held photos have a live
 * decision since the oldest open flag was raised … */
export const AUDIT_CLEAR_MIN_DECIDED = 100;
/** … and at most this share of them were wrong. */
export const AUDIT_CLEAR_MAX_WRONG = 0.01;

/** The hold rule: a held photo never sits in the auto-approved band; it goes to the medium queue.
 * Like bandWithExpectation (receiving.ts) it only ever lowers a band. */
export function bandWithHold<B extends ConfidenceBand>(band: B, heldFor: HeldFor | null): B | 'medium' {
  return heldFor !== null && band === 'high' ? 'medium' : band;
}

/** The audit rule in words, for Settings and History (db/audit-rule.ts is the code). */
export function auditRuleText(seed: string): string {
  return `A photo is audited when the first 8 hex digits of sha256("${seed}:" + the photo's sha256) / 2^32 are below the audit share.`;
}

export interface Interval {
  low: number;
  high: number;
}

/** The Wilson score interval for `k` of `n` at two-sided 95 % (z = 1.96); null without trials. */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: k <= 0 ? 0 : Math.max(0, centre - half), high: k >= n ? 1 : Math.min(1, centre + half) };
}

/** The ISO week of a UTC time, as 2025-W42 (weeks start on Monday; week 1 holds the 4th of January). */
export function isoWeekOf(isoUtc: string): string {
  const d = new Date(isoUtc);
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - weekday + 3); // the Thursday of its week decides the year
  const year = t.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((t.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Audited photos with a live decision in one week (or overall): how many, how many wrong. */
export interface AuditFigure {
  /** 2025-W42, or 'overall'. */
  week: string;
  decided: number;
  /** A person put it in another category (or Other) than the model would have auto-approved. */
  wrong: number;
  /** wrong / decided; null without decisions. */
  rate: number | null;
  /** 95 % Wilson interval of the rate; null without decisions. */
  interval: Interval | null;
}

/** One night's estimate (the drift module's estimateNight), as stored. */
export interface NightEstimate {
  batchRunId: number;
  /** When its run started. */
  startedAt: string;
  method: string;
  photos: number;
  autoPhotos: number;
  all: { estimate: number; low: number; high: number };
  /** Of the photos it would auto-approve; null when it had none. */
  auto: { estimate: number; low: number; high: number } | null;
}

/** A week of "estimate vs audit-measured accuracy": the mean estimate of the week's nights for the
 * auto-approved photos beside 1 − the audit's wrong rate (with its interval). */
export interface EstimateVsAuditWeek {
  week: string;
  nights: number;
  /** Mean of the nights' auto-approved estimates; null when no night had one. */
  estimate: number | null;
  /** 1 − the week's audited wrong rate; null without audited decisions. */
  audited: number | null;
  auditedInterval: Interval | null;
  auditDecided: number;
}

export interface DriftFlag {
  id: number;
  raisedAt: string;
  batchRunId: number | null;
  cause: DriftCause;
  message: string;
  details: Record<string, unknown>;
  clearedAt: string | null;
  /** A clerk's name, or 'audit'. */
  clearedBy: string | null;
  clearedHow: 'person' | 'audit' | null;
}

/** One drift signal of a night, as the drift check measured it. */
export interface DriftSignal {
  name: DriftSignalName;
  /** Words for people: what was measured against what. */
  label: string;
  value: number;
  threshold: number;
  flagged: boolean;
}

export interface DriftCheck {
  batchRunId: number;
  startedAt: string;
  /** What the night was compared with: the model's own training photos, or the desk's own first settled nights (its reference). */
  reference: 'model' | 'desk';
  signals: DriftSignal[];
}

/** History's "Is the station still right?" panel. */
export interface StationHealth {
  audit: {
    /** The audit share now (0: off). */
    share: number;
    seed: string;
    rule: string;
    weeks: AuditFigure[];
    overall: AuditFigure;
    /** Photos held and still waiting for a person, by why. */
    waiting: Record<HeldFor, number>;
  };
  estimates: EstimateVsAuditWeek[];
  nights: NightEstimate[];
  flags: DriftFlag[];
  /** Settings: while a flag is open, would-be auto-approvals go to a person. */
  protectOnDrift: boolean;
  /** Drift-held photos decided since the oldest open flag, and how many were wrong (the audit's way
   * to clear the flags: AUDIT_CLEAR_MIN_DECIDED with at most AUDIT_CLEAR_MAX_WRONG wrong). */
  clearing: { decided: number; wrong: number } | null;
  latestCheck: DriftCheck | null;
}

/** How many of a new-kind group's photos the screens show as thumbnails (the rest: "+N more"). */
export const DRIFT_GROUP_SHOWN = 12;

/** One photo of a drift flag's look-alike group, shown by item id (the photo is fetched by id). */
export interface DriftGroupItem {
  itemId: number;
  fileName: string;
}

/** A drift flag with the photos of its group (a 'new-kind' flag's look-alike photos, closest to
 * the group's centre first; empty for other causes): at most DRIFT_GROUP_SHOWN of them, and how
 * many the group has in all. */
export interface DriftFlagView {
  flag: DriftFlag;
  group: { items: DriftGroupItem[]; total: number };
}

/** The item ids of a flag's group (`details.groupItemIds`, set for a 'new-kind' flag); [] when
 * absent or not a list of ids. */
export function driftGroupIds(details: Record<string, unknown>): number[] {
  const ids = details.groupItemIds;
  return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x) && (x as number) > 0) : [];
}
