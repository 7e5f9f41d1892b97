// A decision whose move a crash cut short is finished when the station starts. The batch does the
// same for its own moves under the same lock, so the two never replay one journal entry at once.
import { acquireBatchLock } from '../batch/batch-lock.ts';
import { recoverMoves } from '../filing/recover-moves.ts';
import type { StationDb } from '../db/station-db.ts';

export async function finishInterruptedMoves(root: string, db: StationDb): Promise<void> {
  if (db.moves.pendingMoves().length === 0) return;
  const lock = await acquireBatchLock(root).catch(() => null);
  if (!lock) return; // a batch is running: it recovers every pending move first
  try {
    await recoverMoves(root, db);
  } catch (e) {
    // Left planned: the next batch retries it under the same lock before anything else.
    console.error('[station] finishing an interrupted move failed:', e);
  } finally {
    await lock.release();
  }
}
