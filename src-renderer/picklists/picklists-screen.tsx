// Pick lists: for a batch or a date range, the filed items grouped by category in warehouse order,
// each line with a tick box, the return id and its Code 128 barcode, a thumbnail, category, band.
// Printing uses the system print dialog (the browser's in browser mode) and always keeps a PDF copy
// in <root>/picklists/, made by the core the same way in both modes.
import { useCallback, useEffect, useState } from 'react';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { withOther } from '../../src-shared/desk-learning.ts';
import type { BatchRun, PickList } from '../../src-shared/domain.ts';
import { BAND_LABEL, pct } from '../common/format.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { useCategories, useStation, useStationEvent } from '../station-context.tsx';

type Scope = { kind: 'batch'; batchRunId: number } | { kind: 'range'; from: string; to: string };

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export function PickListsScreen() {
  const { client, toast } = useStation();
  const categories = useCategories();
  const [runs, setRuns] = useState<BatchRun[]>([]);
  const [scopeKind, setScopeKind] = useState<'batch' | 'range'>('batch');
  const [batchRunId, setBatchRunId] = useState<number | null>(null);
  const [from, setFrom] = useState(localDay());
  const [to, setTo] = useState(localDay());
  const [category, setCategory] = useState('');
  const [pagePerCategory, setPagePerCategory] = useState(true);
  const [list, setList] = useState<PickList | null>(null);
  const [pdf, setPdf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The app can print straight to a named printer (checked to exist when printing); browser mode
  // has only the browser's own dialog.
  const [printers, setPrinters] = useState<{ name: string; displayName: string }[]>([]);
  const [printer, setPrinter] = useState(() => localStorage.getItem('rs_printer') ?? '');
  useEffect(() => {
    if (client.transport === 'electron') client.call('listPrinters', {}).then(setPrinters, () => {});
  }, [client]);

  const loadRuns = useCallback(
    () =>
      client.call('listBatchRuns', { limit: 60 }).then(
        (r) => {
          setRuns(r);
          setBatchRunId((id) => id ?? r.find((x) => x.status !== 'running')?.id ?? null);
        },
        () => {},
      ),
    [client],
  );
  useEffect(() => void loadRuns(), [loadRuns]);
  useStationEvent('batch-finished', () => void loadRuns());

  const scope = (): Scope | null =>
    scopeKind === 'batch' ? (batchRunId ? { kind: 'batch', batchRunId } : null) : { kind: 'range', from, to };
  const args = () => {
    const s = scope();
    if (!s) return null;
    const base = s.kind === 'batch' ? { batchRunId: s.batchRunId } : { from: s.from, to: s.to };
    return category ? { ...base, category } : base;
  };

  async function generate() {
    const a = args();
    if (!a) return setError('Choose a batch first (no batch has run yet).');
    try {
      setList(await client.call('pickList', a));
      setPdf(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function savePdf(): Promise<boolean> {
    const a = args();
    if (!a) return false;
    try {
      const r = await client.call('savePickListPdf', a);
      setPdf(`${r.fileName} (${r.pages} page${r.pages === 1 ? '' : 's'}) in picklists/`);
      return true;
    } catch (e) {
      toast({ kind: 'error', title: 'The PDF copy was not saved', body: (e as Error).message });
      return false;
    }
  }

  async function print() {
    // The PDF copy is kept whatever happens in the print dialog.
    await savePdf();
    if (client.transport === 'browser') return window.print();
    try {
      const r = await client.call('printWindow', { printer: printer || null });
      if (r.printed && r.printer) toast({ kind: 'success', title: `Sent to ${r.printer}` });
    } catch (e) {
      toast({ kind: 'error', title: 'Not printed', body: (e as Error).message });
    }
  }

  return (
    <section className="picklists" aria-labelledby="pl-title">
      <header className="screen-header no-print">
        <ScreenHeading id="pl-title">Pick lists</ScreenHeading>
      </header>
      <div className="pl-controls no-print">
        <div className="row">
          <label>
            <input type="radio" name="scope" checked={scopeKind === 'batch'} onChange={() => setScopeKind('batch')} /> Batch
          </label>
          <select
            value={batchRunId ?? ''}
            onChange={(e) => setBatchRunId(Number(e.target.value))}
            disabled={scopeKind !== 'batch' || runs.length === 0}
            data-testid="pl-batch"
            aria-label="Batch"
          >
            {runs.length === 0 && <option value="">no batch yet</option>}
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.timestamp} — {r.successful} filed ({r.status.replaceAll('_', ' ')})
              </option>
            ))}
          </select>
          <label>
            <input
              type="radio"
              name="scope"
              checked={scopeKind === 'range'}
              onChange={() => setScopeKind('range')}
              data-testid="pl-range"
            />{' '}
            Days
          </label>
          <input type="date" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} disabled={scopeKind !== 'range'} />
          <input type="date" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} disabled={scopeKind !== 'range'} />
        </div>
        <div className="row">
          <label>
            Category{' '}
            <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="pl-category">
              <option value="">all, grouped</option>
              {/* Desk categories follow the model's; "Other" items are filed (and picked) too. */}
              {withOther(categories).map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={pagePerCategory} onChange={(e) => setPagePerCategory(e.target.checked)} /> one page per category
          </label>
          <button type="button" className="primary" onClick={() => void generate()} data-testid="pl-generate">
            Show list
          </button>
          {printers.length > 0 && (
            <label>
              Printer{' '}
              <select
                value={printer}
                onChange={(e) => {
                  localStorage.setItem('rs_printer', e.target.value);
                  setPrinter(e.target.value);
                }}
              >
                <option value="">choose in the print dialog</option>
                {printers.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.displayName}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={() => void print()} disabled={!list} data-testid="pl-print">
            {printer ? 'Print' : 'Print…'}
          </button>
          <button type="button" onClick={() => void savePdf()} disabled={!list} data-testid="pl-pdf">
            Save PDF
          </button>
        </div>
        {error && (
          <p className="message error" role="alert">
            {error}
          </p>
        )}
        {pdf && (
          <p className="message" role="status" data-testid="pl-pdf-saved">
            PDF copy saved: {pdf}
          </p>
        )}
      </div>
      {list && <PickListDocument list={list} pagePerCategory={pagePerCategory} />}
    </section>
  );
}

function PickListDocument({ list, pagePerCategory }: { list: PickList; pagePerCategory: boolean }) {
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
        <section key={g.category} className="pl-group" data-testid="pl-group" data-category={g.category}>
          <h3>
            {g.category}{' '}
            <span className="pl-location">
              {g.location ? `Section ${g.location.section} · Aisle ${g.location.aisle}` : 'no location set'}
            </span>{' '}
            <span className="muted">({g.lines.length})</span>
          </h3>
          <table className="pl-lines">
            <thead>
              <tr>
                <th aria-label="Picked" />
                <th>Return</th>
                <th>Barcode</th>
                <th>Photo</th>
                <th>Category</th>
                <th>Band</th>
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
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
