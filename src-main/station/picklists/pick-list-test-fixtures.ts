// Test support: filed items in a temp station database, the way a batch leaves them.
import type { BatchRun, Item } from '../../../src-shared/domain.ts';
import { shaOf, type TempDb } from '../db/test-temp-db.ts';

const MODEL = 'b'.repeat(64);

export interface FiledSpec {
  returnId: string | null;
  category: string;
  confidence: number;
  fileName?: string;
}

export function finishedRun(t: TempDb, timestamp = '20251014_020000'): BatchRun {
  const run = t.db.runs.startBatchRun({ timestamp, trigger: 'schedule' });
  return t.db.runs.finishBatchRun(run.id, { status: 'completed', totalImages: 0, successful: 0, failed: 0 });
}

let serial = 0;
export function filedItem(t: TempDb, runId: number, spec: FiledSpec): Item {
  serial++;
  const fileName =
    spec.fileName ??
    (spec.returnId ? `${spec.returnId.toLowerCase().replace(/-/g, '_').replace('ret', 'return')}.jpg` : `IMG_${serial}.jpg`);
  const item = t.db.items.insertItem({
    fileName,
    sha256: shaOf(`pick-${serial}`),
    sizeBytes: 1000,
    returnId: spec.returnId,
    relPath: `incoming/${fileName}`,
  });
  t.db.items.addPrediction(item.id, {
    category: spec.category,
    confidence: spec.confidence,
    top3: [{ category: spec.category, confidence: spec.confidence }],
    modelSha256: MODEL,
    latencyMs: 10,
  });
  return t.db.items.updateItemLocation(item.id, 'processed', `processed/${spec.category}/${fileName}`, 'filed', null, runId);
}
