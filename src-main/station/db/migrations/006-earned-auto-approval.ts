// Migration 6: a desk head's auto-approval is earned per category, and a category it made worse keeps
// the base model's answer.
//
// `auto_categories` lists the categories where the head's out-of-fold answers prove its wrong rate at
// most 1 % (desk-learning.ts AUTO_MAX_WRONG); `evidence` keeps each category's figures for Settings;
// `guarded_categories` the categories whose photos keep the base model's answer. Heads fitted under
// the older rule (a count of held-out answers, migration 004) earned nothing under this one: they keep
// their answers and vetoes and auto-approve no doubted photo (the '[]' defaults); the next fit weighs
// their evidence anew. `auto_approves_doubted` stays, true exactly when auto_categories is not empty.
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE desk_heads ADD COLUMN auto_categories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(auto_categories) AND json_type(auto_categories) = 'array');
ALTER TABLE desk_heads ADD COLUMN guarded_categories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(guarded_categories) AND json_type(guarded_categories) = 'array');
ALTER TABLE desk_heads ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence) AND json_type(evidence) = 'array');
UPDATE desk_heads SET auto_approves_doubted = 0;
`;

export function earnedAutoApproval(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
