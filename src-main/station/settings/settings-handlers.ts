// The Settings screen's requests: settings applied without a restart (a new batch time reschedules,
// a new poll interval restarts the watcher), pausing the watcher, the webhook test, and moving the
// station to another folder.
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import { sendTestWebhook } from '../alerts/send-test-webhook.ts';
import type { StationDb } from '../db/station-db.ts';
import type { WatchControl } from '../intake/watch-control.ts';
import type { StationEventBus } from '../station-events.ts';
import { prepareStationFolder } from '../station-folder.ts';
import { readSettings } from '../db/stored-settings.ts';
import { writeSettingsChecked } from './write-settings-checked.ts';

export type SettingsHandlers = Pick<
  StationHandlers,
  'getSettings' | 'updateSettings' | 'setWatching' | 'sendTestWebhook' | 'setStationRoot'
>;

export interface SettingsDeps {
  root: string;
  db: StationDb;
  clock: () => Date;
  events: StationEventBus;
  watch: WatchControl;
  /** Takes in photos that arrived while the watcher was stopped or being swapped. */
  reconcile: () => Promise<unknown>;
  reschedule: () => void;
  /** See StationOptions.switchRoot. */
  switchRoot?: (root: string) => Promise<void>;
}

export function createSettingsHandlers(d: SettingsDeps): SettingsHandlers {
  const { root, db } = d;
  return {
    async getSettings() {
      return readSettings(db);
    },
    async updateSettings(patch) {
      const before = readSettings(db);
      const after = writeSettingsChecked(db, patch);
      if (after.batchTime !== before.batchTime) d.reschedule();
      if (after.pollIntervalMs !== before.pollIntervalMs && d.watch.started) {
        await d.watch.start();
        // A photo that arrived while the watcher was being swapped raised no event in either one.
        await d.reconcile().catch(() => []);
      }
      d.events.emit('settings-changed', after);
      return after;
    },
    async setWatching({ paused }) {
      if (paused) await d.watch.stop();
      else {
        await d.watch.start();
        await d.reconcile();
      }
      return { watching: !paused };
    },
    async sendTestWebhook() {
      // The saved URL, read now: a URL changed a moment ago is the one tested.
      return sendTestWebhook(readSettings(db).webhookUrl, d.clock());
    },
    async setStationRoot(args) {
      const target = await prepareStationFolder(args.root);
      if (target === root) return { root };
      if (!d.switchRoot)
        throw new StationRequestError('UNAVAILABLE', 'This station was started on a fixed folder; start it again with the other folder.');
      // "Moved" only once the new folder is open and served; if it cannot be opened, this station
      // stays and the screen shows why.
      try {
        await d.switchRoot(target);
      } catch (e) {
        throw new StationRequestError(
          'CONFLICT',
          `The station stays in ${root}: ${target} could not be opened (${e instanceof Error ? e.message : String(e)}).`,
        );
      }
      return { root: target };
    },
  };
}
