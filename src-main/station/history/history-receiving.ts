// History's receiving figures: the mismatch rate against announced returns, the grade mix and the
// disposition mix of the items received in a range. SQL groups the items (receiving-queries.ts,
// one index range scan); the rule table turns category × grade into dispositions here.
import type { HistoryReceiving } from '../../../src-shared/history-types.ts';
import { dispositionFor, type DispositionRules } from '../../../src-shared/receiving.ts';
import type { StationDb } from '../db/station-db.ts';
import { emptyHistoryReceiving, percent } from './history-report.ts';

export function historyReceiving(db: StationDb, from: string, to: string, rules: DispositionRules): HistoryReceiving {
  const out = emptyHistoryReceiving();
  for (const r of db.receiving.receivingCounts(from, to)) {
    if (r.expectedMatch === 'match' || r.expectedMatch === 'mismatch') out.checked += r.count;
    if (r.expectedMatch === 'mismatch') out.mismatched += r.count;
    if (r.expectedMatch === 'unexpected') out.unexpected += r.count;
    out.grades[r.grade ?? 'ungraded'] += r.count;
    out.dispositions[dispositionFor(rules, r.category, r.grade, r.disposition) ?? 'none'] += r.count;
  }
  out.mismatchRate = percent(out.mismatched, out.checked);
  return out;
}
