// One found return as customer service needs it: what was announced, and for each photo the
// category with who decided it and when, grade, disposition, where it is, and its timeline.
import type { FoundItem, FoundReturn, ReturnTimelineEntry } from '../../src-shared/receiving.ts';
import { pct } from '../common/format.ts';
import { useStation } from '../station-context.tsx';
import { DECIDED_BY_LABEL, MATCH_LABEL } from '../common/receiving-labels.ts';

const when = (iso: string) => new Date(iso).toLocaleString();
/** Oldest first, entries of the same moment in the order the core gave them. */
const byTime = (t: ReturnTimelineEntry[]) => [...t].sort((a, b) => a.at.localeCompare(b.at));

export function FoundReturnView({ found }: { found: FoundReturn }) {
  const e = found.expected;
  return (
    <article className="found-return" aria-labelledby="found-title" data-testid="found-return" data-return-id={found.returnId}>
      <h2 id="found-title">
        <span className="mono">{found.returnId}</span> <span className="muted">order {found.orderId ?? '—'}</span>
      </h2>
      <dl className="found-expected" data-testid="found-expected">
        <dt>Expected</dt>
        <dd>
          {e ? (
            <>
              {e.categories.length ? e.categories.join(' or ') : e.itemText}
              {e.categories.length > 0 && e.itemText && <span className="muted"> ({e.itemText})</span>}
              <span className="muted">
                {' '}
                · customer {e.customerRef || '—'} · from {e.source}, {when(e.updatedAt)}
              </span>
            </>
          ) : (
            <span className="muted">not announced</span>
          )}
        </dd>
        <dt>Received</dt>
        <dd>{found.items.length ? found.items.map((i) => i.category ?? 'not classified yet').join(', ') : 'nothing yet'}</dd>
      </dl>
      {found.items.map((item) => (
        <FoundItemView key={item.itemId} item={item} />
      ))}
    </article>
  );
}

function FoundItemView({ item }: { item: FoundItem }) {
  const { client } = useStation();
  const shelf = [item.location.section && `Section ${item.location.section}`, item.location.aisle && `Aisle ${item.location.aisle}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <section className="found-item" aria-label={`Photo ${item.fileName}`} data-testid="found-item" data-item-id={item.itemId}>
      <img src={client.photoUrl(item.itemId, 'thumb')} alt={`Photo ${item.fileName}`} className="found-photo" />
      <dl className="found-facts">
        <dt>Category</dt>
        <dd data-testid="found-category">
          {item.category ?? '—'} {/* The model's confidence belongs to its own answer, not to a person's. */}
          {item.confidence !== null && item.decidedBy?.by !== 'person' && <span className="muted">{pct(item.confidence, 1)}</span>}
        </dd>
        <dt>Decided by</dt>
        <dd data-testid="found-decided-by">
          {item.decidedBy ? `${DECIDED_BY_LABEL[item.decidedBy.by]} ${item.decidedBy.name}, ${when(item.decidedBy.at)}` : 'not yet'}
        </dd>
        <dt>Grade</dt>
        <dd data-testid="found-grade">{item.grade ?? 'not graded'}</dd>
        <dt>Disposition</dt>
        <dd data-testid="found-disposition">{item.disposition ?? '—'}</dd>
        <dt>Location</dt>
        <dd>
          {shelf || <span className="muted">no shelf set</span>} <span className="mono small">{item.location.relPath}</span>
        </dd>
        <dt>Expected</dt>
        <dd data-testid="found-match">{item.expectedMatch ? MATCH_LABEL[item.expectedMatch] : '—'}</dd>
        <dt>Status</dt>
        <dd>{item.status}</dd>
      </dl>
      <ol className="timeline" aria-label={`Timeline of ${item.fileName}`} data-testid="found-timeline">
        {byTime(item.timeline).map((t, i) => (
          <li key={i} data-event={t.event}>
            <time dateTime={t.at}>{when(t.at)}</time> <strong>{t.event}</strong> {t.detail}
          </li>
        ))}
      </ol>
    </section>
  );
}
