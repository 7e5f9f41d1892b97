// Announced returns, row by row: each row checked against the one schema (receiving-formats.ts)
// and the station's categories, so a bad row is answered with its reason and never stops the good
// ones. Used by files dropped into expected/ and by the addExpectedReturns request alike.
import { ExpectedReturnRow, type ExpectedReturn } from '../../../src-shared/receiving-formats.ts';
import type { ExpectedReturnsOutcome } from '../../../src-shared/receiving.ts';
import { RowProblem } from './expected-file.ts';

export interface CheckedRows {
  good: ExpectedReturn[];
  errors: ExpectedReturnsOutcome['errors'];
}

const fieldName: Record<string, string> = {
  returnId: 'return_id',
  orderId: 'order_id',
  categories: 'expected_categories',
  itemText: 'item_text',
  customerRef: 'customer_ref',
};

/** Rows numbered from `firstRow` (1 for a JSON array; a CSV's data rows after the header). */
export function checkExpectedRows(rows: readonly unknown[], categories: readonly string[], firstRow = 1): CheckedRows {
  const known = new Set(categories);
  const seen = new Map<string, number>();
  const out: CheckedRows = { good: [], errors: [] };
  rows.forEach((raw, i) => {
    const row = firstRow + i;
    if (raw instanceof RowProblem) {
      out.errors.push({ row, reason: raw.reason });
      return;
    }
    const r = ExpectedReturnRow.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const field = issue.path.length ? `${fieldName[String(issue.path[0])] ?? issue.path.join('.')}: ` : '';
      out.errors.push({ row, reason: `${field}${issue.message}` });
      return;
    }
    const unknown = r.data.categories.filter((c) => !known.has(c));
    if (unknown.length) {
      out.errors.push({ row, reason: `expected_categories: not a category of this station: ${unknown.join(', ')}` });
      return;
    }
    const earlier = seen.get(r.data.returnId);
    if (earlier !== undefined) {
      out.errors.push({ row, reason: `return_id: ${r.data.returnId} is already on row ${earlier}` });
      return;
    }
    seen.set(r.data.returnId, row);
    out.good.push(r.data);
  });
  return out;
}
