// Morning review: the low-band queue (lowest confidence first), one item at a time, decided from
// the keyboard (review-keys.ts). State and requests live in useReviewQueue; this screen holds the
// filters and which dialog is open. Categories past the tenth, "Other" and new desk categories are
// reached through O, the filter list and N; an earlier decision is changed through the same list.
import { useEffect, useState } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import { ClerkGate } from '../common/clerk-gate.tsx';
import { keyBelongsToTarget } from '../common/key-target.ts';
import { useCondition } from '../common/use-condition.ts';
import { duration } from '../common/format.ts';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { useCategories, useStation } from '../station-context.tsx';
import { CategoryPicker } from './category-picker.tsx';
import { kindOffer, NewCategoryDialog } from './new-category-dialog.tsx';
import { RecentDecisions } from './recent-decisions.tsx';
import { ReviewHelp } from './review-help.tsx';
import { ReviewItemView } from './review-item-view.tsx';
import { reviewCommand, type ReviewCommand } from './review-keys.ts';
import { progress } from './review-session.ts';
import { useReviewQueue } from './use-review-queue.ts';

/** An earlier decision being changed (null: the item on screen is being filed). */
type Target = { decisionId: number; item: Item } | null;
/** What covers the queue: while one is open, review keys wait (the dialog takes the keyboard). */
type Overlay =
  { kind: 'help' } | { kind: 'new-category'; name: string; target: Target } | { kind: 'choose-category'; target: Target } | null;

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
  const [overlay, setOverlay] = useState<Overlay>(null);
  const { session, current, error, decide, undo, edit } = useReviewQueue(band, day);
  const condition = useCondition(current, clerk);

  const fileUnder = (category: string, target: Target) =>
    target ? edit(target.decisionId, target.item, category) : decide({ kind: 'override', category });

  function run(cmd: ReviewCommand) {
    if (cmd.kind === 'help') return setOverlay((o) => (o?.kind === 'help' ? null : { kind: 'help' }));
    if (cmd.kind === 'new-category') return current && setOverlay({ kind: 'new-category', name: '', target: null });
    if (cmd.kind === 'choose-category') return current && setOverlay({ kind: 'choose-category', target: null });
    if (cmd.kind === 'undo') return void undo();
    if (cmd.kind === 'grade') return void (current && condition.setGrade(cmd.grade));
    void decide(cmd);
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (keyBelongsToTarget(e.key, e.target as HTMLElement | null)) return;
      // The dialogs handle their own keys; the help card closes with ? or Escape.
      if (overlay && overlay.kind !== 'help') return;
      if (e.key === 'Escape') return setOverlay(null);
      const cmd = reviewCommand(e, categories);
      if (!cmd || e.repeat || (overlay && cmd.kind !== 'help')) return;
      e.preventDefault();
      run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  /** N's dialog confirmed: the category is added (the core checks the name again), then the item
   * is filed under it. A refused name keeps the dialog open with the reason. */
  async function addAndFile(name: string, target: Target, kind: string | undefined) {
    const added = await client.call('addCategory', { name, clerk, ...(kind ? { kind } : {}) });
    setOverlay(null);
    refreshStatus();
    await fileUnder(added.name, target);
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
              <option value="medium">Medium, with audited and held photos</option>
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
          <progress max={Math.max(1, prog.total)} value={prog.decided} aria-label="Decided" />
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
        <ReviewItemView item={current} categories={categories} canUndo={!!session?.done.length} condition={condition} onCommand={run} />
      )}
      {session && (
        <RecentDecisions
          decisions={session.done.slice(-10).reverse()}
          onChange={(d) => setOverlay({ kind: 'choose-category', target: { decisionId: d.decisionId, item: d.item } })}
        />
      )}
      {overlay?.kind === 'help' && <ReviewHelp categories={categories} onClose={() => setOverlay(null)} />}
      {overlay?.kind === 'new-category' && (
        <NewCategoryDialog
          categories={categories}
          initialName={overlay.name}
          offer={kindOffer((overlay.target?.item ?? current)?.prediction)}
          onConfirm={(name, kind) => addAndFile(name, overlay.target, kind)}
          onCancel={() => setOverlay(null)}
        />
      )}
      {overlay?.kind === 'choose-category' && (
        <CategoryPicker
          categories={categories}
          title={overlay.target ? `Change ${overlay.target.item.returnId ?? overlay.target.item.fileName} to…` : undefined}
          onPick={(category) => {
            setOverlay(null);
            void fileUnder(category, overlay.target);
          }}
          onNew={(name) => setOverlay({ kind: 'new-category', name, target: overlay.target })}
          onCancel={() => setOverlay(null)}
        />
      )}
    </section>
  );
}
