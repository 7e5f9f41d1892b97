// Review's keys on the screen itself: a digit files under its category (an accept when it is the
// model's own), O files under Other, a focused button takes Enter instead of the review, keys
// typed in a dialog stay there, and each dialog is modal and gives focus back when it closes.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionWithItem } from '../../src-shared/contract.ts';
import { DEFAULT_SETTINGS } from '../../src-shared/domain.ts';
import { ReviewScreen } from '../review/review-screen.tsx';
import { fakeItem, fakeStation, renderWithStation, type FakeStation } from './fake-station.tsx';

beforeEach(() => sessionStorage.setItem('rs_clerk', 'Asha'));
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

function station(): FakeStation {
  let nextId = 100;
  return fakeStation({
    getSettings: () => ({
      ...DEFAULT_SETTINGS,
      batchTime: '02:00',
      thresholds: { high: 0.85, low: 0.7 },
      webhookUrl: '',
      clerks: [],
      pollIntervalMs: 0,
      locations: [],
    }),
    reviewQueue: () => [fakeItem(1, 'Shirts'), fakeItem(2, 'Watches'), fakeItem(3, 'Tops')],
    decide: (a) =>
      ({
        id: nextId++,
        itemId: a.itemId,
        action: a.action,
        category: a.category ?? null,
        clerk: a.clerk,
        durationMs: a.durationMs,
        createdAt: '',
        undoneAt: null,
        item: fakeItem(a.itemId, a.category ?? 'Shirts'),
      }) as DecisionWithItem,
  });
}

async function showQueue(s: FakeStation) {
  renderWithStation(<ReviewScreen />, s);
  await screen.findByTestId('review-item');
  // The categories arrive with the station's status.
  await screen.findByRole('button', { name: /Tshirts/ });
}
const press = (key: string, target: Element = document.body) => act(() => void fireEvent.keyDown(target, { key }));
const decisions = (s: FakeStation) => s.callsOf('decide').map((d) => ({ itemId: d.itemId, action: d.action, category: d.category }));

describe('Review keys', () => {
  it('files under a digit’s category (an accept when it is the model’s) and O under Other, after a mouse click too', async () => {
    const s = station();
    await showQueue(s);
    // A click does not leave focus on the button, where Enter and Space would belong to it.
    const shirts = screen.getByRole('button', { name: /Shirts/ });
    expect(fireEvent.mouseDown(shirts)).toBe(false);
    fireEvent.click(shirts); // Shirts: the model's own answer for item 1
    await waitFor(() => expect(screen.getByTestId('review-item').dataset.itemId).toBe('2'));
    await press('1'); // Tshirts for item 2 (the model said Watches)
    await waitFor(() => expect(screen.getByTestId('review-item').dataset.itemId).toBe('3'));
    await press('o');
    await waitFor(() => expect(decisions(s)).toHaveLength(3));
    expect(decisions(s)).toEqual([
      { itemId: 1, action: 'accept', category: 'Shirts' },
      { itemId: 2, action: 'override', category: 'Tshirts' },
      { itemId: 3, action: 'override', category: 'Other' },
    ]);
  });

  it('leaves Enter and Space to a focused button, and every action button is reachable with Tab', async () => {
    const s = station();
    await showQueue(s);
    const defer = screen.getByRole('button', { name: 'Defer (Space)' });
    expect(defer.tabIndex).toBe(0);
    for (const b of screen.getByTestId('category-keys').querySelectorAll('button')) expect(b.tabIndex).toBe(0);
    defer.focus();
    await press('Enter', defer);
    await press(' ', defer);
    expect(decisions(s)).toEqual([]);
  });

  it.each([
    ['?', 'review-help'],
    ['n', 'new-category-dialog'],
    ['/', 'category-picker'],
  ])('%s opens a modal dialog that keeps the keys and gives focus back on Escape', async (key, testId) => {
    const s = station();
    await showQueue(s);
    const heading = screen.getByRole('heading', { level: 1, name: 'Review' });
    heading.focus();
    await press(key, heading);
    const dialog = await screen.findByTestId<HTMLDialogElement>(testId);
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog.open).toBe(true);
    expect(dialog.contains(document.activeElement)).toBe(true);
    // A digit typed in a dialog is not a decision.
    await press('3', document.activeElement!);
    expect(decisions(s)).toEqual([]);
    await press('Escape', document.activeElement!);
    await waitFor(() => expect(screen.queryByTestId(testId)).toBeNull());
    expect(document.activeElement).toBe(heading);
  });

  it('changes an earlier decision through the list, never through a select', async () => {
    const s = station();
    await showQueue(s);
    await press('2');
    await screen.findByTestId('recent-decisions');
    expect(screen.getByTestId('recent-decisions').querySelector('select')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Change the category of RET-20251013-001/ }));
    const filter = await screen.findByTestId('category-filter');
    fireEvent.change(filter, { target: { value: 'watc' } });
    await press('Enter', filter);
    await waitFor(() => expect(decisions(s)).toHaveLength(2));
    expect(decisions(s)[1]).toEqual({ itemId: 1, action: 'override', category: 'Watches' });
  });
});
