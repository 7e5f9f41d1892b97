// Who may do what in browser mode. The session cookie travels with every request a browser makes
// to 127.0.0.1:PORT, including those a page from another port of 127.0.0.1 sends (same site), so
// the cookie alone only lets a browser load the renderer's own files and photos. Anything that
// changes state needs the token in the Authorization header (which another page cannot read or
// set), or a cookie from a request the browser itself marks as coming from this very origin.
import type { IncomingMessage } from 'node:http';
import type { StationErrorPayload } from '../../src-shared/contract.ts';

export interface RequestCredentials {
  /** The token in `Authorization: Bearer …`. */
  header: boolean;
  /** The token in `?token=` (the printed URL; the event stream, which cannot send headers). */
  query: boolean;
  cookie: boolean;
}

export type RouteKind = 'page' | 'photo' | 'events' | 'api' | 'other';

/** The origins this server answers as (the Host check allows the same two names). */
export const ownOrigins = (port: number) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

/** Origin is exactly ours and the browser says the request comes from the same origin. */
export function sameOriginRequest(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && ownOrigins(port).includes(origin) && req.headers['sec-fetch-site'] === 'same-origin';
}

/** null when allowed; otherwise the error to refuse with (UNAUTHORIZED: no token at all; FORBIDDEN:
 * a token that does not cover this request). */
export function refusal(route: RouteKind, method: string, creds: RequestCredentials, sameOrigin: boolean): StationErrorPayload | null {
  const anyToken = creds.header || creds.query || creds.cookie;
  if (!anyToken) return { code: 'UNAUTHORIZED', message: 'This station needs the token from the URL it printed at start.' };
  if (method === 'GET' && (route === 'page' || route === 'photo')) return null;
  if (method === 'GET' && route === 'events')
    return creds.header || creds.query ? null : { code: 'FORBIDDEN', message: 'The event stream needs the token.' };
  if (creds.header || (creds.cookie && sameOrigin)) return null;
  return { code: 'FORBIDDEN', message: 'Changes need the token in the Authorization header (a request from another page is refused).' };
}
