// The station checking itself on screen: Review says in words why a confident photo is there (the
// audit sample, or a drift hold), and History's "Is the station still right?" shows the audit's
// rate with its interval, the drift flags, and clears an open flag with the clerk's name.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriftFlag, StationHealth } from '../../src-shared/audit.ts';
import type { DecisionWithItem } from '../../src-shared/contract.ts';
import { DEFAULT_SETTINGS } from '../../src-shared/domain.ts';
import { StationHealthPanel } from '../history/station-health-panel.tsx';
import { ReviewScreen } from '../review/review-screen.tsx';
import { fakeItem, fakeStation, renderWithStation } from './fake-station.tsx';

beforeEach(() => sessionStorage.setItem('rs_clerk', 'Asha'));
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const openFlag: DriftFlag = {
  id: 7,
  raisedAt: '2025-10-14T02:10:00.000Z',
  batchRunId: 3,
  cause: 'darker',
  message: 'Photos are 30 % darker than the model’s own.',
  details: {},
  clearedAt: null,
  clearedBy: null,
  clearedHow: null,
};

function health(flags: DriftFlag[]): StationHealth {
  return {
    audit: {
      share: 0.02,
      seed: 'c0ffee',
      rule: 'A photo is audited when …',
      weeks: [{ week: '2025-W42', decided: 50, wrong: 6, rate: 0.12, interval: { low: 0.0562, high: 0.2381 } }],
      overall: { week: 'overall', decided: 50, wrong: 6, rate: 0.12, interval: { low: 0.0562, high: 0.2381 } },
      waiting: { audit: 2, drift: 5 },
    },
    estimates: [
      { week: '2025-W42', nights: 2, estimate: 0.97, audited: 0.88, auditedInterval: { low: 0.7619, high: 0.9438 }, auditDecided: 50 },
    ],
    nights: [],
    flags,
    protectOnDrift: true,
    clearing: flags.some((f) => f.clearedAt === null) ? { decided: 12, wrong: 0 } : null,
    latestCheck: {
      batchRunId: 3,
      startedAt: '2025-10-14T02:00:00.000Z',
      reference: 'model',
      signals: [
        { name: 'brightness' as const, label: 'Brightness against the model’s photos', value: 0.31, threshold: 0.2, flagged: true },
      ],
    },
  };
}

describe('the station checking itself', () => {
  it('marks an audited photo in Review with words, not colour alone', async () => {
    const s = fakeStation({
      getSettings: () => DEFAULT_SETTINGS,
      reviewQueue: ({ band }) =>
        band === 'medium' ? [fakeItem(1, 'Shirts', { heldFor: 'audit', band: 'medium' }), fakeItem(2, 'Tops', { heldFor: 'drift' })] : [],
      decide: (a) =>
        ({
          id: 1,
          itemId: a.itemId,
          action: a.action,
          category: null,
          clerk: a.clerk,
          durationMs: 1,
          createdAt: '',
          undoneAt: null,
          item: fakeItem(a.itemId),
        }) as DecisionWithItem,
    });
    renderWithStation(<ReviewScreen />, s);
    await screen.findByTestId('review-done'); // the low queue is empty
    fireEvent.change(screen.getByTestId('band-filter'), { target: { value: 'medium' } });
    const note = await screen.findByTestId('held-note');
    expect(note.dataset.heldFor).toBe('audit');
    expect(note.textContent).toMatch(/^Audit The station would have auto-approved this photo/);
    expect(note.getAttribute('role')).toBe('note');
  });

  it('shows the audit figure with its interval and the drift flags, and a person clears one', async () => {
    let flags: DriftFlag[] = [
      openFlag,
      { ...openFlag, id: 5, cause: 'blurrier', clearedAt: '2025-10-10T09:00:00.000Z', clearedBy: 'audit', clearedHow: 'audit' as const },
    ];
    const s = fakeStation({
      getStationHealth: () => health(flags),
      clearDriftFlag: ({ id, clerk }) => {
        flags = flags.map((f) =>
          f.id === id ? { ...f, clearedAt: '2025-10-14T09:00:00.000Z', clearedBy: clerk, clearedHow: 'person' as const } : f,
        );
        return flags.find((f) => f.id === id)!;
      },
    });
    renderWithStation(<StationHealthPanel />, s);
    expect((await screen.findByTestId('audit-overall')).textContent).toBe('12.0 % wrong (95 % interval 5.6 % to 23.8 %)');
    const week = within(screen.getByTestId('table-audit')).getAllByRole('row')[1]!;
    expect([...week.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['2025-W42', '50', '6', '12.0 %', '5.6 % – 23.8 %']);
    expect(screen.getByTestId('flags-open').textContent).toBe('1');
    expect(screen.getByTestId('drift-protecting').textContent).toMatch(
      /100 held photos are decided with at most 1 % wrong \(so far 12 decided, 0 wrong\)/,
    );
    expect(screen.getAllByTestId('flag-cleared')[0]!.textContent).toMatch(/cleared by the audit/);

    fireEvent.click(screen.getByTestId('clear-flag'));
    await waitFor(() => expect(s.callsOf('clearDriftFlag')).toEqual([{ id: 7, clerk: 'Asha' }]));
    await waitFor(() => expect(screen.getByTestId('flags-open').textContent).toBe('0'));
    const cleared = screen.getAllByTestId('drift-flag').find((li) => li.dataset.flagId === '7')!;
    expect(cleared.textContent).toMatch(/Cleared: .* cleared by Asha on /);
    expect(screen.queryByTestId('clear-flag')).toBeNull();
  });
});
