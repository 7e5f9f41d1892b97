// Migration 10: a desk category may start from the model's kinds (issue 33, "a category the model
// already knows starts known"; desk/desk-kinds.ts).
//
// `desk_category_kinds` maps a kind of the model (model.json `kinds.labels`, e.g. "Trousers" or
// "real:pants") to the desk category a clerk gave it when adding that category for a photo the model
// read as that kind. A kind belongs to one desk category at most; the model it came from is kept for
// the record (a later model that names the same kind keeps the mapping).
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
CREATE TABLE desk_category_kinds (
  kind          TEXT    PRIMARY KEY CHECK (length(kind) BETWEEN 1 AND 100),
  category      TEXT    NOT NULL REFERENCES desk_categories(name),
  model_sha256  TEXT    NOT NULL CHECK (length(model_sha256) = 64),
  created_at    TEXT    NOT NULL,
  created_by    TEXT    NOT NULL
);
CREATE INDEX desk_category_kinds_category ON desk_category_kinds(category);
`;

export function deskCategoryKinds(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
