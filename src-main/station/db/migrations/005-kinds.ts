// Migration 5: what the kinds head said of each photo (models 3.0 on).
//
// A kinds model reads a photo twice: the category head gives the answer, the kinds head (every
// article type the model knows) says which kind the photo looks like, and the answer's confidence is
// the smaller of the two heads' (confidence-rule.ts). `kind_logits` keeps the kinds head's raw logits
// beside `logits`, so the batch can re-read a waiting photo's confidence with today's temperatures
// (band-reading.ts); `kind` keeps the most likely kind as shown to people ({label, name, probability,
// categories} as JSON: "looks like Trousers" when its categories do not include the answer). Both stay
// NULL for models without a kinds output and for predictions made before.
import type BetterSqlite3 from 'better-sqlite3';

const SQL = /* sql */ `
ALTER TABLE predictions ADD COLUMN kind_logits BLOB;
ALTER TABLE predictions ADD COLUMN kind TEXT CHECK (kind IS NULL OR json_valid(kind));
`;

export function kindsOutput(db: BetterSqlite3.Database): void {
  db.exec(SQL);
}
