// The pick list on screen (and on paper): groups in warehouse order, each line with a tick box,
// the return id and its Code 128 barcode, a thumbnail, category, band, grade and disposition; grouped
// by disposition, each group's heading names it first.
import type { PickList } from '../../src-shared/domain.ts';
import { BAND_LABEL, pct } from '../common/format.ts';
import { useStation } from '../station-context.tsx';

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export function PickListDocument({ list, pagePerCategory }: { list: PickList; pagePerCategory: boolean }) {
  const { client } = useStation();
  const scope = list.scope.kind === 'batch' ? `Batch ${list.scope.batchTimestamp}` : `${list.scope.from} to ${list.scope.to}`;
  if (list.totals.items === 0) return <p className="muted">No filed items in {scope}.</p>;
  return (
    <article className={pagePerCategory ? 'pick-list page-per-group' : 'pick-list'} data-testid="pick-list">
      <header className="pl-header">
        <h2>{list.title}</h2>
        <p>
          {scope} · printed {new Date(list.generatedAt).toLocaleString()} · {list.totals.items} items in {list.totals.categories} categories
          · {list.totals.reviewed} reviewed
        </p>
      </header>
      {list.groups.map((g) => (
        <section
          key={`${g.disposition ?? ''}/${g.category}`}
          className="pl-group"
          data-testid="pl-group"
          data-category={g.category}
          data-disposition={list.groupBy === 'disposition' ? (g.disposition ?? 'ungraded') : undefined}
        >
          <h3>
            {list.groupBy === 'disposition' && <span className="pl-disposition">{g.disposition ?? 'Not graded'} · </span>}
            {g.category}{' '}
            <span className="pl-location">
              {g.location ? `Section ${g.location.section} · Aisle ${g.location.aisle}` : 'no location set'}
            </span>{' '}
            <span className="muted">({g.lines.length})</span>
          </h3>
          <table className="pl-lines">
            <thead>
              <tr>
                <th>
                  <span className="visually-hidden">Picked</span>
                </th>
                <th>Return</th>
                <th>Barcode</th>
                <th>Photo</th>
                <th>Category</th>
                <th>Band</th>
                <th>Grade · disposition</th>
              </tr>
            </thead>
            <tbody>
              {g.lines.map((l) => (
                <tr key={l.itemId} data-testid="pl-line" data-return-id={l.returnId ?? ''}>
                  <td>
                    <span className="tick" aria-hidden="true" />
                  </td>
                  <td className="mono">{l.returnId ?? l.fileName}</td>
                  <td>
                    {l.barcodeSvg ? (
                      <img className="barcode" src={svgUrl(l.barcodeSvg)} alt={`Code 128: ${l.returnId}`} />
                    ) : (
                      <span className="muted">no return id</span>
                    )}
                  </td>
                  <td>
                    <img className="pl-thumb" src={client.photoUrl(l.itemId, 'thumb')} alt="" loading="lazy" />
                  </td>
                  <td>
                    {l.category}
                    {l.source === 'reviewed' && <span className="muted"> (reviewed)</span>}
                  </td>
                  <td className={l.band ? `band band-${l.band}` : undefined}>
                    {l.band ? BAND_LABEL[l.band] : '—'} {l.confidence !== null ? pct(l.confidence) : ''}
                  </td>
                  <td>{l.grade ? `${l.grade} · ${l.disposition ?? '—'}` : <span className="muted">not graded</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
