// The item under review: its photo, the model's three guesses with their keys, and every action
// as a button too (mouse users; Tab reaches each one). A mouse click does not move focus onto a
// button, so the review keys keep working after it; a button reached with Tab takes Enter/Space.
import { Fragment, type MouseEvent, type ReactNode } from 'react';
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import type { Item } from '../../src-shared/domain.ts';
import { DIGIT_KEYS, keyForCategory } from '../common/category-keys.ts';
import { ConditionControls } from '../common/condition-controls.tsx';
import { MismatchPanel } from '../common/expected-return.tsx';
import { BAND_LABEL, pct } from '../common/format.ts';
import type { Condition } from '../common/use-condition.ts';
import { useStation } from '../station-context.tsx';
import { kindNote } from '../common/kind-note.ts';
import type { ReviewCommand } from './review-keys.ts';

const keepFocus = (e: MouseEvent) => e.preventDefault();

/** Why a photo the model would have auto-approved is here: said in words, not by colour alone. */
export function HeldNote({ item }: { item: Item }) {
  if (!item.heldFor) return null;
  return (
    <p className={`held-note held-${item.heldFor}`} role="note" data-testid="held-note" data-held-for={item.heldFor}>
      <span className="tag held-tag">{item.heldFor === 'audit' ? 'Audit' : 'Held: drift'}</span>{' '}
      {item.heldFor === 'audit'
        ? 'The station would have auto-approved this photo. It was drawn for the audit sample: your answer measures how often its auto-approvals are right.'
        : 'The station would have auto-approved this photo, but it is checking itself after a drift alert: the photos look different from what it knows.'}
    </p>
  );
}

export function ReviewItemView({
  item,
  categories,
  canUndo,
  condition,
  onCommand,
}: {
  item: Item;
  categories: string[];
  canUndo: boolean;
  condition: Condition;
  onCommand(cmd: ReviewCommand): void;
}) {
  const { client } = useStation();
  const more = categories.length - DIGIT_KEYS;
  const button = (label: ReactNode, cmd: ReviewCommand, extra: Record<string, unknown> = {}) => (
    <button type="button" onMouseDown={keepFocus} onClick={() => onCommand(cmd)} {...extra}>
      {label}
    </button>
  );
  return (
    <div className="review-item" data-testid="review-item" data-item-id={item.id}>
      <figure className="review-photo">
        <img src={client.photoUrl(item.id)} alt={`Photo ${item.fileName}`} data-testid="review-photo" />
        <figcaption>
          {item.returnId ?? item.fileName} · {item.band ? BAND_LABEL[item.band] : ''}
          {item.lastDecision?.action === 'defer' && !item.lastDecision.undoneAt ? ' · deferred before' : ''}
        </figcaption>
      </figure>
      <div className="review-side">
        <MismatchPanel item={item} />
        <HeldNote item={item} />
        <h2>
          Model's guesses
          {item.prediction?.headId != null && (
            <span className="tag head-tag" title="Predicted by a head fitted from this desk's decisions" data-testid="prediction-head">
              desk head #{item.prediction.headId}
            </span>
          )}
        </h2>
        {kindNote(item.prediction) && (
          <p className="kind-note" data-testid="looks-like">
            {kindNote(item.prediction)}
          </p>
        )}
        <ol className="guesses">
          {item.prediction?.top3.map((g, i) => (
            <li key={g.category} className={i === 0 ? 'first' : undefined}>
              <span>
                {g.category}
                {i === 0 && <span className="tag">first guess</span>}
              </span>
              <span className="muted">{pct(g.confidence, 1)}</span>
              {keyForCategory(g.category, categories) ? <kbd>{keyForCategory(g.category, categories)}</kbd> : <span />}
            </li>
          ))}
        </ol>
        <p className="muted">
          Enter / A accepts “{item.prediction?.category}”. Space defers, F flags, Backspace undoes. O (the letter): none of these; N: new
          category
          {more > 0 ? `; / or C: the other ${more}` : '; / or C: find one'}.
        </p>
        <div className="category-keys big" role="group" aria-label="File under a category" data-testid="category-keys">
          {categories.slice(0, DIGIT_KEYS).map((c) => (
            <Fragment key={c}>
              {button(
                <>
                  <kbd>{keyForCategory(c, categories)}</kbd> {c}
                </>,
                { kind: 'override', category: c },
              )}
            </Fragment>
          ))}
          {button(
            <>
              <kbd className="letter-key">O</kbd> {OTHER_CATEGORY} <span className="muted">(none of these)</span>
            </>,
            { kind: 'override', category: OTHER_CATEGORY },
            { 'data-testid': 'pick-other', 'aria-keyshortcuts': 'O' },
          )}
          {button(
            <>
              <kbd>/</kbd> {more > 0 ? `${more} more…` : 'Find…'}
            </>,
            { kind: 'choose-category' },
            { 'data-testid': 'open-category-picker' },
          )}
          {button(
            <>
              <kbd>N</kbd> New category…
            </>,
            { kind: 'new-category' },
            { 'data-testid': 'open-new-category' },
          )}
        </div>
        <div className="row">
          {button('Accept (Enter)', { kind: 'accept' }, { className: 'primary' })}
          {button('Defer (Space)', { kind: 'defer' })}
          {button('Flag (F)', { kind: 'flag' })}
          {button('Undo (Backspace)', { kind: 'undo' }, { disabled: !canUndo })}
        </div>
        <ConditionControls condition={condition} />
      </div>
    </div>
  );
}
