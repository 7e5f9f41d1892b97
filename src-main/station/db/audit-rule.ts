// The audit rule (issue 35): which of the photos the station would auto-approve go to a person
// anyway. Seeded and recorded (settings.auditSeed, made once by migration 8), so anyone can redo
// the draw: a photo is audited when the first 8 hex digits of sha256(seed + ':' + key) / 2^32 fall
// below the share; the key is the photo's content hash (its item id when it has none), so a photo
// is drawn the same way however often it is answered again.
import { createHash } from 'node:crypto';

/** Where the draw of one key falls in [0, 1). */
export function auditDraw(seed: string, key: string): number {
  const hex = createHash('sha256').update(`${seed}:${key}`).digest('hex').slice(0, 8);
  return Number.parseInt(hex, 16) / 2 ** 32;
}

/** True when the photo with this key is in the audit sample at this share (0: never). */
export function isAudited(seed: string, key: string, share: number): boolean {
  return share > 0 && auditDraw(seed, key) < share;
}

/** The key a photo is drawn by: its content hash, else `item:<id>`. */
export function auditKey(itemId: number, sha256: string | null): string {
  return sha256 ?? `item:${itemId}`;
}
