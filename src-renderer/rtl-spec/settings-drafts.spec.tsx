// Settings: each section keeps its own draft. Saving one section (or a change announced by the
// station) must not throw away what is typed, unsaved, in another.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationSettings } from '../../src-shared/domain.ts';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { fakeSettings, fakeStation, renderWithStation } from './fake-station.tsx';

afterEach(cleanup);

function station() {
  let stored: StationSettings = fakeSettings({ batchTime: '02:00', clerks: ['Asha'] });
  return fakeStation({
    getSettings: () => stored,
    updateSettings: (patch) => (stored = { ...stored, ...(patch as Partial<StationSettings>) }),
    deskLearning: () => ({ inUse: null, heads: [], examples: 0, examplesByCategory: {}, fitting: false, lastProblem: null }),
  });
}

const input = (id: string) => screen.getByTestId<HTMLInputElement>(id);

describe('Settings sections', () => {
  it('saving one section keeps the unsaved edits of the others', async () => {
    const s = station();
    renderWithStation(<SettingsScreen />, s);
    await screen.findByTestId('batch-time');
    fireEvent.change(input('batch-time'), { target: { value: '03:30' } });
    fireEvent.change(input('webhook-url'), { target: { value: 'https://hooks.example.com/x' } });
    fireEvent.change(input('clerks'), { target: { value: 'Asha\nBen' } });

    fireEvent.click(within(screen.getByTestId('settings-clerks')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(s.callsOf('updateSettings')).toEqual([{ clerks: ['Asha', 'Ben'] }]));
    await within(screen.getByTestId('settings-clerks')).findByText('Saved and applied.');

    expect(input('batch-time').value).toBe('03:30');
    expect(input('webhook-url').value).toBe('https://hooks.example.com/x');
    expect(input('clerks').value).toBe('Asha\nBen');
  });

  it('a change announced by the station shows where nothing is typed, and leaves a draft alone', async () => {
    const s = station();
    renderWithStation(<SettingsScreen />, s);
    await screen.findByTestId('batch-time');
    fireEvent.change(input('poll-interval'), { target: { value: '2000' } });
    s.emit('settings-changed', fakeSettings({ batchTime: '04:15', pollIntervalMs: 500 }));
    await waitFor(() => expect(input('batch-time').value).toBe('04:15'));
    expect(input('poll-interval').value).toBe('2000');
  });
});
