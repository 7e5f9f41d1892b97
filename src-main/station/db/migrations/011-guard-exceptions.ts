// Migration 11: a guarded category lets its head make the moves it proved (issue 33, "a desk head
// never makes a category worse").
//
// `guard_exceptions` lists [base answer, head answer] pairs: a photo the base model puts in a guarded
// category keeps that answer unless the head moves it to a category of such a pair, one whose moves on
// decisions it never saw were right often enough and never took a photo of the guarded category
// (desk-head.ts `guardExceptions`). A head fitted before this migration has none: its guarded
// categories keep the base model's answer for every photo, as they did.
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE desk_heads ADD COLUMN guard_exceptions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(guard_exceptions) AND json_type(guard_exceptions) = 'array');
`;

export function guardExceptions(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
