import { describe, expect, it } from 'vitest';
import type { DeskHead, DeskLearningState } from '../../src-shared/desk-learning.ts';
import { evidenceRows, exampleRows, inUseSummary, retrainVerdict } from './desk-learning-view.ts';

const head = (id: number, over: Partial<DeskHead> = {}): DeskHead => ({
  id,
  createdAt: '2025-10-14T02:10:00.000Z',
  trigger: 'nightly',
  classes: ['Tops', 'Heels'],
  examples: 412,
  checkExamples: 103,
  checkAccuracy: 0.91,
  baseCheckAccuracy: 0.88,
  checkWrongAuto: 2,
  baseCheckWrongAuto: 5,
  accepted: true,
  autoApprovesDoubted: false,
  autoCategories: [],
  evidence: [],
  guarded: [],
  guardExceptions: [],
  reason: 'Beat the base model on 103 check decisions: 91.0 % right against 88.0 %.',
  ...over,
});
const state = (over: Partial<DeskLearningState> = {}): DeskLearningState => ({
  inUse: null,
  heads: [],
  examples: 0,
  examplesByCategory: {},
  fitting: false,
  lastProblem: null,
  ...over,
});
const when = (iso: string) => iso.slice(0, 10);

describe('inUseSummary', () => {
  it('says base model only, or which head, when and from how many decisions', () => {
    expect(inUseSummary(state(), when)).toBe('Base model only');
    expect(inUseSummary(state({ inUse: 3, heads: [head(4), head(3)] }), when)).toBe('Desk head #3, fitted 2025-10-14 from 412 decisions');
    expect(inUseSummary(state({ inUse: 1, heads: [head(1, { examples: 1 })] }), when)).toBe(
      'Desk head #1, fitted 2025-10-14 from 1 decision',
    );
    expect(inUseSummary(state({ inUse: 9 }), when)).toBe('Desk head #9');
  });
});

describe('retrainVerdict', () => {
  it("gives the new head's verdict, else why none was fitted", () => {
    const refused = head(5, { accepted: false, reason: 'Did not beat the base model.' });
    expect(retrainVerdict({ head: refused, state: state() })).toBe('Did not beat the base model.');
    expect(retrainVerdict({ head: null, state: state({ lastProblem: 'Too few decisions: 12 of 200.' }) })).toBe(
      'Too few decisions: 12 of 200.',
    );
    expect(retrainVerdict({ head: null, state: state() })).toBe('No desk head was fitted.');
  });
});

describe('exampleRows', () => {
  it('lists categories in key order, then Other, then any other counted one; marks desk categories short of examples', () => {
    const rows = exampleRows(
      state({ examplesByCategory: { Tops: 30, Belts: 4, Wallets: 25, Other: 7, Scarves: 2 } }),
      ['Tops', 'Heels', 'Belts', 'Wallets'],
      ['Tops', 'Heels'],
    );
    expect(rows).toEqual([
      { category: 'Tops', count: 30, deskOwn: false, needsMore: false },
      { category: 'Heels', count: 0, deskOwn: false, needsMore: false },
      { category: 'Belts', count: 4, deskOwn: true, needsMore: true },
      { category: 'Wallets', count: 25, deskOwn: true, needsMore: false },
      { category: 'Other', count: 7, deskOwn: false, needsMore: false },
      { category: 'Scarves', count: 2, deskOwn: true, needsMore: true },
    ]);
  });
});

describe('evidenceRows', () => {
  it('puts earned categories first, then the nearest to the answers they need, and leaves out empty ones', () => {
    const rows = evidenceRows(
      head(1, {
        autoCategories: ['Heels'],
        evidence: [
          { category: 'Tops', answers: 30, wrong: 0, needed: 299 },
          { category: 'Heels', answers: 320, wrong: 0, needed: 299 },
          { category: 'Shirts', answers: 200, wrong: 1, needed: 473 },
          { category: 'Watches', answers: 0, wrong: 0, needed: 299 },
        ],
      }),
    );
    expect(rows.map((r) => [r.category, r.earned])).toEqual([
      ['Heels', true],
      ['Shirts', false],
      ['Tops', false],
    ]);
  });
});
