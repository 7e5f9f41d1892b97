// Browser mode: the station core and the built renderer on 127.0.0.1 only. The contract travels as
// POST /api/request/<name> (JSON) and events as server-sent events; photos by item id. Every request
// needs the per-launch token (printed in the URL; the first page load turns it into a same-site
// cookie so scripts and images carry it) and a Host header naming this server (no DNS rebinding).
// The cookie alone only loads the renderer's files and photos: see request-auth.ts.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  eventNames,
  HTTP_STATUS,
  MAX_PHOTO_BYTES,
  StationRequestError,
  toErrorPayload,
  type StationErrorPayload,
} from '../../src-shared/contract.ts';
import { photoFile } from '../station/photo-access.ts';
import { dispatchRequest } from '../station/request-dispatch.ts';
import { resolveStaticFile } from '../station/static-files.ts';
import type { Station } from '../station/station.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.ts';
import { refusal, sameOriginRequest, type RouteKind } from './request-auth.ts';

export interface WebServerOptions {
  station: Station;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (index.html and assets); without it only the API is served. */
  staticDir?: string;
  token?: string;
}

export interface WebServer {
  url: string;
  token: string;
  port: number;
  /** Serves another station from now on (Settings moved the station folder). Open event streams
   * are ended, so browsers reconnect to the new station's events. */
  setStation(station: Station): void;
  close(): Promise<void>;
}

/** A photo as base64 (4/3 of its bytes) and the JSON around it. */
const MAX_BODY = MAX_PHOTO_BYTES * 1.5;
const COOKIE = 'rs_token';
/** Open event streams at once: a few tabs are normal; hundreds would be a leak or an attack. */
export const MAX_EVENT_STREAMS = 16;
/** The one method each route answers; anything else is a 405 naming it. */
const ALLOWED_METHOD: Record<RouteKind, 'GET' | 'POST'> = { api: 'POST', events: 'GET', photo: 'GET', page: 'GET', other: 'GET' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** Every HTTP error, whatever refused the request: `{ ok: false, error }`, the status its code's. */
function sendError(res: ServerResponse, error: StationErrorPayload, headers: Record<string, string> = {}) {
  send(res, HTTP_STATUS[error.code], { ok: false, error }, headers);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StationRequestError('BAD_REQUEST', 'Request too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A request's arguments: its JSON body, or none at all. */
async function readJsonArgs(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new StationRequestError('BAD_REQUEST', 'Body is not JSON.');
  }
}

function decodePhotoId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new StationRequestError('BAD_REQUEST', 'photo id: bad percent-encoding.');
  }
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let { station } = opts;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const tokenOk = (candidate: string | null | undefined) => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  const cookieToken = (req: IncomingMessage) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === COOKIE)?.[1];

  async function serveStatic(res: ServerResponse, urlPath: string, setCookie: boolean) {
    if (!opts.staticDir) return sendError(res, { code: 'NOT_FOUND', message: 'No renderer build here.' });
    const found = await resolveStaticFile(opts.staticDir, urlPath);
    if (!found) return sendError(res, { code: 'NOT_FOUND', message: 'Not found.' });
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...(setCookie ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {}),
    });
    res.end(await readFile(found.file));
  }

  function serveEvents(res: ServerResponse) {
    if (streams.size >= MAX_EVENT_STREAMS)
      return sendError(res, {
        code: 'UNAVAILABLE',
        message: `Too many open event streams (at most ${MAX_EVENT_STREAMS}); close other tabs of this station.`,
      });
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const offs = eventNames.map((name) =>
      station.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    streams.add(res);
    res.on('close', () => {
      streams.delete(res);
      clearInterval(ping);
      offs.forEach((f) => f());
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendError(res, { code: 'FORBIDDEN', message: 'Wrong Host.' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    // Routed on the raw path: URL parsing would quietly resolve "/photos/../x" to "/x".
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const route: RouteKind = url.pathname.startsWith('/api/request/')
      ? 'api'
      : url.pathname === '/api/events'
        ? 'events'
        : rawPath.startsWith('/photos/')
          ? 'photo'
          : req.method === 'GET'
            ? 'page'
            : 'other';
    const creds = {
      header: tokenOk(req.headers.authorization?.replace(/^Bearer /, '')),
      query: tokenOk(queryToken),
      cookie: tokenOk(cookieToken(req)),
    };
    const refused = refusal(route, req.method ?? 'GET', creds, sameOriginRequest(req, port));
    if (refused) return sendError(res, refused);
    const allowed = ALLOWED_METHOD[route];
    if (req.method !== allowed)
      return sendError(res, { code: 'METHOD_NOT_ALLOWED', message: `${url.pathname} answers ${allowed} only.` }, { Allow: allowed });

    if (route === 'api') {
      const reply = await readJsonArgs(req).then(
        (args) => dispatchRequest(station.handlers, url.pathname.slice('/api/request/'.length), args, 'json'),
        (e: unknown) => ({ ok: false as const, error: toErrorPayload(e) }),
      );
      return reply.ok ? send(res, 200, reply) : sendError(res, reply.error);
    }
    if (route === 'events') return serveEvents(res);
    if (route === 'photo') {
      try {
        const id = decodePhotoId(rawPath.slice('/photos/'.length));
        const { file, contentType } = await photoFile(
          station.root,
          station.db,
          id,
          url.searchParams.get('variant') === 'thumb' ? 'thumb' : 'full',
        );
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'private, max-age=60', 'X-Content-Type-Options': 'nosniff' });
        createReadStream(file).pipe(res);
      } catch (e) {
        sendError(res, toErrorPayload(e));
      }
      return;
    }
    if (/(^|\/)\.\.(\/|$)/.test(rawPath)) return sendError(res, { code: 'BAD_REQUEST', message: 'Path traversal refused.' });
    return serveStatic(res, url.pathname, tokenOk(queryToken));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, toErrorPayload(e));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()); // loopback only, never 0.0.0.0
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    setStation(next) {
      station = next;
      for (const res of streams) res.end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
