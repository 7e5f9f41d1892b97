// Intake's state and requests: the return id being photographed, the question before reusing an id
// used today, the message line, today's photos (kept fresh by events), the photo shown with its
// prediction, and saving and correcting photos. The screen only lays these out and moves focus.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { returnIdFromPhotoName, type Item } from '../../src-shared/domain.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { decisionFor } from '../common/category-keys.ts';
import { StationClientError } from '../station-client.ts';
import { useStation, useStationEvent } from '../station-context.tsx';
import { judgeScan, type ScanMemory } from './scan-guard.ts';

const EXT: Record<string, 'jpg' | 'png' | 'webp'> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
type Ext = 'jpg' | 'png' | 'webp';

export function useIntake() {
  const { client, clerk, toast } = useStation();
  const scanMemory = useRef<ScanMemory>({ last: null });
  const [current, setCurrent] = useState<{ returnId: string; allowReuse: boolean } | null>(null);
  const [askReuse, setAskReuse] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [today, setToday] = useState<Item[]>([]);
  const [shown, setShown] = useState<{ item: Item; at: number; seq: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const day = localDay();
  useEffect(() => {
    client.call('listItems', { day, limit: 1000 }).then(setToday, (e: Error) => setMessage({ kind: 'error', text: e.message }));
  }, [client, day]);

  const upsert = useCallback((item: Item) => {
    if (localDay(new Date(item.receivedAt)) !== localDay()) return;
    setToday((list) =>
      [item, ...list.filter((i) => i.id !== item.id)].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id - a.id),
    );
    setShown((s) => (s?.item.id === item.id ? { ...s, item } : s));
  }, []);
  useStationEvent('item-added', upsert);
  useStationEvent('item-updated', upsert);

  const usedToday = useMemo(() => new Set(today.map((i) => i.returnId).filter((r): r is string => !!r)), [today]);

  /** Puts `item` in the prediction panel; `seq` changes each time, so the screen can focus it. */
  function show(item: Item) {
    upsert(item);
    setShown((s) => ({ item, at: performance.now(), seq: (s?.seq ?? 0) + 1 }));
  }

  function scan(text: string) {
    const outcome = judgeScan(text, Date.now(), scanMemory.current, usedToday);
    switch (outcome.kind) {
      case 'invalid':
        return setMessage({ kind: 'error', text: outcome.message });
      case 'repeat-ignored':
        return setMessage({ kind: 'info', text: `${outcome.returnId} scanned twice; the repeat was ignored.` });
      case 'ask-reuse':
        return setAskReuse(outcome.returnId);
      case 'accepted':
        setCurrent({ returnId: outcome.returnId, allowReuse: false });
        setMessage({ kind: 'info', text: `Return ${outcome.returnId}: now photograph the item.` });
    }
  }

  function answerReuse(yes: boolean) {
    if (yes && askReuse) setCurrent({ returnId: askReuse, allowReuse: true });
    setAskReuse(null);
  }

  async function save(bytes: Uint8Array<ArrayBuffer>, ext: Ext, returnId: string | null, allowReuse: boolean) {
    setBusy(true);
    try {
      const item = await client.call('savePhoto', { returnId, bytes, ext, allowReuse });
      if (returnId && current?.returnId === returnId) setCurrent(null);
      setMessage(null);
      show(item);
    } catch (e) {
      const err = e as StationClientError;
      if (err.reason === 'return-id-in-use' && returnId && !allowReuse) setAskReuse(returnId);
      else setMessage({ kind: 'error', text: err.message });
    } finally {
      setBusy(false);
    }
  }

  /** A camera frame (null: no live picture) for the return id being photographed. */
  async function saveCapture(bytes: Uint8Array<ArrayBuffer> | null) {
    if (!bytes) return setMessage({ kind: 'error', text: 'No camera picture to capture. Drop or pick a photo file instead.' });
    await save(bytes, 'jpg', current?.returnId ?? null, current?.allowReuse ?? false);
  }

  async function addFiles(files: FileList | File[]) {
    const list = Array.from(files);
    for (const f of list) {
      const ext = EXT[f.type];
      if (!ext) {
        toast({ kind: 'error', title: `${f.name} was not added`, body: 'Only JPEG, PNG and WebP photos can be added here.' });
        continue;
      }
      // A file named like the desk's photos carries its return id; a single file may take the scanned one.
      const rid = returnIdFromPhotoName(f.name) ?? (list.length === 1 ? (current?.returnId ?? null) : null);
      await save(new Uint8Array(await f.arrayBuffer()), ext, rid, rid === current?.returnId ? (current?.allowReuse ?? false) : false);
    }
  }

  /** The clerk files the photo shown under `category`. Resolves true once it is stored. */
  async function correct(category: string): Promise<boolean> {
    if (!shown) return false;
    const { item, at } = shown;
    try {
      const d = await client.call('decide', {
        itemId: item.id,
        ...decisionFor(item.prediction, category),
        clerk: clerk || 'intake',
        durationMs: Math.round(performance.now() - at),
      });
      upsert(d.item);
      return true;
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
      return false;
    }
  }

  return { current, askReuse, message, today, shown, busy, show, scan, answerReuse, saveCapture, addFiles, correct };
}
