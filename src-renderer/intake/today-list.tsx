// Today's photos, newest first, with counts by band and category; items from other tools (files
// dropped into incoming/) arrive here through the item-added event.
import type { Item } from '../../src-shared/domain.ts';
import { pct, timeOf } from '../common/format.ts';

/** The band in a word beside the confidence: its colour is not the only sign. */
const BAND_WORD = { high: 'high', medium: 'medium', low: 'review' } as const;
import { useStation } from '../station-context.tsx';

export function TodayList({ items, onSelect }: { items: Item[]; onSelect(item: Item): void }) {
  const { client } = useStation();
  const bands = { high: 0, medium: 0, low: 0 } as Record<string, number>;
  const cats = new Map<string, number>();
  for (const i of items) {
    if (i.band) bands[i.band] = (bands[i.band] ?? 0) + 1;
    if (i.category) cats.set(i.category, (cats.get(i.category) ?? 0) + 1);
  }
  return (
    <div className="today">
      <h2>
        Today <span data-testid="today-count">{items.length}</span>
      </h2>
      <p className="counts">
        <span className="band band-high">{bands.high} high</span> <span className="band band-medium">{bands.medium} medium</span>{' '}
        <span className="band band-low">{bands.low} to review</span>
        {[...cats]
          .sort((a, b) => b[1] - a[1])
          .map(([c, n]) => (
            <span key={c} className="chip">
              {c} {n}
            </span>
          ))}
      </p>
      <ul className="today-list" data-testid="today-list">
        {items.map((i) => (
          <li key={i.id}>
            <button type="button" onClick={() => onSelect(i)} data-testid="today-item" data-file={i.fileName}>
              <img src={client.photoUrl(i.id, 'thumb')} alt="" loading="lazy" width={48} height={48} />
              <span className="today-name">{i.returnId ?? i.fileName}</span>
              <span>{i.category ?? (i.error ? 'unreadable' : 'classifying…')}</span>
              <span className={`band band-${i.band ?? 'none'} nowrap`}>
                {i.prediction ? pct(i.prediction.confidence) : ''} {i.band ? BAND_WORD[i.band] : ''}
              </span>
              <span className="muted">{timeOf(i.receivedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
