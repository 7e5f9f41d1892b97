// After each batch: the night's settled items (filed in processed/) for the inventory system, as
// <root>/exports/inventory_YYYYMMDD_HHMMSS.csv and .json (the run's stamp; written atomically, never
// over another file), and one outbound webhook message per item, queued in the same transaction
// that records the export. A station killed between the batch and its export exports the run at
// its next start (exportMissedRun), so no settled item is left out.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { clashName, type BatchRun, type Item, type StationSettings } from '../../../src-shared/domain.ts';
import { EXPORT_CSV_COLUMNS, InventoryExportFile, InventoryExportRow, SettledItemWebhook } from '../../../src-shared/receiving-formats.ts';
import { dispositionFor } from '../../../src-shared/receiving.ts';
import type { StationDb } from '../db/station-db.ts';
import { FileExistsError, writeFileAtomic } from '../fs/atomic-write.ts';
import { assertOutputFoldersInside } from '../station-paths.ts';

export const EXPORTS_DIR = 'exports';

/** Who settled the category: a person's live accept/override, a desk head, or the model. */
export function decidedByOf(item: Item): InventoryExportRow['decidedBy'] {
  const d = item.lastDecision;
  if (d && (d.action === 'accept' || d.action === 'override') && d.category === item.category) return 'person';
  return item.prediction?.headId != null ? 'desk-head' : 'model';
}

export function exportRowOf(db: StationDb, item: Item, settings: StationSettings): InventoryExportRow {
  const category = item.category ?? '';
  const shelf = settings.locations.find((l) => l.category === category);
  return InventoryExportRow.parse({
    returnId: item.returnId,
    orderId: item.returnId ? (db.receiving.getExpectedReturn(item.returnId)?.orderId ?? null) : null,
    category,
    categoryCode: settings.categoryCodes[category] ?? '',
    grade: item.grade,
    disposition: dispositionFor(settings.dispositionRules, item.category, item.grade, db.receiving.chosenDisposition(item.id)),
    location: shelf ? `${shelf.section}/${shelf.aisle}` : '',
    confidence: item.prediction?.confidence ?? null,
    decidedBy: decidedByOf(item),
    expectedMatch: item.expectedMatch,
  });
}

/** The webhook body of a settled item (README, "Receiving formats"). */
export function webhookBodyOf(key: string, row: InventoryExportRow, settledAt: string): SettledItemWebhook {
  return SettledItemWebhook.parse({
    idempotencyKey: key,
    returnId: row.returnId,
    orderId: row.orderId,
    category: row.category,
    grade: row.grade,
    disposition: row.disposition,
    settledAt,
  });
}

const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function inventoryCsv(rows: readonly InventoryExportRow[]): string {
  const keys = Object.keys(InventoryExportRow.shape) as (keyof InventoryExportRow)[];
  return [EXPORT_CSV_COLUMNS.join(','), ...rows.map((r) => keys.map((k) => csvField(r[k])).join(','))].join('\n') + '\n';
}

/** Writes `name` (or name_2, name_3 … when a different file already holds it). */
async function writeNew(dir: string, name: string, content: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : clashName(name, n);
    try {
      await writeFileAtomic(path.join(dir, candidate), content);
      return candidate;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    }
  }
}

export interface WrittenExport {
  csv: string;
  json: string;
  rows: number;
}

/** Exports one finished run (once: a run already exported is left alone) and queues its messages. */
export async function exportBatchRun(
  root: string,
  db: StationDb,
  run: BatchRun,
  settings: StationSettings,
  now: Date,
): Promise<WrittenExport | null> {
  if (run.status === 'running' || run.status === 'failed' || db.receiving.inventoryExportOf(run.id)) return null;
  const items = db.items.listItemsByBatchRun(run.id).filter((i) => i.location === 'processed' && i.category !== null);
  const rows = items.map((i) => exportRowOf(db, i, settings));
  const file: InventoryExportFile = InventoryExportFile.parse({ batch: run.timestamp, generatedAt: now.toISOString(), rows });
  await assertOutputFoldersInside(root, [EXPORTS_DIR]);
  const dir = path.join(root, EXPORTS_DIR);
  await mkdir(dir, { recursive: true });
  const csv = `${EXPORTS_DIR}/${await writeNew(dir, `inventory_${run.timestamp}.csv`, inventoryCsv(rows))}`;
  const json = `${EXPORTS_DIR}/${await writeNew(dir, `inventory_${run.timestamp}.json`, `${JSON.stringify(file, null, 2)}\n`)}`;
  db.transaction(() => {
    if (db.receiving.inventoryExportOf(run.id)) return;
    db.receiving.recordInventoryExport(run.id, csv, json, rows.length);
    items.forEach((item, k) => {
      const key = `run-${run.id}-item-${item.id}`;
      db.outbox.enqueue(key, item.id, webhookBodyOf(key, rows[k]!, item.filedAt ?? now.toISOString()));
    });
  });
  return { csv, json, rows: rows.length };
}

/** At start: the newest finished run, when a crash stopped its export. */
export async function exportMissedRun(root: string, db: StationDb, settings: StationSettings, now: Date): Promise<WrittenExport | null> {
  const last = db.runs.lastFinishedBatchRun();
  return last ? exportBatchRun(root, db, last, settings, now) : null;
}
