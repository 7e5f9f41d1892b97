// Intake: scan the return id, photograph the item (webcam, or drop/pick a file), see the category
// at once and correct it with one key; today's list grows as photos arrive from any source.
//
// Focus model: the return-id field is focused by default and a keyboard-wedge scan lands there.
// After a capture, focus moves to the prediction so the digit keys correct it; any other character
// typed (the next scan starting) goes back into the field, so the clerk never has to click.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { returnIdFromPhotoName, type Item } from '../../src-shared/domain.ts';
import { StationClientError } from '../station-client.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { useCategories, useStation, useStationEvent } from '../station-context.tsx';
import { CameraPanel, type CameraHandle } from './camera-panel.tsx';
import { PredictionPanel } from './prediction-panel.tsx';
import { judgeScan, type ScanMemory } from './scan-guard.ts';
import { TodayList } from './today-list.tsx';

const EXT: Record<string, 'jpg' | 'png' | 'webp'> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const CAPTURE_HINT = 'Capture: Ctrl+Enter';

export function IntakeScreen() {
  const { client, clerk, toast } = useStation();
  const categories = useCategories();
  const field = useRef<HTMLInputElement>(null);
  const predictionRef = useRef<HTMLDivElement>(null);
  const camera = useRef<CameraHandle>(null);
  const scanMemory = useRef<ScanMemory>({ last: null });
  const [text, setText] = useState('');
  const [current, setCurrent] = useState<{ returnId: string; allowReuse: boolean } | null>(null);
  const [askReuse, setAskReuse] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [today, setToday] = useState<Item[]>([]);
  const [shown, setShown] = useState<Item | null>(null);
  const [shownAt, setShownAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  const day = localDay();
  useEffect(() => {
    client.call('listItems', { day, limit: 1000 }).then(setToday, (e: Error) => setMessage({ kind: 'error', text: e.message }));
  }, [client, day]);

  const upsert = useCallback((item: Item) => {
    if (localDay(new Date(item.receivedAt)) !== localDay()) return;
    setToday((list) =>
      [item, ...list.filter((i) => i.id !== item.id)].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id - a.id),
    );
    setShown((s) => (s?.id === item.id ? item : s));
  }, []);
  useStationEvent('item-added', upsert);
  useStationEvent('item-updated', upsert);

  const usedToday = useMemo(() => new Set(today.map((i) => i.returnId).filter((r): r is string => !!r)), [today]);

  function show(item: Item) {
    upsert(item);
    setShown(item);
    setShownAt(performance.now());
    setFocusPrediction((n) => n + 1);
  }
  // One-key correction: once the new prediction is on screen, the digits go to it (see the focus
  // model above). An effect, so it runs after the panel exists, never later than the next keys.
  const [focusPrediction, setFocusPrediction] = useState(0);
  useEffect(() => {
    if (focusPrediction) predictionRef.current?.focus();
  }, [focusPrediction]);

  function onScan() {
    const outcome = judgeScan(text, Date.now(), scanMemory.current, usedToday);
    setText('');
    switch (outcome.kind) {
      case 'invalid':
        setMessage({ kind: 'error', text: outcome.message });
        return;
      case 'repeat-ignored':
        setMessage({ kind: 'info', text: `${outcome.returnId} scanned twice; the repeat was ignored.` });
        return;
      case 'ask-reuse':
        setAskReuse(outcome.returnId);
        return;
      case 'accepted':
        setCurrent({ returnId: outcome.returnId, allowReuse: false });
        setMessage({ kind: 'info', text: `Return ${outcome.returnId}: now photograph the item.` });
    }
  }

  async function save(bytes: Uint8Array<ArrayBuffer>, ext: 'jpg' | 'png' | 'webp', returnId: string | null, allowReuse: boolean) {
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

  async function captureNow() {
    if (busy) return;
    const bytes = await camera.current?.capture();
    if (!bytes) {
      setMessage({ kind: 'error', text: 'No camera picture to capture. Drop or pick a photo file instead.' });
      return;
    }
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

  async function correct(category: string) {
    if (!shown) return;
    try {
      const d = await client.call('decide', {
        itemId: shown.id,
        action: category === shown.prediction?.category ? 'accept' : 'override',
        category,
        clerk: clerk || 'intake',
        durationMs: Math.round(performance.now() - shownAt),
      });
      upsert(d.item);
      setShown(d.item);
      field.current?.focus();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  }

  // Ctrl+Enter captures from anywhere on this screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && e.ctrlKey) {
        e.preventDefault();
        void captureNow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function onPredictionKey(e: ReactKeyboardEvent) {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const digit = /^[0-9]$/.test(e.key) ? (e.key === '0' ? 9 : Number(e.key) - 1) : -1;
    if (digit >= 0 && categories[digit]) {
      e.preventDefault();
      void correct(categories[digit]);
    } else if (e.key.length === 1) {
      // The next scan has started: hand the character to the return-id field.
      e.preventDefault();
      setText((t) => t + e.key);
      field.current?.focus();
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void addFiles(e.dataTransfer.files);
  };

  return (
    <section
      className={dragging ? 'intake dragging' : 'intake'}
      aria-labelledby="intake-title"
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="screen-header">
        <ScreenHeading id="intake-title">Intake</ScreenHeading>
      </header>
      <div className="intake-grid">
        <div className="intake-left">
          <form
            className="scan-form"
            onSubmit={(e) => {
              e.preventDefault();
              onScan();
            }}
          >
            <label htmlFor="return-id">Return id</label>
            <input
              id="return-id"
              ref={field}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              placeholder="Scan or type a return id, then Enter"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="return-id"
            />
          </form>
          <p className="current-return" data-testid="current-return">
            {current ? (
              <>
                Photographing <strong>{current.returnId}</strong>
              </>
            ) : (
              <span className="muted">No return scanned: photos are saved without a return id.</span>
            )}
          </p>
          {message && (
            <p
              className={message.kind === 'error' ? 'message error' : 'message'}
              role={message.kind === 'error' ? 'alert' : 'status'}
              data-testid="intake-message"
            >
              {message.text}
            </p>
          )}
          {askReuse && (
            <div className="confirm" role="alertdialog" aria-labelledby="reuse-q">
              <p id="reuse-q">
                <strong>{askReuse}</strong> already has a photo today. Add another photo for it?
              </p>
              <div className="row">
                <button
                  type="button"
                  autoFocus
                  onClick={() => {
                    setCurrent({ returnId: askReuse, allowReuse: true });
                    setAskReuse(null);
                    field.current?.focus();
                  }}
                >
                  Yes, same return
                </button>
                <button type="button" onClick={() => (setAskReuse(null), field.current?.focus())}>
                  No
                </button>
              </div>
            </div>
          )}
          <CameraPanel ref={camera} onCaptureKeyHint={CAPTURE_HINT} />
          <div className="row">
            <button type="button" className="primary" onClick={() => void captureNow()} disabled={busy} data-testid="capture">
              {busy ? 'Saving…' : 'Capture photo'}
            </button>
            <label className="button">
              Add photo files…
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple
                hidden
                data-testid="file-pick"
                onChange={(e) => {
                  if (e.target.files) void addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
            </label>
            <span className="muted">or drop photos anywhere on this screen</span>
          </div>
        </div>
        <div className="intake-right">
          <PredictionPanel
            ref={predictionRef}
            item={shown}
            categories={categories}
            onKeyDown={onPredictionKey}
            onPick={(c) => void correct(c)}
          />
          <TodayList items={today} onSelect={(i) => show(i)} />
        </div>
      </div>
    </section>
  );
}
