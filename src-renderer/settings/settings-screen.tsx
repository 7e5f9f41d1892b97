// Settings: every change is validated by the core (the contract's SettingsPatch), stored in SQLite
// and applied at once (the next batch time moves, items change band, the watcher restarts). Each
// section keeps its own draft and saves on its own, so a mistake in one never blocks another and
// saving one never drops what is typed in another.
import { ScreenHeading } from '../common/screen-heading.tsx';
import { useStation } from '../station-context.tsx';
import { AuditSection } from './audit-section.tsx';
import { CategoryCodesSection } from './category-codes-section.tsx';
import { DeskLearningSection } from './desk-learning-section.tsx';
import { DispositionRulesSection } from './disposition-rules-section.tsx';
import { InventorySection } from './inventory-section.tsx';
import { LocationsSection } from './locations-section.tsx';
import { BatchTimeSection, ClerksSection, ThresholdsSection, WatchSection, WebhookSection } from './settings-fields.tsx';
import { ModelSection, StationFolderSection } from './station-sections.tsx';
import { useStoredSettings } from './use-stored-settings.ts';

export function SettingsScreen() {
  const stored = useStoredSettings();
  // The station's status too: the folder field starts from it, and must not change under the
  // clerk's first keys.
  const loaded = useStation().status !== null;
  const props = stored.settings && loaded ? { settings: stored.settings, save: stored.save } : null;
  return (
    <section className="settings" aria-labelledby="settings-title">
      <header className="screen-header">
        <ScreenHeading id="settings-title">Settings</ScreenHeading>
      </header>
      {!props && <p className="muted">Loading settings…</p>}
      {props && (
        <div className="settings-grid">
          <StationFolderSection />
          <BatchTimeSection {...props} />
          <ThresholdsSection {...props} />
          <WebhookSection {...props} />
          <ClerksSection {...props} />
          <WatchSection {...props} />
          <AuditSection {...props} />
          <LocationsSection {...props} />
          <InventorySection {...props} />
          <CategoryCodesSection {...props} />
          <DispositionRulesSection {...props} />
          <ModelSection />
          <DeskLearningSection />
        </div>
      )}
    </section>
  );
}
