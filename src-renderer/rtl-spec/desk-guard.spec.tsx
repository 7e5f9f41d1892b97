// Settings → Desk learning: the head in use says which categories keep the base model's answer, and
// which moves out of them it proved (a guarded category is not a wall: a hoodie the base model calls
// Tshirts may still go to Hoodies).
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskHead } from '../../src-shared/desk-learning.ts';
import { DeskLearningSection } from '../settings/desk-learning-section.tsx';
import { fakeStation, renderWithStation } from './fake-station.tsx';

afterEach(cleanup);

const head = (over: Partial<DeskHead>): DeskHead => ({
  id: 4,
  createdAt: '2025-10-14T02:10:00.000Z',
  trigger: 'nightly',
  classes: ['Tshirts', 'Shirts', 'Hoodies'],
  examples: 1280,
  checkExamples: 320,
  checkAccuracy: 0.71,
  baseCheckAccuracy: 0.49,
  checkWrongAuto: 0,
  baseCheckWrongAuto: 0,
  accepted: true,
  autoApprovesDoubted: false,
  autoCategories: [],
  evidence: [],
  guarded: ['Tshirts', 'Shirts'],
  guardExceptions: [],
  reason: 'Used',
  ...over,
});

function show(h: DeskHead) {
  const station = fakeStation({
    deskLearning: () => ({ inUse: h.id, heads: [h], examples: 1600, examplesByCategory: {}, fitting: false, lastProblem: null }),
  });
  renderWithStation(<DeskLearningSection />, station);
}

describe('Desk learning: the guard', () => {
  it('names the guarded categories and the moves out of them the head proved', async () => {
    show(
      head({
        guardExceptions: [
          ['Tshirts', 'Hoodies'],
          ['Shirts', 'Trousers'],
        ],
      }),
    );
    const guard = await screen.findByTestId('desk-guarded');
    expect(guard.textContent).toBe(
      "Keep the base model's answer (the head did worse there): Tshirts, Shirts (except the moves it proved: Tshirts → Hoodies, Shirts → Trousers)",
    );
  });

  it('says nothing of moves when the head proved none', async () => {
    show(head({}));
    const guard = await screen.findByTestId('desk-guarded');
    expect(guard.textContent).toBe("Keep the base model's answer (the head did worse there): Tshirts, Shirts");
  });
});
