// Settings' two sections about the station itself: the folder it works in (moving it reopens the
// station there) and the model in use.
import { useStation } from '../station-context.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

export function StationFolderSection() {
  const { client, status, toast } = useStation();
  const root = useDraft(status?.root ?? '');
  return (
    <Section
      title="Station folder"
      id="root"
      onSave={() =>
        root.commit(async (typed) => {
          const r = await client.call('setStationRoot', { root: typed.trim() });
          if (r.root !== status?.root) {
            toast({ kind: 'info', title: 'Station moved', body: `Now working in ${r.root}. Reloading…` });
            setTimeout(() => location.reload(), 1500); // the app window reloads itself; a browser tab needs this
          }
        })
      }
      note="Holds incoming/, processed/, errors/, results/ and station.db. A new folder is created if missing; the station reopens there (nothing is copied: the old folder stays as it is)."
    >
      <label className="wide">
        Folder (absolute path){' '}
        <input
          value={root.value}
          onChange={(e) => root.set(e.target.value)}
          spellCheck={false}
          className="mono"
          data-testid="station-root"
        />
      </label>
    </Section>
  );
}

const fmt = (v: unknown) => (typeof v === 'number' ? (v <= 1 ? `${(v * 100).toFixed(1)} %` : v.toFixed(2)) : '—');

export function ModelSection() {
  const { status } = useStation();
  const metrics = (status?.model.metrics ?? {}) as Record<string, unknown>;
  const test = (metrics.test ?? metrics) as Record<string, unknown>;
  // The card's new-desk figures (photos from senders the fit never saw), where the model has them.
  const desk = metrics.newDesk as Record<string, unknown> | undefined;
  return (
    <Section title="Model in use" id="model">
      {status && (
        <dl className="model-info" data-testid="model-info">
          <dt>Name</dt>
          <dd>{status.model.name}</dd>
          <dt>Version</dt>
          <dd>{status.model.version}</dd>
          <dt>sha256</dt>
          <dd className="mono small">{status.model.sha256}</dd>
          {desk && (
            <>
              <dt>New-desk photos: auto-approved and wrong</dt>
              <dd>{fmt(desk.wrongAuto)}</dd>
              <dt>New-desk photos a person looks at</dt>
              <dd>{fmt(desk.reviewLoad)}</dd>
            </>
          )}
          <dt>Catalogue test accuracy</dt>
          <dd>{fmt(test.accuracy)}</dd>
          <dt>Macro-F1</dt>
          <dd>{fmt(test.macroF1)}</dd>
          <dt>Calibration error</dt>
          <dd>{fmt(test.ece)}</dd>
        </dl>
      )}
    </Section>
  );
}
