// Pure domain rules shared by the station core and the UI. No Node, no DOM; imports only receiving.ts
// (grades, dispositions and their rule table, which has no imports of its own) and audit.ts's types.
import {
  DEFAULT_CATEGORY_CODES,
  DEFAULT_DISPOSITION_RULES,
  type Disposition,
  type DispositionRules,
  type ExpectedMatch,
  type Grade,
} from './receiving.ts';
import { DEFAULT_AUDIT_SHARE, type HeldFor } from './audit.ts';

/** The categories of the shipped model, in its output order. The model's own `labels` are the
 * source of truth at run time; this list is the default the desk knows. */
export const DEFAULT_CATEGORIES = [
  'Tshirts',
  'Shirts',
  'Casual Shoes',
  'Watches',
  'Sports Shoes',
  'Kurtas',
  'Tops',
  'Handbags',
  'Heels',
  'Sunglasses',
] as const;

export type ConfidenceBand = 'high' | 'medium' | 'low';

export interface BandThresholds {
  /** At or above: auto-approved. */
  high: number;
  /** Below: sent to the review queue. Between the two: medium ("quick check"). */
  low: number;
}

export const DEFAULT_THRESHOLDS: BandThresholds = { high: 0.85, low: 0.7 };

export function bandOf(confidence: number, t: BandThresholds = DEFAULT_THRESHOLDS): ConfidenceBand {
  if (confidence >= t.high) return 'high';
  if (confidence < t.low) return 'low';
  return 'medium';
}

export function validateThresholds(t: BandThresholds): string | null {
  if (!(t.low > 0 && t.low < 1 && t.high > 0 && t.high <= 1)) return 'Thresholds must lie between 0 and 1.';
  if (t.low > t.high) return 'The low threshold must not be above the high threshold.';
  return null;
}

export interface Guess {
  category: string;
  confidence: number;
}

/** Return barcodes look like RET-20251013-001; their photos like return_20251013_001.jpg. */
const RETURN_ID = /^RET-(\d{4})(\d{2})(\d{2})-(\d{3,})$/;
const PHOTO_NAME = /^return_(\d{4})(\d{2})(\d{2})_(\d{3,})(?:_\d+)?\.[A-Za-z0-9]+$/;

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** Normalises a scanned or typed return id (scanners may send lower case or surrounding blanks);
 * null when it is not a return id. */
export function parseReturnId(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  const m = RETURN_ID.exec(id);
  if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return null;
  return id;
}

/** RET-20251013-001 → return_20251013_001.jpg */
export function photoNameForReturnId(returnId: string, ext = 'jpg'): string {
  const id = parseReturnId(returnId);
  if (!id) throw new Error(`Not a return id: "${returnId}" (expected RET-YYYYMMDD-NNN)`);
  const [, y, m, d, n] = RETURN_ID.exec(id)!;
  return `return_${y}${m}${d}_${n}.${ext}`;
}

/** return_20251013_001.jpg (or a clash-suffixed return_20251013_001_2.jpg) → RET-20251013-001;
 * any other file name → null (the photo is still accepted, just without a return id). */
export function returnIdFromPhotoName(fileName: string): string | null {
  const m = PHOTO_NAME.exec(fileName);
  if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return null;
  return `RET-${m[1]}${m[2]}${m[3]}-${m[4]}`;
}

// ---------------------------------------------------------------------------------------------
// Station records. Times are ISO-8601 strings in UTC ("2025-10-13T02:00:04.123Z"); file locations
// are relative to the station root with forward slashes ("processed/Tshirts/return_…jpg").

/** Where a photo's file is now. */
export type ItemLocation = 'incoming' | 'processed' | 'errors';

/**
 * pending    — recorded, not classified yet
 * classified — has a prediction, still in incoming/
 * filed      — moved to processed/<Category>/
 * failed     — unreadable; quarantined in errors/ with the reason
 */
export type ItemStatus = 'pending' | 'classified' | 'filed' | 'failed';

/** What the kinds head of a model 3.0 or later said of a photo: its most likely kind, the kind's name
 * for people, its probability and its categories ([]: none of the station's, so the photo "looks like
 * Trousers" and goes to a person). */
export interface KindGuess {
  label: string;
  name: string;
  probability: number;
  categories: string[];
}

/** The kinds a model knows (model.json `kinds`): labels, each kind's name for people and the
 * categories it counts as ([]: none of the model's). */
export interface KindsVocabulary {
  labels: readonly string[];
  names: Readonly<Record<string, string>>;
  categories: Readonly<Record<string, readonly string[]>>;
}

export interface Prediction {
  category: string;
  confidence: number;
  top3: Guess[];
  modelSha256: string;
  latencyMs: number;
  createdAt: string;
  /** The desk head that made it (desk-learning.ts); null or absent: the base model alone. */
  headId?: number | null;
  /** The kinds head's reading (models with a kinds output); null or absent otherwise. */
  kind?: KindGuess | null;
}

export type ReviewAction = 'accept' | 'override' | 'defer' | 'flag';

export interface ReviewDecision {
  id: number;
  itemId: number;
  action: ReviewAction;
  /** The category the person settled on (accept: the prediction's; override: the new one). */
  category: string | null;
  clerk: string;
  /** Time from showing the item to the decision. */
  durationMs: number;
  createdAt: string;
  /** Set when the decision was taken back with undo. */
  undoneAt: string | null;
}

export interface Item {
  id: number;
  fileName: string;
  /** null for a file that could not be read at all (it is quarantined with the reason). */
  sha256: string | null;
  sizeBytes: number;
  returnId: string | null;
  location: ItemLocation;
  /** Path relative to the station root. */
  relPath: string;
  status: ItemStatus;
  error: string | null;
  receivedAt: string;
  filedAt: string | null;
  batchRunId: number | null;
  prediction: Prediction | null;
  /** The category the item is filed under: a reviewer's override, else the prediction. */
  category: string | null;
  /** By the confidence and thresholds, except that an item that is not what was expected is always
   * 'low' (receiving.ts bandWithExpectation: it goes to Review, never auto-approved). */
  band: ConfidenceBand | null;
  /** Why a photo the model would auto-approve went to a person instead (audit.ts: the audit sample,
   * or an open drift flag); its band is then 'medium'. null for every other photo. */
  heldFor: HeldFor | null;
  lastDecision: ReviewDecision | null;
  /** Its category against the return announced for its return id (receiving.ts). */
  expectedMatch: ExpectedMatch | null;
  /** Condition grade given at intake or in Review; null until someone grades it. */
  grade: Grade | null;
}

export type BatchStatus = 'running' | 'completed' | 'completed_with_errors' | 'failed';
export type BatchTrigger = 'schedule' | 'catch-up' | 'manual' | 'cli';

export interface BatchRun {
  id: number;
  /** Local time the run started, as in its file names: 20251013_020000. */
  timestamp: string;
  startedAt: string;
  finishedAt: string | null;
  trigger: BatchTrigger;
  status: BatchStatus;
  totalImages: number;
  successful: number;
  failed: number;
  successRate: number;
  lowConfidence: number;
  durationSeconds: number;
  modelSha256: string | null;
  errorMessage: string | null;
  /** Output files, relative to the root. */
  outputs: { csv: string; summary: string; report: string; log: string } | null;
}

export interface BatchProgress {
  runId: number;
  phase: 'scan' | 'classify' | 'file' | 'report' | 'done';
  done: number;
  total: number;
  current: string | null;
}

export type AlertSeverity = 'critical' | 'error' | 'warning' | 'info';

export type AlertRule = 'batch-failed' | 'error-rate' | 'low-confidence' | 'slow-batch' | 'no-batch' | 'database-restored' | 'drift';

export interface Alert {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  title: string;
  /** One sentence with the measured value and the threshold. */
  message: string;
  actions: string[];
  batchRunId: number | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface WarehouseLocation {
  category: string;
  section: string;
  aisle: string;
}

export interface StationSettings {
  /** Local time of the nightly batch, "HH:MM". */
  batchTime: string;
  thresholds: BandThresholds;
  /** Slack-style incoming webhook for alerts; empty = off. */
  webhookUrl: string;
  clerks: string[];
  /** Watch incoming/ by polling (network shares), with this interval in ms; 0 = native events. */
  pollIntervalMs: number;
  locations: WarehouseLocation[];
  /** Category × grade → disposition (receiving.ts). */
  dispositionRules: DispositionRules;
  /** Category → the inventory system's code for it (the exports' category_code; '' when none). */
  categoryCodes: Record<string, string>;
  /** Where each settled item is POSTed (README, "Receiving formats"); empty = off. */
  inventoryWebhookUrl: string;
  /** The share (0–1) of the photos the station would auto-approve that go to Review marked
   * "Audit" (audit.ts); 0 = off. The rule's seed is made once and shown, not set. */
  auditShare: number;
  /** While a drift flag is open, photos the station would auto-approve go to a person. */
  protectOnDrift: boolean;
}

export const DEFAULT_SETTINGS: StationSettings = {
  batchTime: '02:00',
  thresholds: DEFAULT_THRESHOLDS,
  webhookUrl: '',
  clerks: [],
  pollIntervalMs: 0,
  locations: [],
  dispositionRules: DEFAULT_DISPOSITION_RULES,
  categoryCodes: DEFAULT_CATEGORY_CODES,
  inventoryWebhookUrl: '',
  auditShare: DEFAULT_AUDIT_SHARE,
  protectOnDrift: true,
};

/** Same-folder name for a clash: return_20251013_001.jpg → return_20251013_001_2.jpg. */
export function clashName(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}_${n}${fileName.slice(dot)}` : `${fileName}_${n}`;
}

// ---------------------------------------------------------------------------------------------
// Pick lists: what the desk prints to route filed items to their warehouse shelves.

export interface PickListLine {
  itemId: number;
  /** null for a photo saved without a return id: show the file name instead. */
  returnId: string | null;
  fileName: string;
  /** The category the item is filed under: a reviewer's accept/override wins over the model. */
  category: string;
  source: 'predicted' | 'reviewed';
  /** By the current threshold settings (null only for an item filed without a prediction). */
  band: ConfidenceBand | null;
  confidence: number | null;
  /** Code 128 of the return id as a self-contained SVG document (made in the core, so the
   * renderer needs no barcode library); null without a return id. */
  barcodeSvg: string | null;
  grade: Grade | null;
  /** A person's choice, else the rule table's for the category and grade; null when ungraded. */
  disposition: Disposition | null;
}

export interface PickListGroup {
  category: string;
  /** From the settings' category → location table; null when the category has none (such groups
   * come last). */
  location: { section: string; aisle: string } | null;
  /** When the list is grouped by disposition: the disposition of every line in the group (null:
   * ungraded items); the groups of one disposition come together, in warehouse order. Null when
   * grouped by category alone. */
  disposition: Disposition | null;
  lines: PickListLine[];
}

export type PickListScope = { kind: 'batch'; batchRunId: number; batchTimestamp: string } | { kind: 'range'; from: string; to: string };

export interface PickList {
  title: string;
  generatedAt: string;
  scope: PickListScope;
  /** Set when the list was narrowed to one category. */
  category: string | null;
  /** 'disposition': sections by disposition (Restock, Refurbish, …, ungraded last), each in
   * warehouse order by category; 'category': warehouse order by category alone. */
  groupBy: 'category' | 'disposition';
  totals: { items: number; categories: number; reviewed: number; bands: Record<ConfidenceBand, number> };
  /** In warehouse order: section, then aisle; categories without a location last, by name. */
  groups: PickListGroup[];
}
