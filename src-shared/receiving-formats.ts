// The one schema of receiving's file and wire formats (README, "Receiving formats"): the expected
// returns a desk is sent (a CSV or JSON file in <root>/expected/, or the addExpectedReturns
// request), the inventory export written after each batch, and the body of the outbound webhook
// sent for each settled item. The core validates what it reads and builds what it writes with
// these; the screens show the same shapes.
import { z } from 'zod';
import { parseReturnId } from './domain.ts';
import { DISPOSITIONS, GRADES } from './receiving.ts';

export const GradeSchema = z.enum(GRADES);
export const DispositionSchema = z.enum(DISPOSITIONS);
const ExpectedMatchSchema = z.enum(['match', 'mismatch', 'unexpected', 'unchecked']);

const returnId = z
  .string()
  .max(32)
  .transform((r, ctx) => {
    const id = parseReturnId(r);
    if (id === null) ctx.addIssue({ code: 'custom', message: `"${r}" is not a return id (expected RET-YYYYMMDD-NNN)` });
    return id ?? r;
  });
const orderId = z.string().trim().min(1, 'an order id is required').max(64);
const categoryName = z.string().trim().min(1).max(64);

/** One announced return. `categories` are what the item may be (any one of them matches);
 * `itemText` is the shop's description, for people. At least one of the two is given. */
export const ExpectedReturnRow = z
  .object({
    returnId,
    orderId,
    categories: z.array(categoryName).max(20).default([]),
    itemText: z.string().trim().max(500).default(''),
    customerRef: z.string().trim().max(128).default(''),
  })
  .strict()
  .refine((r) => r.categories.length > 0 || r.itemText !== '', 'give the expected categories or the item text');
export type ExpectedReturn = z.output<typeof ExpectedReturnRow>;

/** The CSV form's header, in this order; expected_categories holds names separated by `|`. */
export const EXPECTED_CSV_COLUMNS = ['return_id', 'order_id', 'expected_categories', 'item_text', 'customer_ref'] as const;

/** Where an item was decided: the base model, a desk head, or a person. */
export const DecidedBySchema = z.enum(['model', 'desk-head', 'person']);

/** One line of <root>/exports/inventory_YYYYMMDD_HHMMSS.json (and a row of the .csv, same order,
 * snake_case headers, empty for null). */
export const InventoryExportRow = z
  .object({
    returnId: z.string().nullable(),
    orderId: z.string().nullable(),
    category: z.string(),
    categoryCode: z.string(),
    grade: GradeSchema.nullable(),
    disposition: DispositionSchema.nullable(),
    /** Warehouse "section/aisle" from Settings; '' when the category has none. */
    location: z.string(),
    confidence: z.number().min(0).max(1).nullable(),
    decidedBy: DecidedBySchema,
    expectedMatch: ExpectedMatchSchema.nullable(),
  })
  .strict();
export type InventoryExportRow = z.output<typeof InventoryExportRow>;
export const EXPORT_CSV_COLUMNS = [
  'return_id',
  'order_id',
  'category',
  'category_code',
  'grade',
  'disposition',
  'location',
  'confidence',
  'decided_by',
  'expected_match',
] as const;

/** The inventory export JSON file: the batch it belongs to and its rows. */
export const InventoryExportFile = z.object({ batch: z.string(), generatedAt: z.string(), rows: z.array(InventoryExportRow) }).strict();
export type InventoryExportFile = z.output<typeof InventoryExportFile>;

/** The body of the outbound webhook, one POST per settled item, with the header
 * `Idempotency-Key: <idempotencyKey>` (the same on every retry of that message). */
export const SettledItemWebhook = z
  .object({
    idempotencyKey: z.string().min(1),
    returnId: z.string().nullable(),
    orderId: z.string().nullable(),
    category: z.string(),
    grade: GradeSchema.nullable(),
    disposition: DispositionSchema.nullable(),
    settledAt: z.string(),
  })
  .strict();
export type SettledItemWebhook = z.output<typeof SettledItemWebhook>;
