// N's dialog offers the model's kind of the photo when none of the model's categories counts it: the
// kind is sent with the new category only when the clerk ticks it, and never offered for a kind the
// model files itself.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KindGuess } from '../../src-shared/domain.ts';
import { kindOffer, NewCategoryDialog } from '../review/new-category-dialog.tsx';
import { LABELS } from './fake-station.tsx';

afterEach(cleanup);

const trousers: KindGuess = { label: 'real:pants', name: 'Trousers', probability: 0.64, categories: [] };
const tee: KindGuess = { label: 'real:t-shirt', name: 'T-shirt', probability: 0.9, categories: ['Tshirts'] };

function show(kind: KindGuess | null) {
  const onConfirm = vi.fn(async (_name: string, _kind: string | undefined) => {});
  render(<NewCategoryDialog categories={LABELS} offer={kindOffer({ kind })} onConfirm={onConfirm} onCancel={() => {}} />);
  fireEvent.change(screen.getByLabelText('New category name'), { target: { value: 'Trousers' } });
  return onConfirm;
}

describe('the new-category dialog offers the model kind', () => {
  it('sends no kind unless the clerk ticks it', async () => {
    const onConfirm = show(trousers);
    expect(screen.getByTestId('new-category-kind').textContent).toMatch(/what the model calls Trousers.*64 %/);
    fireEvent.click(screen.getByTestId('new-category-confirm'));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledWith('Trousers', undefined));
  });

  it('sends the kind once ticked', async () => {
    const onConfirm = show(trousers);
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('new-category-confirm'));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledWith('Trousers', 'real:pants'));
  });

  it('offers nothing for a kind the model files under its own category, or no kind', () => {
    show(tee);
    expect(screen.queryByTestId('new-category-kind')).toBeNull();
    cleanup();
    show(null);
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
