// A StationClient for component tests: requests answered by the functions a test hands in (a
// request with none fails the test loudly), every call recorded, events emitted by hand.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { EventName, RequestArgs, RequestName, RequestResult, StationEvents, StationStatus } from '../../src-shared/contract.ts';
import { DEFAULT_SETTINGS, type Item, type StationSettings } from '../../src-shared/domain.ts';
import type { StationClient } from '../station-client.ts';
import { StationProvider } from '../station-context.tsx';

export type FakeHandlers = { [K in RequestName]?: (args: RequestArgs<K>) => RequestResult<K> | Promise<RequestResult<K>> };

/** The shipped model's labels, in key order. */
export const LABELS = ['Tshirts', 'Shirts', 'Casual Shoes', 'Watches', 'Sports Shoes', 'Kurtas', 'Tops', 'Handbags', 'Heels', 'Sunglasses'];

export function fakeStatus(categories: string[] = LABELS): StationStatus {
  return {
    root: '/station',
    model: { name: 'returns10', version: '1', sha256: 'abc', labels: LABELS, metrics: {} },
    categories,
    watching: true,
    batch: null,
    nextBatchAt: null,
    lastRun: null,
    unacknowledgedAlerts: 0,
    today: { received: 0, classified: 0, failed: 0 },
  };
}

export const fakeSettings = (over: Partial<StationSettings> = {}): StationSettings => ({ ...DEFAULT_SETTINGS, ...over });

export function fakeItem(id: number, category = 'Shirts', over: Partial<Item> = {}): Item {
  const prediction = {
    category,
    confidence: 0.5,
    top3: [
      { category, confidence: 0.5 },
      { category: category === 'Heels' ? 'Tops' : 'Heels', confidence: 0.3 },
      { category: category === 'Kurtas' ? 'Tops' : 'Kurtas', confidence: 0.2 },
    ],
    modelSha256: 'abc',
    latencyMs: 5,
    createdAt: '2025-10-13T08:00:00.000Z',
  };
  return {
    id,
    fileName: `return_20251013_${String(id).padStart(3, '0')}.jpg`,
    sha256: 'x',
    sizeBytes: 1,
    returnId: `RET-20251013-${String(id).padStart(3, '0')}`,
    location: 'incoming',
    relPath: 'incoming/x.jpg',
    status: 'classified',
    error: null,
    receivedAt: '2025-10-13T08:00:00.000Z',
    filedAt: null,
    batchRunId: null,
    prediction,
    category,
    band: 'low',
    lastDecision: null,
    ...over,
  } as Item;
}

export interface FakeStation {
  client: StationClient;
  calls: { name: RequestName; args: unknown }[];
  callsOf<K extends RequestName>(name: K): RequestArgs<K>[];
  emit<K extends EventName>(name: K, payload: StationEvents[K]): void;
}

export function fakeStation(handlers: FakeHandlers, status: StationStatus = fakeStatus()): FakeStation {
  const calls: FakeStation['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const all: FakeHandlers = { getStatus: () => status, ...handlers };
  const client: StationClient = {
    transport: 'browser',
    async call(name, args) {
      calls.push({ name, args });
      const h = all[name] as ((a: unknown) => unknown) | undefined;
      if (!h) throw new Error(`The fake station has no answer for ${name}`);
      return (await h(args)) as never;
    },
    on(name, fn) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(fn as (p: unknown) => void);
      return () => set.delete(fn as (p: unknown) => void);
    },
    photoUrl: (id) => `data:image/gif;base64,R0lGODlhAQABAAAAACw=#${id}`,
  };
  return {
    client,
    calls,
    callsOf: <K extends RequestName>(name: K) => calls.filter((c) => c.name === name).map((c) => c.args as RequestArgs<K>),
    emit: (name, payload) => listeners.get(name)?.forEach((fn) => fn(payload)),
  };
}

export function renderWithStation(ui: ReactNode, station: FakeStation): RenderResult {
  return render(<StationProvider client={station.client}>{ui}</StationProvider>);
}
