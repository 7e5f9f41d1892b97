// Morning review: the low-band queue (lowest confidence first), one item at a time, decided from
// the keyboard. Every decision goes to the core with the clerk's name and the seconds it took; an
// override moves the filed photo, and Backspace takes decisions back one by one. Categories past
// the tenth, "Other" and new desk categories are reached through O, the filter list and N.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { OTHER_CATEGORY, withOther } from '../../src-shared/desk-learning.ts';
import type { Item } from '../../src-shared/domain.ts';
import { ClerkGate } from '../common/clerk-gate.tsx';
import { BAND_LABEL, duration, pct } from '../common/format.ts';
import { useCategories, useStation } from '../station-context.tsx';
import { CategoryPicker } from './category-picker.tsx';
import { NewCategoryDialog } from './new-category-dialog.tsx';
import { DIGIT_KEYS, isTypingTarget, keyForCategory, reviewCommand, type ReviewCommand } from './review-keys.ts';
import { afterDecision, afterEdit, afterUndo, progress, startSession, type ReviewSession } from './review-session.ts';
import { RecentDecisions } from './recent-decisions.tsx';
import { ReviewHelp } from './review-help.tsx';

/** What covers the queue: while one is open, review keys wait (the overlay takes the keyboard). */
type Overlay = { kind: 'help' } | { kind: 'new-category'; name: string } | { kind: 'choose-category' } | null;

export function ReviewScreen() {
  return (
    <ClerkGate>
      <ReviewQueue />
    </ClerkGate>
  );
}

function ReviewQueue() {
  const { client, clerk, setClerk, refreshStatus } = useStation();
  const categories = useCategories();
  const [band, setBand] = useState<'low' | 'medium'>('low');
  const [day, setDay] = useState('');
  const [session, setSession] = useState<ReviewSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const shownAt = useRef(performance.now());
  const busy = useRef(false);
  const current = session?.queue[0] ?? null;

  const load = useCallback(() => {
    setSession(null);
    client.call('reviewQueue', { band, ...(day ? { day } : {}) }).then(
      (q) => (setSession(startSession(q)), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [client, band, day]);
  useEffect(load, [load]);
  useEffect(() => {
    shownAt.current = performance.now();
  }, [current?.id]);

  const run = useCallback(
    async (cmd: ReviewCommand) => {
      if (cmd.kind === 'help') return setOverlay((o) => (o?.kind === 'help' ? null : { kind: 'help' }));
      if (cmd.kind === 'new-category') return current && setOverlay({ kind: 'new-category', name: '' });
      if (cmd.kind === 'choose-category') return current && setOverlay({ kind: 'choose-category' });
      if (!session || busy.current) return;
      busy.current = true;
      try {
        if (cmd.kind === 'undo') {
          const last = session.done.at(-1);
          if (!last) return;
          const restored = await client.call('undoDecision', { decisionId: last.decisionId });
          setSession((s) => s && afterUndo(s, restored));
          return;
        }
        if (!current) return;
        const action = cmd.kind === 'override' && cmd.category === current.prediction?.category ? 'accept' : cmd.kind;
        const category =
          cmd.kind === 'override' ? cmd.category : action === 'accept' ? (current.prediction?.category ?? undefined) : undefined;
        const durationMs = Math.round(performance.now() - shownAt.current);
        const d = await client.call('decide', { itemId: current.id, action, category, clerk, durationMs });
        setSession((s) => s && afterDecision(s, { decisionId: d.id, item: d.item, action: d.action, category: d.category, durationMs }));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        busy.current = false;
      }
    },
    [client, clerk, current, session],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target as HTMLElement | null)) return;
      // The dialog and the list handle their own keys; the help card closes with ? or Escape.
      if (overlay && overlay.kind !== 'help') return;
      if (e.key === 'Escape') return setOverlay(null);
      const cmd = reviewCommand(e, categories);
      if (!cmd || e.repeat || (overlay && cmd.kind !== 'help')) return;
      e.preventDefault();
      void run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [categories, overlay, run]);

  /** N's dialog confirmed: the category is added (the core checks the name again), then the item
   * on screen is filed under it. A refused name keeps the dialog open with the reason. */
  async function addAndFile(name: string) {
    const added = await client.call('addCategory', { name, clerk });
    setOverlay(null);
    refreshStatus();
    await run({ kind: 'override', category: added.name });
  }

  async function edit(decisionId: number, item: Item, category: string) {
    try {
      const d = await client.call('decide', {
        itemId: item.id,
        action: category === item.prediction?.category ? 'accept' : 'override',
        category,
        clerk,
        durationMs: 0,
      });
      setSession(
        (s) => s && afterEdit(s, decisionId, { decisionId: d.id, item: d.item, action: d.action, category: d.category, durationMs: 0 }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const prog = session ? progress(session) : null;
  return (
    <section className="review" aria-labelledby="review-title">
      <header className="screen-header">
        <ScreenHeading id="review-title">Review</ScreenHeading>
        <div className="row filters">
          <label>
            Band{' '}
            <select value={band} onChange={(e) => setBand(e.target.value as 'low' | 'medium')} data-testid="band-filter">
              <option value="low">Low (&lt; review threshold)</option>
              <option value="medium">Medium</option>
            </select>
          </label>
          <label>
            Day <input type="date" value={day} onChange={(e) => setDay(e.target.value)} data-testid="day-filter" />
          </label>
          <span className="muted">
            Clerk: <strong data-testid="clerk">{clerk}</strong>{' '}
            <button type="button" className="link" onClick={() => setClerk('')}>
              change
            </button>
          </span>
          <button type="button" onClick={() => setOverlay({ kind: 'help' })} aria-label="Keyboard help">
            ?
          </button>
        </div>
      </header>
      {prog && (
        <div className="review-progress" data-testid="review-progress">
          <progress max={Math.max(1, prog.total)} value={prog.decided} />
          <span>
            {prog.decided} of {prog.total} decided
            {prog.etaMs !== null && session!.queue.length > 0 ? ` · about ${duration(prog.etaMs)} left` : ''}
          </span>
        </div>
      )}
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {!session && !error && <p className="muted">Loading the queue…</p>}
      {session && !current && (
        <div className="review-done" data-testid="review-done">
          <h2>Queue clear</h2>
          <p className="muted">
            No {band === 'low' ? 'low-confidence' : 'medium-band'} items are waiting{day ? ` for ${day}` : ''}.
          </p>
        </div>
      )}
      {current && (
        <div className="review-item" data-testid="review-item" data-item-id={current.id}>
          <figure className="review-photo">
            <img src={client.photoUrl(current.id)} alt={`Photo ${current.fileName}`} data-testid="review-photo" />
            <figcaption>
              {current.returnId ?? current.fileName} · {current.band ? BAND_LABEL[current.band] : ''}
              {current.lastDecision?.action === 'defer' && !current.lastDecision.undoneAt ? ' · deferred before' : ''}
            </figcaption>
          </figure>
          <div className="review-side">
            <h2>
              Model's guesses
              {current.prediction?.headId != null && (
                <span className="tag head-tag" title="Predicted by a head fitted from this desk's decisions" data-testid="prediction-head">
                  desk head #{current.prediction.headId}
                </span>
              )}
            </h2>
            <ol className="guesses">
              {current.prediction?.top3.map((g, i) => (
                <li key={g.category} className={i === 0 ? 'first' : undefined}>
                  <span>{g.category}</span>
                  <span className="muted">{pct(g.confidence, 1)}</span>
                  {keyForCategory(g.category, categories) ? <kbd>{keyForCategory(g.category, categories)}</kbd> : <span />}
                </li>
              ))}
            </ol>
            <p className="muted">
              Enter / A accepts “{current.prediction?.category}”. Space defers, F flags, Backspace undoes. O: none of these; N: new category
              {categories.length > DIGIT_KEYS ? `; / or C: the other ${categories.length - DIGIT_KEYS}` : '; / or C: find one'}.
            </p>
            <CategoryKeys
              categories={categories}
              onPick={(c) => void run({ kind: 'override', category: c })}
              onChoose={() => setOverlay({ kind: 'choose-category' })}
              onNew={() => setOverlay({ kind: 'new-category', name: '' })}
            />
            <div className="row">
              <button type="button" className="primary" tabIndex={-1} onClick={() => void run({ kind: 'accept' })}>
                Accept (Enter)
              </button>
              <button type="button" tabIndex={-1} onClick={() => void run({ kind: 'defer' })}>
                Defer (Space)
              </button>
              <button type="button" tabIndex={-1} onClick={() => void run({ kind: 'flag' })}>
                Flag (F)
              </button>
              <button type="button" tabIndex={-1} onClick={() => void run({ kind: 'undo' })} disabled={!session?.done.length}>
                Undo (Backspace)
              </button>
            </div>
          </div>
        </div>
      )}
      {session && <RecentDecisions decisions={session.done.slice(-10).reverse()} categories={withOther(categories)} onEdit={edit} />}
      {overlay?.kind === 'help' && <ReviewHelp categories={categories} onClose={() => setOverlay(null)} />}
      {overlay?.kind === 'new-category' && (
        <NewCategoryDialog categories={categories} initialName={overlay.name} onConfirm={addAndFile} onCancel={() => setOverlay(null)} />
      )}
      {overlay?.kind === 'choose-category' && (
        <CategoryPicker
          categories={categories}
          onPick={(category) => {
            setOverlay(null);
            void run({ kind: 'override', category });
          }}
          onNew={(name) => setOverlay({ kind: 'new-category', name })}
          onCancel={() => setOverlay(null)}
        />
      )}
    </section>
  );
}

/** The on-screen legend: the ten digit keys, then Other, the list and New (mouse users too). */
function CategoryKeys({
  categories,
  onPick,
  onChoose,
  onNew,
}: {
  categories: string[];
  onPick(category: string): void;
  onChoose(): void;
  onNew(): void;
}) {
  const more = categories.length - DIGIT_KEYS;
  return (
    <div className="category-keys big" aria-label="Pick a category" data-testid="category-keys">
      {categories.slice(0, DIGIT_KEYS).map((c) => (
        <button key={c} type="button" tabIndex={-1} onClick={() => onPick(c)}>
          <kbd>{keyForCategory(c, categories)}</kbd> {c}
        </button>
      ))}
      <button type="button" tabIndex={-1} onClick={() => onPick(OTHER_CATEGORY)} data-testid="pick-other">
        <kbd>O</kbd> {OTHER_CATEGORY} <span className="muted">(none of these)</span>
      </button>
      <button type="button" tabIndex={-1} onClick={onChoose} data-testid="open-category-picker">
        <kbd>/</kbd> {more > 0 ? `${more} more…` : 'Find…'}
      </button>
      <button type="button" tabIndex={-1} onClick={onNew} data-testid="open-new-category">
        <kbd>N</kbd> New category…
      </button>
    </div>
  );
}
