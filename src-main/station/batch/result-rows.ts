// The report's rows for one run, read back from the database: items it filed or quarantined, and
// files it quarantined without an item of their own (duplicates, unreadable).
import path from 'node:path';
import { returnIdFromPhotoName, type BandThresholds } from '../../../src-shared/domain.ts';
import { localIsoSeconds } from '../../../src-shared/local-time.ts';
import type { StationDb } from '../db/station-db.ts';
import { hasThumbnail, thumbnailRel } from '../intake/thumbnail-cache.ts';
import type { BatchResultRow } from '../reports/report-types.ts';

/** One report row per photo this run handled: items it filed or quarantined, and files it
 * quarantined without an item of their own (duplicates, unreadable). */
export function resultRows(root: string, db: StationDb, runId: number, thresholds: BandThresholds): BatchResultRow[] {
  const rows: BatchResultRow[] = db.items.listItemsByBatchRun(runId, thresholds).map((item) => {
    const ok = item.status === 'filed';
    const p = item.prediction;
    return {
      fileName: item.fileName,
      category: ok ? item.category : null,
      confidence: ok && p ? p.confidence : 0,
      status: ok ? 'success' : 'error',
      timestamp: localIsoSeconds(new Date(item.filedAt ?? item.receivedAt)),
      returnId: item.returnId,
      // The item's own band (item-select.ts, with these thresholds): a photo that is not what was
      // expected is low whatever its confidence, a held one (audit, drift) medium.
      band: ok && p ? item.band : null,
      error: ok ? null : item.error,
      destination: item.location === 'incoming' ? null : item.relPath,
      thumbnail:
        item.sha256 && hasThumbnail(root, item.sha256)
          ? thumbnailRel(item.sha256)
          : item.location === 'incoming'
            ? undefined
            : item.relPath,
    };
  });
  for (const m of db.moves.movesForRun(runId)) {
    if (m.itemId !== null || m.state !== 'done') continue;
    const moved = m.toRel !== m.fromRel;
    rows.push({
      fileName: path.posix.basename(m.fromRel),
      category: null,
      confidence: 0,
      status: 'error',
      timestamp: localIsoSeconds(new Date(m.doneAt ?? m.createdAt)),
      returnId: returnIdFromPhotoName(path.posix.basename(m.fromRel)),
      band: null,
      error: m.reason,
      destination: moved ? m.toRel : null,
    });
  }
  return rows;
}
