// Pure domain rules shared by the station core and the UI. No Node, no DOM, no imports.

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
  return (
    date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
  );
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
