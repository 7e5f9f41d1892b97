// The model's answer for the photo just taken: category, confidence band, top-3, and the category
// keys for a one-key correction (digits while this panel has focus, or a click).
import { forwardRef, type KeyboardEvent } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import { categoryKey } from '../common/category-keys.ts';
import { BAND_LABEL, pct } from '../common/format.ts';
import { kindNote } from '../common/kind-note.ts';
import { useStation } from '../station-context.tsx';

interface Props {
  item: Item | null;
  categories: string[];
  onKeyDown(e: KeyboardEvent): void;
  onPick(category: string): void;
}

export const PredictionPanel = forwardRef<HTMLDivElement, Props>(function PredictionPanel({ item, categories, onKeyDown, onPick }, ref) {
  const { client } = useStation();
  if (!item) {
    return (
      <div className="prediction empty" data-testid="prediction">
        <p className="muted">The category appears here the moment a photo is taken.</p>
      </div>
    );
  }
  const p = item.prediction;
  const corrected = item.lastDecision?.action === 'override' && !item.lastDecision.undoneAt;
  return (
    <div
      ref={ref}
      className="prediction"
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="prediction"
      aria-label="Prediction; press a number key to correct"
    >
      <img src={client.photoUrl(item.id, 'thumb')} alt={`Photo ${item.fileName}`} className="prediction-photo" />
      <div className="prediction-main">
        <p className="muted">{item.returnId ?? item.fileName}</p>
        {p ? (
          <>
            <p className="prediction-category" data-testid="predicted-category">
              {item.category}
              {corrected && <span className="tag">corrected</span>}
            </p>
            <p>
              <span className={`band band-${item.band}`} data-testid="predicted-band">
                {item.band ? BAND_LABEL[item.band] : ''}
              </span>{' '}
              model: {p.category} {pct(p.confidence, 1)}
            </p>
            {kindNote(p) && (
              <p className="kind-note" data-testid="looks-like">
                {kindNote(p)}
              </p>
            )}
            <ol className="top3">
              {p.top3.map((g) => (
                <li key={g.category}>
                  {g.category} <span className="muted">{pct(g.confidence, 1)}</span>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="error">{item.error ?? 'Not classified yet.'}</p>
        )}
      </div>
      {p && (
        <div className="category-keys" role="group" aria-label="Correct the category">
          {categories.map((c, i) => (
            <button
              key={c}
              type="button"
              className={c === item.category ? 'chosen' : undefined}
              aria-pressed={c === item.category}
              onClick={() => onPick(c)}
            >
              {categoryKey(i) && <kbd>{categoryKey(i)}</kbd>} {c}
            </button>
          ))}
        </div>
      )}
    </div>
  );
});
