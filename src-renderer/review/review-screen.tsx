// Morning review: the low-band queue (lowest confidence first), one item at a time, decided from
// the keyboard. Every decision goes to the core with the clerk's name and the seconds it took; an
// override moves the filed photo, and Backspace takes decisions back one by one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import { ClerkGate } from '../common/clerk-gate.tsx';
import { BAND_LABEL, categoryKey, duration, pct } from '../common/format.ts';
import { useCategories, useStation } from '../station-context.tsx';
import { reviewCommand, type ReviewCommand } from './review-keys.ts';
import { afterDecision, afterEdit, afterUndo, progress, startSession, type ReviewSession } from './review-session.ts';
import { RecentDecisions } from './recent-decisions.tsx';
import { ReviewHelp } from './review-help.tsx';

export function ReviewScreen() {
  return (
    <ClerkGate>
      <ReviewQueue />
    </ClerkGate>
  );
}

function ReviewQueue() {
  const { client, clerk, setClerk } = useStation();
  const categories = useCategories();
  const [band, setBand] = useState<'low' | 'medium'>('low');
  const [day, setDay] = useState('');
  const [session, setSession] = useState<ReviewSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
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
      if (cmd.kind === 'help') return setHelp((h) => !h);
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
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === 'Escape') return setHelp(false);
      const cmd = reviewCommand(e, categories);
      if (!cmd || e.repeat) return;
      e.preventDefault();
      void run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [categories, run]);

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
        <h1 id="review-title">Review</h1>
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
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard help">
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
            <h2>Model's guesses</h2>
            <ol className="guesses">
              {current.prediction?.top3.map((g, i) => (
                <li key={g.category} className={i === 0 ? 'first' : undefined}>
                  <span>{g.category}</span>
                  <span className="muted">{pct(g.confidence, 1)}</span>
                  <kbd>{categoryKey(categories.indexOf(g.category))}</kbd>
                </li>
              ))}
            </ol>
            <p className="muted">Enter / A accepts “{current.prediction?.category}”. Space defers, F flags, Backspace undoes.</p>
            <div className="category-keys big" aria-label="Pick a category">
              {categories.map((c, i) => (
                <button key={c} type="button" tabIndex={-1} onClick={() => void run({ kind: 'override', category: c })}>
                  <kbd>{categoryKey(i)}</kbd> {c}
                </button>
              ))}
            </div>
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
      {session && <RecentDecisions decisions={session.done.slice(-10).reverse()} categories={categories} onEdit={edit} />}
      {help && <ReviewHelp categories={categories} onClose={() => setHelp(false)} />}
    </section>
  );
}
