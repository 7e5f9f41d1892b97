// Turns query functions over a DbContext into methods of one connection: StationDb's namespaces
// (db.items.getItem(id)) are the query modules with the context filled in, not forwarding code.
import type { DbContext } from './db-context.ts';

// `never[]` lets any query's own parameter list through (parameters are checked contravariantly).
type Query = (ctx: DbContext, ...args: never[]) => unknown;

export type BoundQueries<M extends Record<string, Query>> = {
  readonly [K in keyof M]: M[K] extends (ctx: DbContext, ...args: infer A) => infer R ? (...args: A) => R : never;
};

export function bindQueries<M extends Record<string, Query>>(ctx: DbContext, queries: M): BoundQueries<M> {
  const bound = Object.entries(queries).map(([name, query]) => [name, (...args: never[]) => query(ctx, ...args)]);
  return Object.freeze(Object.fromEntries(bound)) as BoundQueries<M>;
}
