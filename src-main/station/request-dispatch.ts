// The one way a contract request reaches the core, for IPC and HTTP alike: the name checked, the
// arguments decoded for the transport and validated, the handler run, and any failure turned into
// the error payload. The adapters only check who is asking and carry the reply.
import {
  isRequestName,
  parseRequest,
  StationRequestError,
  toErrorPayload,
  type RequestReply,
  type StationHandlers,
} from '../../src-shared/contract.ts';
import { convertByteFields } from '../../src-shared/request-bytes.ts';

/** How the arguments travelled: as the caller passed them (IPC's structured clone carries bytes),
 * or as parsed JSON, where each byte field the contract declares is base64 text. */
export type ArgsEncoding = 'structured-clone' | 'json';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A byte field of a JSON request: base64 text to bytes. Anything else is left for the schema to
 * refuse, except text that is not base64, which Buffer would read quietly as something else. */
function fromBase64(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  if (value.length % 4 !== 0 || !BASE64.test(value)) throw new StationRequestError('BAD_REQUEST', `${field}: expected base64 text`);
  return Buffer.from(value, 'base64');
}

export async function dispatchRequest(
  handlers: StationHandlers,
  name: string,
  args: unknown,
  encoding: ArgsEncoding,
): Promise<RequestReply> {
  try {
    if (!isRequestName(name)) throw new StationRequestError('NOT_FOUND', `Unknown request "${name}".`);
    const decoded = encoding === 'json' ? convertByteFields(name, args, (v, field) => fromBase64(v, `${name}: ${field}`)) : args;
    const handler = handlers[name] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parseRequest(name, decoded)) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}
