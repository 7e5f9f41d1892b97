// Find a return: part of an id lists the matches (↓ from the field walks them, a click opens one),
// one match opens at once, and an answer to an older query that arrives late never replaces the
// answer to what is typed now.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FindReturnResult, FoundReturn } from '../../src-shared/receiving.ts';
import { FindScreen } from '../find/find-screen.tsx';
import { fakeStation, renderWithStation } from './fake-station.tsx';

afterEach(cleanup);

const found = (returnId: string, orderId: string): FoundReturn => ({
  returnId,
  orderId,
  expected: null,
  items: [
    {
      itemId: Number(returnId.slice(-3)),
      fileName: `${returnId}.jpg`,
      status: 'filed',
      category: 'Shirts',
      confidence: 0.9,
      decidedBy: { by: 'model', name: 'returns10', at: '2025-10-14T02:00:00.000Z' },
      grade: 'Good',
      disposition: 'Restock',
      location: { relPath: 'processed/Shirts/x.jpg', section: 'B', aisle: '4' },
      expectedMatch: null,
      timeline: [
        { at: '2025-10-14T02:00:01.000Z', event: 'filed', detail: 'processed/Shirts/x.jpg' },
        { at: '2025-10-13T08:00:00.000Z', event: 'received', detail: 'x.jpg' },
      ],
    },
  ],
});

const field = () => screen.getByTestId<HTMLInputElement>('find-query');

describe('Find a return', () => {
  it('lists the matches of a partial id, walks them with ↓ and opens one with its timeline, oldest first', async () => {
    const both: FindReturnResult = {
      query: 'ORD-10',
      matches: [found('RET-20251013-001', 'ORD-1001'), found('RET-20251013-002', 'ORD-1002')],
      truncated: false,
    };
    renderWithStation(<FindScreen />, fakeStation({ findReturn: () => both }));
    await waitFor(() => expect(document.activeElement).toBe(field()));
    fireEvent.change(field(), { target: { value: 'ORD-10' } });
    await waitFor(() => expect(screen.getAllByTestId('find-match')).toHaveLength(2));
    expect(screen.queryByTestId('found-return')).toBeNull();
    fireEvent.keyDown(field(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getAllByTestId('find-match')[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getAllByTestId('find-match')[1]);
    fireEvent.click(screen.getAllByTestId('find-match')[1]!);
    expect(screen.getByTestId('found-return').getAttribute('data-return-id')).toBe('RET-20251013-002');
    const events = [...screen.getByTestId('found-timeline').querySelectorAll('li')].map((li) => li.dataset.event);
    expect(events).toEqual(['received', 'filed']);
  });

  it('shows the answer to what is typed now, even when an older query answers last', async () => {
    const answers = new Map<string, (r: FindReturnResult) => void>();
    renderWithStation(
      <FindScreen />,
      fakeStation({ findReturn: ({ query }) => new Promise<FindReturnResult>((resolve) => answers.set(query, resolve)) }),
    );
    fireEvent.change(field(), { target: { value: 'RET-2025' } });
    await waitFor(() => expect(answers.has('RET-2025')).toBe(true));
    fireEvent.change(field(), { target: { value: 'RET-20251013-002' } });
    await waitFor(() => expect(answers.has('RET-20251013-002')).toBe(true));
    answers.get('RET-20251013-002')!({ query: 'RET-20251013-002', matches: [found('RET-20251013-002', 'ORD-1002')], truncated: false });
    await waitFor(() => expect(screen.getByTestId('found-return').getAttribute('data-return-id')).toBe('RET-20251013-002'));
    answers.get('RET-2025')!({
      query: 'RET-2025',
      matches: [found('RET-20251013-001', 'ORD-1001'), found('RET-20251013-002', 'ORD-1002')],
      truncated: false,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryAllByTestId('find-match')).toHaveLength(0);
    expect(screen.getByTestId('find-count').textContent).toContain('1 return found for “RET-20251013-002”');
  });
});
