// Find a return: a return id or an order id (or part of one) → each matching return with its
// announcement and its photos, each photo with who decided its category, its condition, where it
// is and its timeline (received, classified, reviewed, graded, filed, pick lists, exported, sent).
import type { Item, WarehouseLocation } from '../../../src-shared/domain.ts';
import type { DispositionRules, FindReturnResult, FoundItem, FoundReturn, ReturnTimelineEntry } from '../../../src-shared/receiving.ts';
import type { StationDb } from '../db/station-db.ts';
import { conditionOf } from './item-condition.ts';

export interface FindContext {
  db: StationDb;
  rules: DispositionRules;
  locations: readonly WarehouseLocation[];
}

function decidedBy(item: Item): FoundItem['decidedBy'] {
  const d = item.lastDecision;
  const live = d && (d.action === 'accept' || d.action === 'override') && d.category === item.category;
  if (live) return { by: 'person', name: d.clerk, at: d.createdAt };
  const p = item.prediction;
  if (!p) return null;
  if (p.headId != null) return { by: 'desk-head', name: `desk head ${p.headId}`, at: p.createdAt };
  return { by: 'model', name: `model ${p.modelSha256.slice(0, 12)}`, at: p.createdAt };
}

function foundItem(ctx: FindContext, item: Item, expectedAt: ReturnTimelineEntry | null): FoundItem {
  const trail = ctx.db.receiving.itemTrail(item.id, item.batchRunId);
  const t: ReturnTimelineEntry[] = expectedAt ? [expectedAt] : [];
  t.push({ at: item.receivedAt, event: 'received', detail: item.fileName });
  for (const p of trail.predictions) {
    t.push({
      at: p.createdAt,
      event: 'classified',
      detail: `${p.category} at ${p.confidence.toFixed(2)} (${p.headId ? `desk head ${p.headId}` : 'model'})`,
    });
  }
  for (const d of trail.decisions) {
    t.push({
      at: d.createdAt,
      event: 'reviewed',
      detail: `${d.clerk}: ${d.action}${d.category ? ` ${d.category}` : ''}${d.undoneAt ? ' (undone)' : ''}`,
    });
  }
  for (const c of trail.conditions) {
    t.push({
      at: c.createdAt,
      event: 'graded',
      detail: `${c.clerk}: ${c.grade ?? 'no grade'}${c.disposition ? `, ${c.disposition}` : ''}`,
    });
  }
  for (const m of trail.moves) t.push({ at: m.doneAt, event: 'filed', detail: m.toRel });
  for (const l of trail.pickLists) t.push({ at: l.createdAt, event: 'pick-list', detail: l.relPath });
  if (trail.export) t.push({ at: trail.export.createdAt, event: 'exported', detail: `${trail.export.csv}, ${trail.export.json}` });
  for (const s of trail.sent) t.push({ at: s.deliveredAt, event: 'sent', detail: `webhook ${s.idempotencyKey}` });
  t.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const shelf = ctx.locations.find((l) => l.category === item.category);
  const condition = conditionOf(item, ctx.db.receiving.chosenDisposition(item.id), ctx.rules);
  return {
    itemId: item.id,
    fileName: item.fileName,
    status: item.status,
    category: item.category,
    confidence: item.prediction?.confidence ?? null,
    decidedBy: decidedBy(item),
    grade: condition.grade,
    disposition: condition.disposition,
    location: { relPath: item.relPath, section: shelf?.section ?? null, aisle: shelf?.aisle ?? null },
    expectedMatch: item.expectedMatch,
    timeline: t,
  };
}

function foundReturn(ctx: FindContext, returnId: string): FoundReturn {
  const expected = ctx.db.receiving.getExpectedReturn(returnId);
  const announced: ReturnTimelineEntry | null = expected
    ? { at: expected.updatedAt, event: 'expected', detail: `order ${expected.orderId} (${expected.source})` }
    : null;
  const items = ctx.db.receiving
    .itemIdsOfReturn(returnId)
    .map((id) => ctx.db.items.getItem(id))
    .filter((i): i is Item => i !== null)
    .map((i) => foundItem(ctx, i, announced));
  return { returnId, orderId: expected?.orderId ?? null, expected, items };
}

export function findReturn(ctx: FindContext, query: string, limit: number): FindReturnResult {
  const { ids, truncated } = ctx.db.receiving.findReturnIds(query, limit);
  return { query, matches: ids.map((id) => foundReturn(ctx, id)), truncated };
}
