// Pick lists: for a batch or a date range, the filed items grouped by category in warehouse order
// (or by disposition first: what goes to the shelf, the repair bench, the vendor).
// Printing uses the system print dialog (the browser's in browser mode) and always keeps a PDF copy
// in <root>/picklists/, made by the core the same way in both modes, of the list on screen.
import { useEffect, useState } from 'react';
import { withOther } from '../../src-shared/desk-learning.ts';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { useCategories, useStation } from '../station-context.tsx';
import { PickListDocument } from './pick-list-document.tsx';
import { usePickList, type PickListForm } from './use-pick-list.ts';

export function PickListsScreen() {
  const { client, toast } = useStation();
  const categories = useCategories();
  const { runs, form, setForm, list, pdf, error, generate, savePdf } = usePickList();
  const [pagePerCategory, setPagePerCategory] = useState(true);
  const set = (patch: Partial<PickListForm>) => setForm((f) => ({ ...f, ...patch }));
  // The app can print straight to a named printer (checked to exist when printing); browser mode
  // has only the browser's own dialog.
  const [printers, setPrinters] = useState<{ name: string; displayName: string }[]>([]);
  const [printer, setPrinter] = useState(() => localStorage.getItem('rs_printer') ?? '');
  useEffect(() => {
    if (client.transport === 'electron') client.call('listPrinters', {}).then(setPrinters, () => {});
  }, [client]);

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
        <fieldset className="row">
          <legend className="visually-hidden">Which items</legend>
          <label>
            <input type="radio" name="scope" checked={form.scopeKind === 'batch'} onChange={() => set({ scopeKind: 'batch' })} /> Batch
          </label>
          <select
            value={form.batchRunId ?? ''}
            onChange={(e) => set({ batchRunId: Number(e.target.value) })}
            disabled={form.scopeKind !== 'batch' || runs.length === 0}
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
              checked={form.scopeKind === 'range'}
              onChange={() => set({ scopeKind: 'range' })}
              data-testid="pl-range"
            />{' '}
            Days
          </label>
          <input
            type="date"
            aria-label="From"
            value={form.from}
            onChange={(e) => set({ from: e.target.value })}
            disabled={form.scopeKind !== 'range'}
          />
          <input
            type="date"
            aria-label="To"
            value={form.to}
            onChange={(e) => set({ to: e.target.value })}
            disabled={form.scopeKind !== 'range'}
          />
        </fieldset>
        <div className="row">
          <label>
            Category{' '}
            <select value={form.category} onChange={(e) => set({ category: e.target.value })} data-testid="pl-category">
              <option value="">all, grouped</option>
              {/* Desk categories follow the model's; "Other" items are filed (and picked) too. */}
              {withOther(categories).map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Group by{' '}
            <select
              value={form.groupBy}
              onChange={(e) => set({ groupBy: e.target.value as PickListForm['groupBy'] })}
              data-testid="pl-group-by"
            >
              <option value="category">category</option>
              <option value="disposition">disposition, then category</option>
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
