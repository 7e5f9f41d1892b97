import { describe, expect, it } from 'vitest';
import { createStationClient, StationClientError, type ClientHost } from './station-client.ts';

describe('station client', () => {
  it('uses the preload bridge inside Electron', async () => {
    const calls: unknown[] = [];
    const host = {
      returnsStation: {
        invoke: async (name: string, args: unknown) => {
          calls.push([name, args]);
          if (name === 'getItem') throw Object.assign(new Error('No item 9.'), { code: 'NOT_FOUND' });
          return { batchTime: '02:00' };
        },
        on: () => () => {},
      },
      location: { origin: 'station://app', search: '' },
      fetch: () => Promise.reject(new Error('no fetch in the app')),
    } as unknown as ClientHost;
    const client = createStationClient(host);
    expect(client.transport).toBe('electron');
    expect(await client.call('getSettings', {})).toEqual({ batchTime: '02:00' });
    await expect(client.call('getItem', { id: 9 })).rejects.toEqual(new StationClientError('NOT_FOUND', 'No item 9.'));
    expect(client.photoUrl(42, 'thumb')).toBe('station-photo://item/42?variant=thumb');
    expect(calls).toEqual([
      ['getSettings', {}],
      ['getItem', { id: 9 }],
    ]);
  });

  it('speaks HTTP with the token in browser mode, photos as base64, events over SSE', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const storage = new Map<string, string>();
    const replaced: string[] = [];
    const sources: { url: string; listeners: Map<string, (e: { data: string }) => void> }[] = [];
    class FakeEventSource {
      listeners = new Map<string, (e: { data: string }) => void>();
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(type: string, fn: (e: { data: string }) => void) {
        this.listeners.set(type, fn);
      }
      close() {}
    }
    const host: ClientHost = {
      location: { origin: 'http://127.0.0.1:4000', search: '?token=T0K', pathname: '/', hash: '#/review' },
      history: { replaceState: (_d, _u, url) => void replaced.push(url!) },
      fetch: (async (url: string, init: RequestInit) => {
        requests.push({ url, init });
        const ok = !url.endsWith('/getItem');
        return new Response(
          JSON.stringify(ok ? { ok: true, value: 'fine' } : { ok: false, error: { code: 'NOT_FOUND', message: 'No item 9.' } }),
          { status: ok ? 200 : 404 },
        );
      }) as typeof fetch,
      EventSource: FakeEventSource,
      sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    };
    const client = createStationClient(host);
    expect(client.transport).toBe('browser');
    expect(await client.call('savePhoto', { returnId: 'RET-20251013-001', bytes: new Uint8Array([1, 2, 255]), ext: 'jpg' })).toBe('fine');
    expect(requests[0]!.url).toBe('http://127.0.0.1:4000/api/request/savePhoto');
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer T0K');
    expect(JSON.parse(requests[0]!.init.body as string).bytes).toBe('AQL/');
    await expect(client.call('getItem', { id: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(storage.get('rs_token')).toBe('T0K');
    // The token left the address bar at once; the route stayed.
    expect(replaced).toEqual(['/#/review']);

    const seen: unknown[] = [];
    const off = client.on('item-added', (item) => seen.push(item));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('http://127.0.0.1:4000/api/events?token=T0K');
    sources[0]!.listeners.get('item-added')!({ data: '{"id":7}' });
    off();
    sources[0]!.listeners.get('item-added')!({ data: '{"id":8}' });
    expect(seen).toEqual([{ id: 7 }]);
    expect(client.photoUrl(7)).toBe('http://127.0.0.1:4000/photos/7');
  });
});
