// What every screen shares: the StationClient, the station's status (kept fresh by events), the
// clerk working this session, and the toasts. Screens read these through the hooks below.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { EventName, StationEvents, StationStatus } from '../src-shared/contract.ts';
import type { StationClient } from './station-client.ts';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'warning' | 'error';
  title: string;
  body?: string;
  /** Route opened when the toast is clicked. */
  opens?: string;
}

interface StationContextValue {
  client: StationClient;
  status: StationStatus | null;
  statusError: string | null;
  refreshStatus(): void;
  clerk: string;
  setClerk(name: string): void;
  toasts: Toast[];
  toast(t: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
}

const Ctx = createContext<StationContextValue | null>(null);
const CLERK_KEY = 'rs_clerk';

export function StationProvider({ client, children }: { client: StationClient; children: ReactNode }) {
  const [status, setStatus] = useState<StationStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [clerk, setClerkState] = useState(() => sessionStorage.getItem(CLERK_KEY) ?? '');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);

  const refreshStatus = useCallback(() => {
    client.call('getStatus', {}).then(
      (s) => (setStatus(s), setStatusError(null)),
      (e: Error) => setStatusError(e.message),
    );
  }, [client]);

  useEffect(() => {
    refreshStatus();
    const names: EventName[] = ['batch-started', 'batch-finished', 'alert-raised', 'settings-changed', 'watcher-state', 'item-added'];
    const offs = names.map((n) => client.on(n, () => refreshStatus()));
    const offProgress = client.on('batch-progress', (p) => setStatus((s) => (s ? { ...s, batch: p } : s)));
    // A category added at another desk (or this one) joins every list at once, keys included.
    const offCategories = client.on('categories-changed', ({ categories }) => setStatus((s) => (s ? { ...s, categories } : s)));
    return () => [...offs, offProgress, offCategories].forEach((off) => off());
  }, [client, refreshStatus]);

  const toast = useCallback((t: Omit<Toast, 'id'>) => {
    const id = nextToast.current++;
    setToasts((all) => [...all.slice(-4), { ...t, id }]);
    if (t.kind !== 'error') setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), 8000);
  }, []);
  const dismissToast = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);

  const setClerk = useCallback((name: string) => {
    sessionStorage.setItem(CLERK_KEY, name);
    setClerkState(name);
  }, []);

  const value = useMemo(
    () => ({ client, status, statusError, refreshStatus, clerk, setClerk, toasts, toast, dismissToast }),
    [client, status, statusError, refreshStatus, clerk, setClerk, toasts, toast, dismissToast],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useStation(): StationContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useStation outside StationProvider');
  return v;
}

/** Subscribes to a station event for the component's lifetime; the latest `fn` is always called. */
export function useStationEvent<K extends EventName>(name: K, fn: (payload: StationEvents[K]) => void): void {
  const { client } = useStation();
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => client.on(name, (p) => latest.current(p)), [client, name]);
}

/** Every category a photo can be filed under, in review-key order (the model's labels, then the
 * desk's own): the category list every screen shows. "Other" is not in it; screens that offer it
 * add OTHER_CATEGORY themselves. */
export function useCategories(): string[] {
  return useStation().status?.categories ?? [];
}
