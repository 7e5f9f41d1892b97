// Pick lists' state: the batches to choose from, the form (scope, category) and the list on
// screen together with the request that made it. Save PDF and Print always use the list on
// screen, never whatever the form says now: the paper must match what the clerk looked at.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestArgs } from '../../src-shared/contract.ts';
import type { BatchRun, PickList } from '../../src-shared/domain.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { useStation, useStationEvent } from '../station-context.tsx';

export type PickListArgs = RequestArgs<'pickList'>;

export interface PickListForm {
  scopeKind: 'batch' | 'range';
  batchRunId: number | null;
  from: string;
  to: string;
  category: string;
  /** Sections by category (warehouse order) or by disposition, then category. */
  groupBy: 'category' | 'disposition';
}

/** The request for what the form says; null while no batch can be chosen. */
export function argsOf(f: PickListForm): PickListArgs | null {
  if (f.scopeKind === 'batch' && !f.batchRunId) return null;
  const base = f.scopeKind === 'batch' ? { batchRunId: f.batchRunId! } : { from: f.from, to: f.to };
  const grouped = f.groupBy === 'disposition' ? { ...base, groupBy: f.groupBy } : base;
  return f.category ? { ...grouped, category: f.category } : grouped;
}

export function usePickList() {
  const { client, toast } = useStation();
  const [runs, setRuns] = useState<BatchRun[]>([]);
  const [form, setForm] = useState<PickListForm>(() => ({
    scopeKind: 'batch',
    batchRunId: null,
    from: localDay(),
    to: localDay(),
    category: '',
    groupBy: 'category',
  }));
  const [shown, setShown] = useState<{ list: PickList; args: PickListArgs } | null>(null);
  const [pdf, setPdf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** The newest finished batch, once the list of batches has arrived (null: none, or unreadable). */
  const loadRuns = useCallback(
    () =>
      client.call('listBatchRuns', { limit: 60 }).then(
        (r) => {
          setRuns(r);
          const newest = r.find((x) => x.status !== 'running')?.id ?? null;
          setForm((f) => ({ ...f, batchRunId: f.batchRunId ?? newest }));
          return newest;
        },
        () => null,
      ),
    [client],
  );
  const firstLoad = useRef<Promise<number | null> | null>(null);
  useEffect(() => {
    firstLoad.current = loadRuns();
  }, [loadRuns]);
  useStationEvent('batch-finished', () => void loadRuns());

  async function generate() {
    // Generate pressed before the batches arrived (a clerk fast on the keyboard): the newest batch,
    // which the form is about to show, rather than "choose a batch first".
    const pending = form.scopeKind === 'batch' && !form.batchRunId ? firstLoad.current : null;
    const args = argsOf(pending ? { ...form, batchRunId: await pending } : form);
    if (!args) return setError('Choose a batch first (no batch has run yet).');
    try {
      setShown({ list: await client.call('pickList', args), args });
      setPdf(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  /** Keeps the PDF copy of the list on screen in picklists/. */
  async function savePdf(): Promise<boolean> {
    if (!shown) return false;
    try {
      const r = await client.call('savePickListPdf', shown.args);
      setPdf(`${r.fileName} (${r.pages} page${r.pages === 1 ? '' : 's'}) in picklists/`);
      return true;
    } catch (e) {
      toast({ kind: 'error', title: 'The PDF copy was not saved', body: (e as Error).message });
      return false;
    }
  }

  return { runs, form, setForm, list: shown?.list ?? null, pdf, error, generate, savePdf };
}
