// The one place in the UI that knows how it reaches the station: through the Electron preload
// (window.returnsStation) in the app, or over HTTP + server-sent events in browser mode. Every
// screen uses the StationClient below and cannot tell the two apart.
import type {
  EventName,
  RequestArgs,
  RequestName,
  RequestReply,
  RequestResult,
  StationErrorPayload,
  StationEvents,
} from '../src-shared/contract.ts';
import { convertByteFields } from '../src-shared/request-bytes.ts';

export interface StationClient {
  readonly transport: 'electron' | 'browser';
  call<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResult<K>>;
  on<K extends EventName>(name: K, fn: (payload: StationEvents[K]) => void): () => void;
  /** Where an <img> finds an item's photo: by id only. */
  photoUrl(itemId: number, variant?: 'full' | 'thumb'): string;
}

export class StationClientError extends Error {
  constructor(
    readonly code: StationErrorPayload['code'],
    message: string,
    readonly reason?: StationErrorPayload['reason'],
  ) {
    super(message);
    this.name = 'StationClientError';
  }
}

/** What the Electron preload exposes (src-main/shell/preload.ts). */
export interface PreloadBridge {
  invoke(name: string, args: unknown): Promise<unknown>;
  on(name: string, fn: (payload: unknown) => void): () => void;
}

/** The parts of the browser the client needs, so tests can hand in their own. */
export interface ClientHost {
  returnsStation?: PreloadBridge;
  location: { origin: string; search: string; pathname?: string; hash?: string };
  history?: { replaceState(data: unknown, unused: string, url?: string): void };
  fetch: typeof fetch;
  EventSource?: new (url: string) => { addEventListener(type: string, fn: (e: { data: string }) => void): void; close(): void };
  sessionStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function electronClient(bridge: PreloadBridge): StationClient {
  return {
    transport: 'electron',
    async call(name, args) {
      try {
        return (await bridge.invoke(name, args)) as never;
      } catch (e) {
        const err = e as Partial<StationErrorPayload>;
        throw new StationClientError(err.code ?? 'INTERNAL', err.message ?? String(e), err.reason);
      }
    },
    on: (name, fn) => bridge.on(name, fn as (p: unknown) => void),
    photoUrl: (id, variant = 'full') => `station-photo://item/${id}${variant === 'thumb' ? '?variant=thumb' : ''}`,
  };
}

function browserClient(host: ClientHost): StationClient {
  const params = new URLSearchParams(host.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    host.sessionStorage?.setItem('rs_token', fromUrl);
    // Out of the address bar (and so out of bookmarks, screenshots and the history list).
    params.delete('token');
    const rest = params.toString();
    host.history?.replaceState(null, '', `${host.location.pathname ?? '/'}${rest ? `?${rest}` : ''}${host.location.hash ?? ''}`);
  }
  const token = fromUrl ?? host.sessionStorage?.getItem('rs_token') ?? '';
  let source: InstanceType<NonNullable<ClientHost['EventSource']>> | null = null;
  const listeners = new Map<string, Set<(p: unknown) => void>>();

  function ensureSource() {
    if (source || !host.EventSource) return;
    // EventSource cannot send headers: the stream carries the token in its URL (never shown).
    source = new host.EventSource(`${host.location.origin}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of listeners.keys()) attach(name);
  }
  const attached = new Set<string>();
  function attach(name: string) {
    if (!source || attached.has(name)) return;
    attached.add(name);
    source.addEventListener(name, (e) => {
      const payload = JSON.parse(e.data) as unknown;
      listeners.get(name)?.forEach((fn) => fn(payload));
    });
  }

  return {
    transport: 'browser',
    async call(name, args) {
      // JSON cannot carry bytes: the fields the contract declares as bytes travel as base64.
      const body = convertByteFields(name, args, (bytes) => toBase64(bytes as Uint8Array));
      const res = await host.fetch(`${host.location.origin}/api/request/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        credentials: 'same-origin',
        body: JSON.stringify(body ?? {}),
      });
      const reply = (await res.json().catch(() => null)) as RequestReply | null;
      if (!reply) throw new StationClientError('INTERNAL', `The station answered ${res.status} without a reply.`);
      if (!reply.ok)
        throw new StationClientError(reply.error?.code ?? 'INTERNAL', reply.error?.message ?? `HTTP ${res.status}`, reply.error?.reason);
      return reply.value as never;
    },
    on(name, fn) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(fn as (p: unknown) => void);
      ensureSource();
      attach(name);
      return () => set!.delete(fn as (p: unknown) => void);
    },
    photoUrl: (id, variant = 'full') => `${host.location.origin}/photos/${id}${variant === 'thumb' ? '?variant=thumb' : ''}`,
  };
}

export function createStationClient(host: ClientHost = globalThis as unknown as ClientHost): StationClient {
  return host.returnsStation ? electronClient(host.returnsStation) : browserClient(host);
}
