// The contract between the UI and the station: every request the UI may make (`requests`: one entry
// each, its argument schema and its result type) and every event the station pushes (StationEvents). Both transports
// — Electron IPC in the app, the loopback socket in browser mode — validate payloads against these
// schemas, so a renderer bug (or a hostile page) cannot hand the core a shape it does not expect.
import { z } from 'zod';
import type { Alert, BatchProgress, BatchRun, Item, PickList, ReviewDecision, StationSettings } from './domain.ts';
import type { DriftFlag, DriftFlagView, StationHealth } from './audit.ts';
import type { DeskHead, DeskLearningState } from './desk-learning.ts';
import type { HistoryReport } from './history-types.ts';
import { parseReturnId } from './domain.ts';
import type { ExpectedReturnInfo, ExpectedReturnsOutcome, FindReturnResult, ItemCondition, OutboxState } from './receiving.ts';
import { DispositionSchema, GradeSchema } from './receiving-formats.ts';

const id = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const category = z.string().min(1).max(64);
const clerk = z.string().trim().min(1).max(64);

/** A real calendar day (not 2025-02-30), as an index of days since 1970 for range arithmetic. */
const dayNumber = (d: string) => {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, dd);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === dd ? t / 86_400_000 : NaN;
};
const calendarDay = day.refine((d) => !Number.isNaN(dayNumber(d)), 'not a calendar day');
/** Days from `from` to `to`, both counted. */
const spanDays = (from: string, to: string) => dayNumber(to) - dayNumber(from) + 1;

/** The largest photo savePhoto takes. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;

/** A pick list is a printed document: a month is ~9,000 lines (~600 pages) already. */
export const MAX_PICK_LIST_DAYS = 31;
/** A year and a bit, so "the last 365 days" and a calendar year both fit. */
export const MAX_HISTORY_DAYS = 400;

const pickListScope = z
  .object({
    batchRunId: id.optional(),
    from: calendarDay.optional(),
    to: calendarDay.optional(),
    category: category.optional(),
    groupBy: z.enum(['category', 'disposition']).optional(),
  })
  .strict()
  .refine(
    (a) => (a.batchRunId !== undefined) !== (a.from !== undefined || a.to !== undefined),
    'give either batchRunId or a date range (from and to), not both',
  )
  .refine((a) => a.batchRunId !== undefined || (a.from !== undefined && a.to !== undefined), 'a date range needs both from and to')
  .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, { message: 'from must not be after to', path: ['to'] })
  .refine((a) => a.from === undefined || a.to === undefined || a.from > a.to || spanDays(a.from, a.to) <= MAX_PICK_LIST_DAYS, {
    message: `a pick list covers at most ${MAX_PICK_LIST_DAYS} days`,
    path: ['to'],
  });

const historyRange = z
  .object({ from: calendarDay, to: calendarDay })
  .strict()
  .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['to'] })
  .refine((a) => a.from > a.to || spanDays(a.from, a.to) <= MAX_HISTORY_DAYS, {
    message: `history covers at most ${MAX_HISTORY_DAYS} days`,
    path: ['to'],
  });

const webhookUrl = z.union([
  z.literal(''),
  z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' })
    .max(2048)
    // A user name or password in the address would be stored, shown and logged like any text.
    .refine(
      (u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''),
      'must not contain a user name or password',
    ),
]);

/** The rule table: every grade's disposition, and per category the grades that differ. */
const dispositionRules = z
  .object({
    default: z.record(GradeSchema, DispositionSchema),
    byCategory: z
      .record(category, z.partialRecord(GradeSchema, DispositionSchema))
      .refine((r) => Object.keys(r).length <= 100, 'at most 100 categories'),
  })
  .strict();

export const SettingsPatch = z
  .object({
    batchTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)'),
    thresholds: z.object({ high: z.number().gt(0).lte(1), low: z.number().gt(0).lt(1) }),
    webhookUrl,
    clerks: z.array(clerk).max(100),
    pollIntervalMs: z.number().int().min(0).max(60_000),
    locations: z
      .array(z.object({ category, section: z.string().max(32), aisle: z.string().max(32) }))
      .max(100)
      .refine((ls) => new Set(ls.map((l) => l.category)).size === ls.length, 'each category may have one location only'),
    dispositionRules,
    categoryCodes: z.record(category, z.string().trim().max(32)).refine((r) => Object.keys(r).length <= 100, 'at most 100 categories'),
    inventoryWebhookUrl: webhookUrl,
    auditShare: z.number().min(0).max(1),
    protectOnDrift: z.boolean(),
  })
  .partial()
  .strict();

/** A request's result type, carried by its contract entry (never a value at run time). */
const returns = <T>() => undefined as unknown as T;

/** Every request: its argument schema (validated by both transports) and its result type. */
export const requests = {
  getStatus: { args: z.object({}).strict(), result: returns<StationStatus>() },
  listItems: {
    args: z
      .object({
        day: calendarDay.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    result: returns<Item[]>(),
  },
  getItem: { args: z.object({ id }).strict(), result: returns<Item>() },
  savePhoto: {
    args: z
      .object({
        returnId: z
          .string()
          .max(32)
          .refine((r) => parseReturnId(r) !== null, 'expected RET-YYYYMMDD-NNN')
          .nullable(),
        /** Bytes: base64 text over HTTP (request-bytes.ts). */
        bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0 && b.byteLength <= MAX_PHOTO_BYTES, 'photo must be 1 byte to 50 MB'),
        ext: z.enum(['jpg', 'png', 'webp']),
        /** Reuse a return id already used today (the UI asked the clerk first). */
        allowReuse: z.boolean().default(false),
      })
      .strict(),
    result: returns<Item>(),
  },
  reviewQueue: {
    args: z.object({ band: z.enum(['low', 'medium']).default('low'), day: calendarDay.optional() }).strict(),
    result: returns<Item[]>(),
  },
  decide: {
    args: z
      .object({
        itemId: id,
        action: z.enum(['accept', 'override', 'defer', 'flag']),
        category: category.optional(),
        clerk,
        durationMs: z.number().int().min(0).max(86_400_000),
      })
      .strict()
      .refine((d) => d.action !== 'override' || d.category !== undefined, 'override needs a category'),
    result: returns<DecisionWithItem>(),
  },
  undoDecision: { args: z.object({ decisionId: id }).strict(), result: returns<Item>() },
  recentDecisions: {
    args: z.object({ limit: z.number().int().min(1).max(100).default(10) }).strict(),
    result: returns<DecisionWithItem[]>(),
  },
  runBatchNow: { args: z.object({}).strict(), result: returns<{ runId: number }>() },
  listBatchRuns: { args: z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(), result: returns<BatchRun[]>() },
  listAlerts: { args: z.object({ includeAcknowledged: z.boolean().default(false) }).strict(), result: returns<Alert[]>() },
  acknowledgeAlert: { args: z.object({ id, by: clerk }).strict(), result: returns<Alert>() },
  getSettings: { args: z.object({}).strict(), result: returns<StationSettings>() },
  updateSettings: { args: SettingsPatch, result: returns<StationSettings>() },
  setWatching: { args: z.object({ paused: z.boolean() }).strict(), result: returns<{ watching: boolean }>() },
  /** Filed items of one batch run, or filed within a range of local days, in warehouse order. */
  pickList: { args: pickListScope, result: returns<PickList>() },
  /** The same list as a PDF in <root>/picklists/ (never overwriting one). */
  savePickListPdf: { args: pickListScope, result: returns<SavedPickListPdf>() },
  /** Daily figures for local days from..to (both included), runs and alerts. */
  history: { args: historyRange, result: returns<HistoryReport>() },
  /** The history's daily table as CSV text. */
  historyCsv: { args: historyRange, result: returns<{ fileName: string; csv: string }>() },
  /** History's "Is the station still right?": the audit figures, the nights' estimates, drift flags. */
  getStationHealth: { args: z.object({}).strict(), result: returns<StationHealth>() },
  /** A person clears a drift flag (recorded with who and when); auto-approval resumes once none is open. */
  clearDriftFlag: { args: z.object({ id, clerk }).strict(), result: returns<DriftFlag>() },
  /** One drift flag with its group's photos, by the flag's id or by its alert's id (an alert of rule
   * 'drift'); NOT_FOUND when there is none. */
  getDriftFlag: {
    args: z
      .object({ id: id.optional(), alertId: id.optional() })
      .strict()
      .refine((a) => (a.id === undefined) !== (a.alertId === undefined), 'give either id or alertId, not both'),
    result: returns<DriftFlagView>(),
  },
  /** Posts a test message to the saved webhook URL. */
  sendTestWebhook: { args: z.object({}).strict(), result: returns<WebhookTestResult>() },
  /** Moves the station to another folder: the host (app or browser mode) closes this station and
   * opens one there; the UI reloads. The folder is created if missing and must be writable. */
  setStationRoot: { args: z.object({ root: z.string().trim().min(1).max(1024) }).strict(), result: returns<{ root: string }>() },
  /** Printers the app window can print to; browser mode has none (the browser's dialog chooses). */
  listPrinters: { args: z.object({}).strict(), result: returns<{ name: string; displayName: string }[]>() },
  /** Prints the app window: the system dialog (printer null), or silently to a named printer that
   * was first verified to exist. Only the app implements it; browser mode uses the browser's print. */
  /** printed is false when the person cancelled the dialog. */
  printWindow: {
    args: z.object({ printer: z.string().min(1).max(256).nullable() }).strict(),
    result: returns<{ printed: boolean; printer: string | null }>(),
  },
  /** A category the desk adds in Review ("new category…"): its photos are filed into
   * processed/<name>/ and it joins pick lists, history, locations and the review keys. The name is
   * checked by categoryNameProblem (desk-learning.ts); the answer is every category, in key order.
   * `kind`: the model's kind of the photo on screen, which the clerk says the category is: doubted
   * photos of that kind (and of its namesakes) are answered with the category from then on, with
   * `kinds` the ones it took. */
  addCategory: {
    args: z.object({ name: z.string().max(64), clerk, kind: z.string().min(1).max(100).optional() }).strict(),
    result: returns<{ name: string; categories: string[]; kinds: string[] }>(),
  },
  /** Desk learning as Settings and History show it: the head in use, every head, the examples. */
  deskLearning: { args: z.object({}).strict(), result: returns<DeskLearningState>() },
  /** Fits a desk head now from the review decisions (in a worker thread); the head is used only if
   * it beats the base model on its check. `head` is null when there were too few decisions. */
  retrainDeskHead: { args: z.object({}).strict(), result: returns<{ head: DeskHead | null; state: DeskLearningState }>() },
  /** Predicts with an earlier accepted head from now on, or with the base model alone (null). */
  useDeskHead: { args: z.object({ headId: id.nullable() }).strict(), result: returns<DeskLearningState>() },
  /** Announces returns (the rows of an expected-returns file, receiving-formats.ts ExpectedReturnRow):
   * each row is checked on its own; good rows are stored (a return id announced again is replaced),
   * bad ones answered with their reasons. */
  addExpectedReturns: {
    args: z.object({ rows: z.array(z.unknown()).min(1).max(10_000) }).strict(),
    result: returns<ExpectedReturnsOutcome>(),
  },
  /** What was announced for a scanned return id (Intake shows it); null when nothing was. */
  expectedReturn: {
    args: z
      .object({
        returnId: z
          .string()
          .max(32)
          .refine((r) => parseReturnId(r) !== null, 'expected RET-YYYYMMDD-NNN'),
      })
      .strict(),
    result: returns<ExpectedReturnInfo | null>(),
  },
  /** Grades an item and, optionally, chooses its disposition (null: the rule table's). */
  setItemCondition: {
    args: z.object({ itemId: id, grade: GradeSchema.nullable(), disposition: DispositionSchema.nullable().default(null), clerk }).strict(),
    result: returns<ItemCondition>(),
  },
  /** Finds a return by return id or order id; part of one lists every match (up to `limit`). */
  findReturn: {
    args: z
      .object({ query: z.string().trim().min(3, 'type at least 3 characters').max(64), limit: z.number().int().min(1).max(50).default(20) })
      .strict(),
    result: returns<FindReturnResult>(),
  },
  /** The outbound webhook's delivery queue (Settings). */
  outboxState: { args: z.object({}).strict(), result: returns<OutboxState>() },
} as const;

export interface StationStatus {
  root: string;
  model: { name: string; version: string; sha256: string; labels: string[]; metrics: Record<string, unknown> };
  /** Every category a photo can be filed under, in review-key order: the model's labels, then the
   * desk's own (addCategory). "Other" (none of these) is not one of them. */
  categories: string[];
  watching: boolean;
  batch: BatchProgress | null;
  nextBatchAt: string | null;
  lastRun: BatchRun | null;
  unacknowledgedAlerts: number;
  today: { received: number; classified: number; failed: number };
}

export interface SavedPickListPdf {
  /** Absolute path on the station machine (for printing and "show in folder"). */
  path: string;
  /** Relative to the station root, forward slashes: picklists/picklist_20251014_083000.pdf. */
  relPath: string;
  fileName: string;
  pages: number;
}

export interface WebhookTestResult {
  ok: boolean;
  /** HTTP status of the answer; null when none came (no URL, refused, timed out). */
  status: number | null;
  /** One sentence for the Settings screen; never contains the URL (it holds the secret). */
  message: string;
}

export interface DecisionWithItem extends ReviewDecision {
  item: Item;
}

export type RequestName = keyof typeof requests;
/** What the caller passes (defaults may be left out). */
export type RequestArgs<K extends RequestName> = z.input<(typeof requests)[K]['args']>;
/** What the handler receives (defaults filled in). */
export type ParsedArgs<K extends RequestName> = z.output<(typeof requests)[K]['args']>;
/** What the request answers. */
export type RequestResult<K extends RequestName> = (typeof requests)[K]['result'];

/** The same API as the core implements it: arguments already validated. */
export type StationHandlers = { [K in RequestName]: (args: ParsedArgs<K>) => Promise<RequestResult<K>> };

export const requestNames = Object.keys(requests) as RequestName[];

export const isRequestName = (name: string): name is RequestName => Object.hasOwn(requests, name);

/** Every event the station pushes, with its payload type; names are kebab-case. A value only so
 * that the list of names comes from the same place as the types. */
const events = {
  'item-added': returns<Item>(),
  'item-updated': returns<Item>(),
  'batch-started': returns<BatchRun>(),
  'batch-progress': returns<BatchProgress>(),
  'batch-finished': returns<BatchRun>(),
  'alert-raised': returns<Alert>(),
  'settings-changed': returns<StationSettings>(),
  'watcher-state': returns<{ watching: boolean; error: string | null }>(),
  /** A desk head was fitted or chosen, or a fit started or ended. */
  'desk-learning': returns<DeskLearningState>(),
  /** A desk category was added. */
  'categories-changed': returns<{ categories: string[] }>(),
} satisfies Record<`${string}-${string}`, unknown>;

/** Event name → payload. */
export type StationEvents = { [K in keyof typeof events]: (typeof events)[K] };
export type EventName = keyof StationEvents;
export const eventNames = Object.keys(events) as EventName[];

/** Why a request was refused, where a screen or service acts on it rather than only showing the
 * message: 'return-id-in-use' (savePhoto: the return id already has a photo today; the clerk may
 * confirm another). */
export type ErrorReason = 'return-id-in-use';

/** A failed request as it crosses a transport: a stable code, a sentence for people, and the
 * reason where the caller acts on it. UNAUTHORIZED, FORBIDDEN and METHOD_NOT_ALLOWED are the
 * transports' own refusals (no token, not the app's page, not a POST), before any handler runs. */
export interface StationErrorPayload {
  code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'CONFLICT' | 'UNAVAILABLE' | 'INTERNAL';
  message: string;
  reason?: ErrorReason;
}

/** What every request answers over either transport; browser mode sends `{ ok: false, error }`
 * for every refusal too, with the status HTTP_STATUS gives its code. */
export type RequestReply<T = unknown> = { ok: true; value: T } | { ok: false; error: StationErrorPayload };

/** The HTTP status a browser-mode response or a protocol response uses for each code. */
export const HTTP_STATUS: Record<StationErrorPayload['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class StationRequestError extends Error {
  constructor(
    readonly code: StationErrorPayload['code'],
    message: string,
    readonly reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'StationRequestError';
  }
}

/** The payload of a failed request, for IPC and HTTP alike (HTTP_STATUS gives the status). Internal
 * details stay in the main process log; the UI gets a sentence. */
export function toErrorPayload(e: unknown): StationErrorPayload {
  if (e instanceof StationRequestError) return { code: e.code, message: e.message, ...(e.reason ? { reason: e.reason } : {}) };
  console.error('[station] request failed:', e);
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : 'Unexpected error' };
}

/** Validates a request's arguments; throws StationRequestError('BAD_REQUEST') naming the field. */
export function parseRequest<K extends RequestName>(name: K, args: unknown): ParsedArgs<K> {
  const schema = requests[name].args as unknown as z.ZodType<ParsedArgs<K>>;
  const r = schema.safeParse(args ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new StationRequestError('BAD_REQUEST', `${name}: ${i?.path.join('.') || 'arguments'}: ${i?.message}`);
  }
  return r.data;
}
