// A pick list for one batch run or a range of days: the filed items grouped by the category they
// are filed under, in warehouse order, each line with what the warehouse needs to find and check
// the item. Grouped by disposition, the groups of each disposition come together (Restock first).
// Reads only the database: photos and thumbnails are the PDF's business.
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { PickList, PickListLine, PickListScope } from '../../../src-shared/domain.ts';
import type { FiledItem, StationDb } from '../db/station-db.ts';
import { localDayRange } from '../db/time-values.ts';
import { code128Svg, encodeCode128 } from './code128.ts';
import { groupLines } from './pick-list-order.ts';
import { dispositionFor, type DispositionRules } from '../../../src-shared/receiving.ts';
import { readSettings } from '../db/stored-settings.ts';

/** The scope as the contract's pickList request gives it (exactly one of batchRunId, from+to). */
export interface PickListRequest {
  batchRunId?: number;
  from?: string;
  to?: string;
  category?: string;
  groupBy?: 'category' | 'disposition';
}

export interface CollectedPickList {
  list: PickList;
  /** For thumbnails in the PDF (the list itself carries no hashes or paths). */
  sha256ByItem: Map<number, string | null>;
}

/** Filed items always have a category; this only names the impossible case instead of failing. */
const UNCLASSIFIED = 'Unclassified';

/** Never fails the list: an id the encoder refuses (not plain ASCII) just gets no barcode. */
function barcodeFor(returnId: string | null): string | null {
  if (!returnId) return null;
  try {
    return code128Svg(encodeCode128(returnId));
  } catch {
    return null;
  }
}

function lineOf({ item, reviewedCategory, chosenDisposition }: FiledItem, rules: DispositionRules): PickListLine {
  return {
    itemId: item.id,
    returnId: item.returnId,
    fileName: item.fileName,
    category: item.category ?? UNCLASSIFIED,
    source: reviewedCategory !== null ? 'reviewed' : 'predicted',
    band: item.band,
    confidence: item.prediction?.confidence ?? null,
    barcodeSvg: barcodeFor(item.returnId),
    grade: item.grade,
    disposition: dispositionFor(rules, item.category, item.grade, chosenDisposition),
  };
}

function scopeTitle(scope: PickListScope): string {
  if (scope.kind === 'batch') return `batch ${scope.batchTimestamp}`;
  return scope.from === scope.to ? scope.from : `${scope.from} to ${scope.to}`;
}

export function buildPickList(db: StationDb, req: PickListRequest, now: Date): CollectedPickList {
  let scope: PickListScope;
  let items: FiledItem[];
  if (req.batchRunId !== undefined) {
    const run = db.runs.getBatchRun(req.batchRunId);
    if (!run) throw new StationRequestError('NOT_FOUND', `No batch run ${req.batchRunId}.`);
    scope = { kind: 'batch', batchRunId: run.id, batchTimestamp: run.timestamp };
    items = db.pickLists.filedItemsOfRun(run.id);
  } else if (req.from !== undefined && req.to !== undefined) {
    scope = { kind: 'range', from: req.from, to: req.to };
    items = db.pickLists.filedItemsBetween(localDayRange(req.from).from, localDayRange(req.to).to);
  } else {
    throw new StationRequestError('BAD_REQUEST', 'pickList: give either batchRunId or both from and to.');
  }

  const rules = readSettings(db).dispositionRules;
  const lines = items.map((i) => lineOf(i, rules)).filter((l) => req.category === undefined || l.category === req.category);
  const groupBy = req.groupBy ?? 'category';
  const groups = groupLines(lines, db.settings.getLocations(), groupBy);
  const bands = { high: 0, medium: 0, low: 0 };
  for (const l of lines) if (l.band) bands[l.band]++;
  const list: PickList = {
    title: `Pick list · ${scopeTitle(scope)}${req.category ? ` · ${req.category}` : ''}`,
    generatedAt: now.toISOString(),
    scope,
    category: req.category ?? null,
    groupBy,
    totals: {
      items: lines.length,
      categories: new Set(lines.map((l) => l.category)).size,
      reviewed: lines.filter((l) => l.source === 'reviewed').length,
      bands,
    },
    groups,
  };
  return { list, sha256ByItem: new Map(items.map(({ item }) => [item.id, item.sha256])) };
}
