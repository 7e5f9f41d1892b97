// One CSV field, RFC 4180 style, made safe for the spreadsheet the desk opens it in.

/**
 * Formula injection: spreadsheets run a cell that starts with = + - @ (and, in some, a tab or
 * carriage return) as a formula, so a photo named `=HYPERLINK(…).jpg` could act when the desk
 * opens the CSV. Such text cells get a leading apostrophe, which spreadsheets show as plain text.
 * Only text cells pass through here; numbers are written by the caller and never start so.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function textCell(value: string | null | undefined): string {
  const s = value ?? '';
  return quote(FORMULA_START.test(s) ? `'${s}` : s);
}

/** RFC 4180: a field with a comma, quote, CR or LF is wrapped in quotes, inner quotes doubled. */
export function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Fields joined by commas; records end in CRLF as RFC 4180 asks (spreadsheets read both). */
export function csvRecord(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}
