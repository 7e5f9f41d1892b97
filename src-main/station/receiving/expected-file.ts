// An expected-returns file's text as rows for the schema: a CSV with the header of
// EXPECTED_CSV_COLUMNS (RFC 4180 quoting; categories separated by `|`), or a JSON array of
// ExpectedReturnRow objects. A file that cannot be read as either is refused whole, with why.
import { EXPECTED_CSV_COLUMNS } from '../../../src-shared/receiving-formats.ts';

export class ExpectedFileError extends Error {
  override readonly name = 'ExpectedFileError';
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += c;
  }
  if (quoted) throw new ExpectedFileError('a quoted field is not closed');
  if (field !== '' || record.length) records.push([...record, field]);
  return records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

/** A row refused before the schema sees it (a CSV line with the wrong number of fields). */
export class RowProblem {
  constructor(readonly reason: string) {}
}

export interface ParsedExpectedFile {
  rows: unknown[];
  /** The number the first row has in error reports. */
  firstRow: number;
}

function fromCsv(text: string): ParsedExpectedFile {
  const [header, ...records] = parseCsv(text);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = EXPECTED_CSV_COLUMNS.filter((c) => !names.includes(c) && c !== 'item_text' && c !== 'customer_ref');
  if (!header || missing.length)
    throw new ExpectedFileError(`the header must name ${EXPECTED_CSV_COLUMNS.join(',')} (missing: ${missing.join(', ')})`);
  const unknown = names.filter((n) => !(EXPECTED_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) throw new ExpectedFileError(`unknown column(s) in the header: ${unknown.join(', ')}`);
  const at = (rec: string[], name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? undefined : rec[i];
  };
  const rows = records.map((rec) =>
    rec.length !== names.length
      ? new RowProblem(`has ${rec.length} fields, the header ${names.length}`)
      : {
          returnId: at(rec, 'return_id'),
          orderId: at(rec, 'order_id'),
          categories: (at(rec, 'expected_categories') ?? '')
            .split('|')
            .map((c) => c.trim())
            .filter(Boolean),
          itemText: at(rec, 'item_text') ?? '',
          customerRef: at(rec, 'customer_ref') ?? '',
        },
  );
  return { rows, firstRow: 1 };
}

/** `name` decides the form by its extension (.csv or .json). */
export function parseExpectedFile(name: string, text: string): ParsedExpectedFile {
  const body = text.replace(/^\uFEFF/, ''); // spreadsheets write a byte-order mark
  if (/\.csv$/i.test(name)) return fromCsv(body);
  if (/\.json$/i.test(name)) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      throw new ExpectedFileError(`not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(value)) throw new ExpectedFileError('expected a JSON array of returns');
    return { rows: value, firstRow: 1 };
  }
  throw new ExpectedFileError('expected a .csv or .json file');
}
