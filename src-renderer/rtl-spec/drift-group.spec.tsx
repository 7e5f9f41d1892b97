// A drift flag's look-alike photos on screen: the thumbnails (by item id, alt text naming the photo
// file), "+N more" past the shown ones, nothing for a flag without a group; the Alerts screen shows
// a drift alert's flag (its state, its photos, the way to History) and History an open new-kind
// flag's photos.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DriftFlag, DriftFlagView, StationHealth } from '../../src-shared/audit.ts';
import type { Alert } from '../../src-shared/domain.ts';
import { AlertsScreen } from '../alerts/alerts-screen.tsx';
import { DriftGroup } from '../common/drift-group.tsx';
import { StationHealthPanel } from '../history/station-health-panel.tsx';
import { StationProvider } from '../station-context.tsx';
import { fakeStation, renderWithStation } from './fake-station.tsx';

afterEach(cleanup);

const items = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ itemId: from + i, fileName: `return_${from + i}.jpg` }));

const flag: DriftFlag = {
  id: 4,
  raisedAt: '2025-10-14T02:10:00.000Z',
  batchRunId: 3,
  cause: 'new-kind',
  message: 'Since Monday 40 photos look alike and match no category: add a category?',
  details: { signals: [], groupItemIds: [11, 12, 13] },
  clearedAt: null,
  clearedBy: null,
  clearedHow: null,
};

const alert: Alert = {
  id: 9,
  rule: 'drift',
  severity: 'warning',
  title: 'The photos look different',
  message: `${flag.message} Until the audit or a person clears it, photos the station would auto-approve go to Review.`,
  actions: ['Look at History, "Is the station still right?"'],
  batchRunId: 3,
  createdAt: '2025-10-14T02:10:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};

describe('a drift flag’s look-alike photos', () => {
  it('shows the group as thumbnails by item id, alt text naming the file, and how many more', () => {
    const s = fakeStation({});
    render(
      <StationProvider client={s.client}>
        <DriftGroup group={{ items: items(12), total: 40 }} />
      </StationProvider>,
    );
    const imgs = within(screen.getByTestId('drift-group')).getAllByRole('img');
    expect(imgs.map((i) => i.getAttribute('alt'))).toEqual(items(12).map((i) => `Photo ${i.fileName}`));
    expect(imgs[0]!.getAttribute('src')).toBe(s.client.photoUrl(1, 'thumb'));
    expect(screen.getByTestId('drift-group-more').textContent).toBe(' (+28 more)');
    expect(screen.getByTestId('drift-group').textContent).toMatch(/^40 look-alike photos/);
  });

  it('says no "more" when every photo is shown, and draws nothing for an empty group', () => {
    const s = fakeStation({});
    const { rerender } = render(
      <StationProvider client={s.client}>
        <DriftGroup group={{ items: items(3), total: 3 }} />
      </StationProvider>,
    );
    expect(screen.getAllByRole('img')).toHaveLength(3);
    expect(screen.queryByTestId('drift-group-more')).toBeNull();
    rerender(
      <StationProvider client={s.client}>
        <DriftGroup group={{ items: [], total: 0 }} />
      </StationProvider>,
    );
    expect(screen.queryByTestId('drift-group')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('Alerts: a drift alert shows its flag’s state, its photos and the way to History', async () => {
    let view: DriftFlagView = { flag, group: { items: items(3, 11), total: 3 } };
    const slow: Alert = { ...alert, id: 8, rule: 'slow-batch', title: 'Slow', message: 'Slow.', actions: [] };
    const s = fakeStation({ listAlerts: () => [alert, slow], getDriftFlag: () => view });
    const { unmount } = renderWithStation(<AlertsScreen />, s);
    const box = await screen.findByTestId('drift-alert-flag');
    await waitFor(() => expect(within(box).getAllByRole('img')).toHaveLength(3));
    expect(s.callsOf('getDriftFlag')).toEqual([{ alertId: 9 }]); // only the drift alert asks
    expect(box.dataset.open).toBe('true');
    expect(box.textContent).toMatch(/Flag open/);
    expect(within(box).getByRole('link').getAttribute('href')).toBe('#/history');
    expect(within(box).getByRole('img', { name: 'Photo return_11.jpg' })).toBeTruthy();
    unmount();

    view = { flag: { ...flag, clearedAt: '2025-10-14T09:00:00.000Z', clearedBy: 'Ana', clearedHow: 'person' }, group: view.group };
    renderWithStation(<AlertsScreen />, s);
    await waitFor(() => expect(screen.getByTestId('drift-alert-flag').textContent).toMatch(/Flag cleared — cleared by Ana on 2025-10-14/));
  });

  it('History: an open new-kind flag shows its photos; a flag without a group asks nothing', async () => {
    const darker: DriftFlag = { ...flag, id: 2, cause: 'darker', message: 'Darker.', details: {} };
    const health = {
      audit: {
        share: 0,
        seed: '',
        rule: '',
        weeks: [],
        overall: { week: 'overall', decided: 0, wrong: 0, rate: null, interval: null },
        waiting: { audit: 0, drift: 0 },
      },
      estimates: [],
      nights: [],
      flags: [flag, darker],
      protectOnDrift: true,
      clearing: { decided: 0, wrong: 0 },
      latestCheck: null,
    } satisfies StationHealth;
    const s = fakeStation({ getStationHealth: () => health, getDriftFlag: () => ({ flag, group: { items: items(12, 11), total: 40 } }) });
    renderWithStation(<StationHealthPanel />, s);
    const group = await screen.findByTestId('drift-group');
    expect(within(group).getAllByRole('img')).toHaveLength(12);
    expect(within(group).getByTestId('drift-group-more').textContent).toBe(' (+28 more)');
    expect(s.callsOf('getDriftFlag')).toEqual([{ id: 4 }]);
    expect(screen.getAllByTestId('drift-group')).toHaveLength(1);
  });
});
