// The settings as the core stored them: loaded once, kept fresh by the settings-changed event (a
// change saved at another desk, or by the core), and replaced by what a save answers. What a
// section shows before it is saved is that section's draft (use-draft.ts), never kept here.
import { useCallback, useEffect, useState } from 'react';
import type { StationSettings } from '../../src-shared/domain.ts';
import { useStation, useStationEvent } from '../station-context.tsx';

export type SettingsPatch = Partial<StationSettings>;

export function useStoredSettings(): { settings: StationSettings | null; save(patch: SettingsPatch): Promise<void> } {
  const { client } = useStation();
  const [settings, setSettings] = useState<StationSettings | null>(null);
  useEffect(() => {
    client.call('getSettings', {}).then(setSettings, () => {});
  }, [client]);
  useStationEvent('settings-changed', setSettings);
  const save = useCallback(async (patch: SettingsPatch) => setSettings(await client.call('updateSettings', patch)), [client]);
  return { settings, save };
}
