// Bytes in a request's arguments. IPC carries them as they are (structured clone); JSON cannot, so
// in browser mode they travel as base64 text. BYTE_FIELDS declares which fields hold bytes, once:
// the renderer's HTTP client encodes these fields and the station's request dispatch decodes them.
// Its type is derived from the contract's schemas, so a field typed Uint8Array that is not listed
// here (or a listed field that is not bytes) does not compile. Apart from contract.ts so that the
// renderer can use it without bundling zod and every schema.
import type { ParsedArgs, RequestName } from './contract.ts';

/** The fields of T whose value is bytes. */
type ByteKeys<T> = {
  [F in keyof T]-?: [NonNullable<T[F]>] extends [never] ? never : NonNullable<T[F]> extends Uint8Array ? F : never;
}[keyof T];

/** Exactly the requests whose arguments hold bytes, each with exactly those fields. */
type ByteFieldTable = {
  readonly [K in RequestName as [ByteKeys<ParsedArgs<K>>] extends [never] ? never : K]: readonly ByteKeys<ParsedArgs<K>>[];
};

export const BYTE_FIELDS: ByteFieldTable = { savePhoto: ['bytes'] };

/** `args` with each byte field it has replaced by `convert(value, field)` (a copy; the rest as
 * given): how the JSON transport encodes bytes on one side and decodes them on the other. */
export function convertByteFields(name: RequestName, args: unknown, convert: (value: unknown, field: string) => unknown): unknown {
  const declared: readonly string[] = (BYTE_FIELDS as Partial<Record<RequestName, readonly string[]>>)[name] ?? [];
  if (args === null || typeof args !== 'object') return args;
  const present = declared.filter((f) => f in args);
  if (present.length === 0) return args;
  const copy = { ...(args as Record<string, unknown>) };
  for (const f of present) copy[f] = convert(copy[f], f);
  return copy;
}
