// Classifies the work in chunks with a few requests in flight, so the classifier worker is busy
// with the next chunks while this thread files the one it has answered.
import type { WireResult } from '../classify/classifier-protocol.ts';
import { applyDeskHead, type ActiveDeskHead } from '../desk/active-desk-head.ts';
import type { DeskKinds } from '../desk/desk-kinds.ts';
import { toAbs } from '../fs/inside-folder.ts';
import type { BatchContext, Classified, Work } from './batch-context.ts';

export interface ChunkClassifier {
  classifyMany(files: string[], opts?: { hash?: boolean }): Promise<WireResult[]>;
}

/** Errors name the file they are about; the report's row already does, so drop the path. */
export function withoutPath(message: string): string {
  return message.replace(/:\s+\/[^:]*$|:\s+[A-Za-z]:\\[^:]*$/, '');
}

/** Error messages without the path; an answer with the desk head in use applied (the base model's
 * own answer is kept beside it). */
function clean(r: WireResult | null, head: ActiveDeskHead | null, high: number, deskKinds: DeskKinds): WireResult | null {
  if (!r) return r;
  return r.ok
    ? { ...r, prediction: applyDeskHead(r.prediction, head, high, deskKinds) }
    : { ...r, error: { ...r.error, message: withoutPath(r.error.message) } };
}

/** New files are hashed as they are classified; recorded items from an older model are only
 * classified again. */
async function classifyChunk(
  { root, deskHead, deskKinds, thresholds }: BatchContext,
  classifier: ChunkClassifier,
  chunk: Work[],
): Promise<Classified[]> {
  const fresh = chunk.flatMap((w) => (w.kind === 'new' ? [toAbs(root, w.rel)] : []));
  const stale = chunk.flatMap((w) => (w.kind === 'item' && !w.current ? [toAbs(root, w.item.relPath)] : []));
  const [freshResults, staleResults] = await Promise.all([classifier.classifyMany(fresh, { hash: true }), classifier.classifyMany(stale)]);
  return chunk.map((work) => {
    const result = work.kind === 'new' ? freshResults.shift() : !work.current ? staleResults.shift() : null;
    return { work, result: clean(result ?? null, deskHead, thresholds.high, deskKinds) };
  });
}

export async function* classifyInChunks(
  ctx: BatchContext,
  classifier: ChunkClassifier,
  work: Work[],
  { chunkSize, inFlight }: { chunkSize: number; inFlight: number },
): AsyncGenerator<Classified[]> {
  const chunks: Work[][] = [];
  for (let i = 0; i < work.length; i += chunkSize) chunks.push(work.slice(i, i + chunkSize));
  const pending = chunks.slice(0, inFlight).map((c) => classifyChunk(ctx, classifier, c));
  for (let c = 0; c < chunks.length; c++) {
    // Waiting for the classifier: the next chunk's photos are being read, decoded and scored.
    ctx.progress({ phase: 'classify', done: ctx.placed, total: ctx.total, current: null });
    const answered = pending.shift();
    if (!answered) break;
    const next = chunks[c + inFlight];
    if (next) pending.push(classifyChunk(ctx, classifier, next));
    yield await answered;
  }
}
