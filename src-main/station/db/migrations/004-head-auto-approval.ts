// Migration 4: whether a desk head may auto-approve a photo the base model doubted.
//
// A head learns only from photos people reviewed, so every photo it would file with nobody looking
// is one the base model was unsure of. It may do that only once enough of its held-out answers were
// auto-approved with none wrong (desk-head.ts, OWN_AUTO_EVIDENCE); until then it puts its answer first
// in the review queue and a person confirms. Heads fitted before this rule carry no such evidence:
// they keep their answers and vetoes, and stop auto-approving doubted photos (DEFAULT 0).
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE desk_heads ADD COLUMN auto_approves_doubted INTEGER NOT NULL DEFAULT 0 CHECK (auto_approves_doubted IN (0, 1));
`;

export function headAutoApproval(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
