// Pick lists: Save PDF and Print keep a copy of the list on screen, not of what the form says
// after it was shown (a category or batch chosen but not yet shown).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestArgs } from '../../src-shared/contract.ts';
import type { BatchRun, PickList } from '../../src-shared/domain.ts';
import { PickListsScreen } from '../picklists/picklists-screen.tsx';
import { fakeStation, renderWithStation } from './fake-station.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const run = (id: number) => ({ id, timestamp: `2025101${id}_020000`, status: 'completed', successful: 3 }) as BatchRun;

function listFor(args: RequestArgs<'pickList'>): PickList {
  const category = 'category' in args && args.category ? args.category : null;
  return {
    title: 'Pick list',
    generatedAt: '2025-10-14T08:00:00.000Z',
    groupBy: 'category',
    scope: { kind: 'batch', batchRunId: 7, batchTimestamp: '20251017_020000' },
    category,
    totals: { items: 1, categories: 1, reviewed: 0, bands: { high: 1, medium: 0, low: 0 } },
    groups: [
      {
        category: category ?? 'Shirts',
        disposition: null,
        location: null,
        lines: [
          {
            itemId: 1,
            returnId: 'RET-20251013-001',
            fileName: 'a.jpg',
            category: 'Shirts',
            grade: null,
            disposition: null,
            source: 'predicted',
            band: 'high',
            confidence: 0.9,
            barcodeSvg: null,
          },
        ],
      },
    ],
  };
}

function station() {
  return fakeStation({
    listBatchRuns: () => [run(7), run(8)],
    pickList: listFor,
    savePickListPdf: () => ({ path: '/s/picklists/p.pdf', relPath: 'picklists/p.pdf', fileName: 'p.pdf', pages: 1 }),
  });
}

async function showShirtsThenChangeTheForm() {
  await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>('pl-batch').value).toBe('7'));
  fireEvent.change(screen.getByTestId('pl-category'), { target: { value: 'Shirts' } });
  fireEvent.click(screen.getByTestId('pl-generate'));
  await screen.findByTestId('pick-list');
  // The clerk starts on the next list but does not show it.
  fireEvent.change(screen.getByTestId('pl-category'), { target: { value: 'Jeans' } });
  fireEvent.change(screen.getByTestId('pl-batch'), { target: { value: '8' } });
}

describe('Pick lists output', () => {
  it('Save PDF saves the list on screen', async () => {
    const s = station();
    renderWithStation(<PickListsScreen />, s);
    await showShirtsThenChangeTheForm();
    fireEvent.click(screen.getByTestId('pl-pdf'));
    await screen.findByTestId('pl-pdf-saved');
    expect(s.callsOf('savePickListPdf')).toEqual([{ batchRunId: 7, category: 'Shirts' }]);
  });

  it('Print keeps a copy of the list on screen', async () => {
    // happy-dom has no print dialog: stand one in.
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const s = station();
    renderWithStation(<PickListsScreen />, s);
    await showShirtsThenChangeTheForm();
    fireEvent.click(screen.getByTestId('pl-print'));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(s.callsOf('savePickListPdf')).toEqual([{ batchRunId: 7, category: 'Shirts' }]);
  });

  it('Generate pressed before the batches arrive shows the newest batch, not an error', async () => {
    let arrive: (runs: BatchRun[]) => void = () => {};
    const s = fakeStation({ listBatchRuns: () => new Promise<BatchRun[]>((r) => (arrive = r)), pickList: listFor });
    renderWithStation(<PickListsScreen />, s);
    fireEvent.click(screen.getByTestId('pl-generate'));
    arrive([run(7), run(8)]);
    await screen.findByTestId('pick-list');
    expect(s.callsOf('pickList')).toEqual([{ batchRunId: 7 }]);
  });
});
