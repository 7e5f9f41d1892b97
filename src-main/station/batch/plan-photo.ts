// What happens to one photo, decided from what is known about it and nothing else: it vanished,
// it goes to errors/ (with the reason), or it is filed under a category.
import type { Item } from '../../../src-shared/domain.ts';
import type { Classified } from './batch-context.ts';

export type Verdict =
  { kind: 'vanished'; reason: string } | { kind: 'quarantine'; reason: string; keepRow: boolean } | { kind: 'file'; category: string };

export interface PhotoFacts {
  /** The recorded item's file is missing (only checked for recorded items). */
  missing: string | null;
  /** An item elsewhere in the station with the same content. */
  twin: Item | null;
  /** The name of a photo earlier in this chunk with the same content. */
  chunkTwin: string | undefined;
}

export function planPhoto({ work, result }: Classified, facts: PhotoFacts): Verdict {
  if (facts.missing !== null) return { kind: 'vanished', reason: facts.missing };
  if (result && !result.ok && result.error.code === 'FILE_MISSING') return { kind: 'vanished', reason: result.error.message };
  const { twin, chunkTwin } = facts;
  let error: string | null = null;
  if (twin) error = `Duplicate of ${twin.fileName} (same content as item ${twin.id}, now at ${twin.relPath})`;
  else if (chunkTwin) error = `Duplicate of ${chunkTwin} (same content)`;
  else if (result && !result.ok) error = result.error.message;
  else if (work.kind === 'new' && !result?.sha256) error = 'Unreadable file';
  // A person's decision outranks any answer, a new model's included.
  const decision = work.kind === 'item' ? work.item.lastDecision : null;
  const decided = decision && (decision.action === 'accept' || decision.action === 'override') ? decision.category : null;
  const category =
    decided ??
    (result?.ok ? result.prediction.category : work.kind === 'item' && work.current ? (work.item.category ?? work.current.category) : null);
  // A photo without an answer and without a current prediction cannot be filed.
  if (!error && category === null) error = 'Unreadable file';
  if (error !== null || category === null) return { kind: 'quarantine', reason: error ?? 'Unreadable file', keepRow: !twin && !chunkTwin };
  return { kind: 'file', category };
}
