// Receiving's pure rules, shared by the station core and the UI: condition grades, dispositions and
// the category × grade rule table that picks one, and what an item's category says against the
// return that was announced. No imports (domain.ts builds the settings' defaults from these).

/** A returned item's condition, best first. */
export const GRADES = ['New', 'Good', 'Damaged', 'Unsellable'] as const;
export type Grade = (typeof GRADES)[number];

/** Where a returned item goes next. */
export const DISPOSITIONS = ['Restock', 'Refurbish', 'Liquidate', 'Donate', 'Return to vendor', 'Quarantine'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * An item against its announced return:
 * match      — its category is one of the expected ones
 * mismatch   — it is none of them: "not what was expected" (goes to Review, never auto-approved)
 * unexpected — its return id was never announced (allowed, flagged)
 * unchecked  — announced with item text only, no categories to compare
 * (null on an item: no return id, or no category yet.)
 */
export type ExpectedMatch = 'match' | 'mismatch' | 'unexpected' | 'unchecked';

/** The rule table: a disposition for every grade, with per-category exceptions. */
export interface DispositionRules {
  default: Record<Grade, Disposition>;
  /** Category → the grades where it differs from `default`. */
  byCategory: Record<string, Partial<Record<Grade, Disposition>>>;
}

export const DEFAULT_DISPOSITION_RULES: DispositionRules = {
  default: { New: 'Restock', Good: 'Restock', Damaged: 'Refurbish', Unsellable: 'Liquidate' },
  byCategory: {
    // Branded hard goods go back to their makers under warranty rather than to a repair bench.
    Watches: { Damaged: 'Return to vendor' },
    Sunglasses: { Damaged: 'Return to vendor' },
    // Worn-out clothes still clothe someone.
    Tshirts: { Unsellable: 'Donate' },
    Tops: { Unsellable: 'Donate' },
    Kurtas: { Unsellable: 'Donate' },
  },
};

/** Codes the inventory system knows the shipped categories by (exports' category_code). */
export const DEFAULT_CATEGORY_CODES: Record<string, string> = {
  Tshirts: 'TSH',
  Shirts: 'SHI',
  'Casual Shoes': 'CSH',
  Watches: 'WAT',
  'Sports Shoes': 'SSH',
  Kurtas: 'KUR',
  Tops: 'TOP',
  Handbags: 'HBG',
  Heels: 'HEE',
  Sunglasses: 'SUN',
};

/** A person's choice wins; otherwise the rule table's for the category and grade; null without a
 * grade (nothing to decide by yet). */
export function dispositionFor(
  rules: DispositionRules,
  category: string | null,
  grade: Grade | null,
  chosen: Disposition | null = null,
): Disposition | null {
  if (chosen) return chosen;
  if (!grade) return null;
  return (category !== null ? rules.byCategory[category]?.[grade] : undefined) ?? rules.default[grade];
}

/** The mismatch rule: an item that is not what was expected goes to a person whatever the model's
 * confidence, so its band is never the auto-approved one. */
export function bandWithExpectation<B extends string>(band: B, match: ExpectedMatch | null): B | 'low' {
  return match === 'mismatch' ? 'low' : band;
}

// ---------------------------------------------------------------------------------------------
// What receiving's requests answer (contract.ts).

/** An announced return as stored: the row of an expected-returns file or request. */
export interface ExpectedReturnInfo {
  returnId: string;
  orderId: string;
  /** Any one of these matches; [] when only item text was given. */
  categories: string[];
  itemText: string;
  customerRef: string;
  /** Where it came from: 'expected/<file name>' or 'request'. */
  source: string;
  /** When it was (last) announced. */
  updatedAt: string;
}

/** A batch of announced returns taken in: the good rows stored, each bad one with its reason. */
export interface ExpectedReturnsOutcome {
  stored: number;
  /** `row` counts from 1: a CSV file's data rows (after the header), a JSON array's entries. */
  errors: { row: number; reason: string }[];
}

/** An item's condition and what happens to it. */
export interface ItemCondition {
  itemId: number;
  grade: Grade | null;
  disposition: Disposition | null;
  /** 'person' when someone chose the disposition, 'rule' when the rule table gave it. */
  dispositionFrom: 'person' | 'rule' | null;
}

export type DecidedBy = 'model' | 'desk-head' | 'person';

export type ReturnTimelineEvent =
  'expected' | 'received' | 'classified' | 'reviewed' | 'graded' | 'filed' | 'pick-list' | 'exported' | 'sent';

export interface ReturnTimelineEntry {
  at: string;
  event: ReturnTimelineEvent;
  /** One line for people: "Tshirts at 0.93 (model)", "processed/Tshirts/return_….jpg", … */
  detail: string;
}

/** One photo of a found return, as customer service needs it. */
export interface FoundItem {
  itemId: number;
  fileName: string;
  status: 'pending' | 'classified' | 'filed' | 'failed';
  category: string | null;
  confidence: number | null;
  /** Who settled the category and when: a person's live accept/override, else the desk head or the
   * model that made the latest prediction; null before any prediction. */
  decidedBy: { by: DecidedBy; name: string; at: string } | null;
  grade: Grade | null;
  disposition: Disposition | null;
  /** The photo's place in the station folder, and the warehouse shelf of its category. */
  location: { relPath: string; section: string | null; aisle: string | null };
  expectedMatch: ExpectedMatch | null;
  /** Oldest first. */
  timeline: ReturnTimelineEntry[];
}

export interface FoundReturn {
  /** null for photos saved without a return id (never found by a query, listed for completeness). */
  returnId: string;
  orderId: string | null;
  expected: ExpectedReturnInfo | null;
  /** Its photos, oldest first; [] when announced but not received yet. */
  items: FoundItem[];
}

export interface FindReturnResult {
  query: string;
  /** Exact matches of a return id or order id first, then partial ones, newest return first. */
  matches: FoundReturn[];
  /** More matched than were listed: type more of the id. */
  truncated: boolean;
}

/** The outbound webhook's delivery queue, for Settings. */
export interface OutboxState {
  /** Whether an inventory webhook URL is set (messages wait while it is not). */
  configured: boolean;
  pending: number;
  delivered: number;
  /** The oldest message still waiting, if any. */
  oldestPendingAt: string | null;
  nextAttemptAt: string | null;
  /** The latest failure of a waiting message ("HTTP 503", "connect ECONNREFUSED …"). */
  lastError: string | null;
  recent: { idempotencyKey: string; returnId: string | null; state: 'pending' | 'delivered'; attempts: number; at: string }[];
}
