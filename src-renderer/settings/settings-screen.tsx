// Settings: every change is validated by the core (the contract's SettingsPatch), stored in SQLite
// and applied at once (the next batch time moves, items change band, the watcher restarts). Each
// section saves on its own, so a mistake in one never blocks another.
import { useEffect, useState } from 'react';
import { withOther } from '../../src-shared/desk-learning.ts';
import type { StationSettings, WarehouseLocation } from '../../src-shared/domain.ts';
import { webhookHost } from '../../src-shared/webhook-host.ts';
import { useCategories, useStation, useStationEvent } from '../station-context.tsx';
import { DeskLearningSection } from './desk-learning-section.tsx';
import { Section, ThresholdInput } from './settings-section.tsx';

type Patch = Partial<StationSettings>;

export function SettingsScreen() {
  const { client, status, toast } = useStation();
  const [rootInput, setRootInput] = useState('');
  useEffect(() => {
    if (status?.root) setRootInput((r) => r || status.root);
  }, [status?.root]);
  // Every category items are filed under has a shelf: the desk's own and "Other" included.
  const categories = withOther(useCategories());
  const [settings, setSettings] = useState<StationSettings | null>(null);
  const [batchTime, setBatchTime] = useState('');
  const [high, setHigh] = useState('');
  const [low, setLow] = useState('');
  const [webhook, setWebhook] = useState('');
  const [webhookTest, setWebhookTest] = useState<string | null>(null);
  const [clerks, setClerks] = useState('');
  const [poll, setPoll] = useState('0');
  const [locations, setLocations] = useState<Record<string, WarehouseLocation>>({});

  const adopt = (s: StationSettings) => {
    setSettings(s);
    setBatchTime(s.batchTime);
    setHigh(String(s.thresholds.high));
    setLow(String(s.thresholds.low));
    setWebhook(s.webhookUrl);
    setClerks(s.clerks.join('\n'));
    setPoll(String(s.pollIntervalMs));
    setLocations(Object.fromEntries(s.locations.map((l) => [l.category, l])));
  };
  useEffect(() => {
    client.call('getSettings', {}).then(adopt, () => {});
  }, [client]);
  useStationEvent('settings-changed', adopt);

  const save = async (patch: Patch) => adopt(await client.call('updateSettings', patch));
  const num = (v: string, what: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${what} must be a number.`);
    return n;
  };

  if (!settings) return <p className="muted">Loading settings…</p>;
  const metrics = (status?.model.metrics ?? {}) as Record<string, unknown>;
  const testMetrics = (metrics.test ?? metrics) as Record<string, unknown>;
  const fmt = (v: unknown) => (typeof v === 'number' ? (v <= 1 ? `${(v * 100).toFixed(1)} %` : v.toFixed(2)) : '—');

  return (
    <section className="settings" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-grid">
        <Section
          title="Station folder"
          id="root"
          onSave={async () => {
            const r = await client.call('setStationRoot', { root: rootInput.trim() });
            if (r.root !== status?.root) {
              toast({ kind: 'info', title: 'Station moved', body: `Now working in ${r.root}. Reloading…` });
              setTimeout(() => location.reload(), 1500); // the app window reloads itself; a browser tab needs this
            }
          }}
          note="Holds incoming/, processed/, errors/, results/ and station.db. A new folder is created if missing; the station reopens there (nothing is copied: the old folder stays as it is)."
        >
          <label className="wide">
            Folder (absolute path){' '}
            <input
              value={rootInput}
              onChange={(e) => setRootInput(e.target.value)}
              spellCheck={false}
              className="mono"
              data-testid="station-root"
            />
          </label>
        </Section>

        <Section
          title="Nightly batch"
          id="batch"
          onSave={() => save({ batchTime })}
          note={status?.nextBatchAt ? `Next run: ${new Date(status.nextBatchAt).toLocaleString()}` : 'No scheduled run in this mode.'}
        >
          <label>
            Time (24 h){' '}
            <input type="time" value={batchTime} onChange={(e) => setBatchTime(e.target.value)} required data-testid="batch-time" />
          </label>
        </Section>

        <Section
          title="Confidence bands"
          id="thresholds"
          onSave={() => save({ thresholds: { high: num(high, 'High'), low: num(low, 'Low') } })}
          note="At or above “high”: auto-approved. Below “low”: the review queue. Between: medium band."
        >
          <div className="row">
            <ThresholdInput label="High ≥" value={high} onChange={setHigh} testId="threshold-high" />
            <ThresholdInput label="Low <" value={low} onChange={setLow} testId="threshold-low" />
          </div>
        </Section>

        <Section
          title="Alert webhook"
          id="webhook"
          onSave={() => save({ webhookUrl: webhook.trim() })}
          note="A Slack-style incoming webhook; alerts are posted there as they are raised. Empty: off."
        >
          <label className="wide">
            URL{' '}
            <input
              type="url"
              value={webhook}
              onChange={(e) => setWebhook(e.target.value)}
              placeholder="https://hooks.slack.com/services/…"
              data-testid="webhook-url"
            />
          </label>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                setWebhookTest('Sending…');
                client.call('sendTestWebhook', {}).then(
                  (r) => setWebhookTest(r.message),
                  (e: Error) => setWebhookTest(e.message),
                );
              }}
              data-testid="webhook-test"
            >
              Send test (saved URL)
            </button>
            {webhookTest && <span data-testid="webhook-test-result">{webhookTest}</span>}
          </div>
          <p className="note" data-testid="webhook-host">
            {settings && webhookHost(settings.webhookUrl)
              ? `Alerts are sent to ${webhookHost(settings.webhookUrl)}.`
              : 'Alerts are not sent anywhere.'}
          </p>
        </Section>

        <Section
          title="Clerks"
          id="clerks"
          onSave={() =>
            save({
              clerks: clerks
                .split('\n')
                .map((c) => c.trim())
                .filter(Boolean),
            })
          }
          note="One name per line; offered when someone starts a review."
        >
          <textarea rows={4} value={clerks} onChange={(e) => setClerks(e.target.value)} data-testid="clerks" />
        </Section>

        <Section
          title="Watching incoming/"
          id="watch"
          onSave={() => save({ pollIntervalMs: num(poll, 'Poll interval') })}
          note="0 = native file events. On a network share, poll every N ms (e.g. 2000)."
        >
          <label>
            Poll interval (ms){' '}
            <input
              type="number"
              min="0"
              max="60000"
              step="100"
              value={poll}
              onChange={(e) => setPoll(e.target.value)}
              data-testid="poll-interval"
            />
          </label>
        </Section>

        <Section
          title="Warehouse locations"
          id="locations"
          onSave={() =>
            save({
              locations: categories.map((c) => locations[c] ?? { category: c, section: '', aisle: '' }).filter((l) => l.section || l.aisle),
            })
          }
          note="Pick lists are sorted by section, then aisle."
        >
          <table className="locations">
            <thead>
              <tr>
                <th>Category</th>
                <th>Section</th>
                <th>Aisle</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => {
                const l = locations[c] ?? { category: c, section: '', aisle: '' };
                const set = (k: 'section' | 'aisle', v: string) => setLocations((all) => ({ ...all, [c]: { ...l, [k]: v } }));
                return (
                  <tr key={c}>
                    <td>{c}</td>
                    <td>
                      <input
                        aria-label={`${c} section`}
                        value={l.section}
                        maxLength={32}
                        onChange={(e) => set('section', e.target.value)}
                      />
                    </td>
                    <td>
                      <input aria-label={`${c} aisle`} value={l.aisle} maxLength={32} onChange={(e) => set('aisle', e.target.value)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Section>

        <Section title="Model in use" id="model">
          {status && (
            <dl className="model-info" data-testid="model-info">
              <dt>Name</dt>
              <dd>{status.model.name}</dd>
              <dt>Version</dt>
              <dd>{status.model.version}</dd>
              <dt>sha256</dt>
              <dd className="mono small">{status.model.sha256}</dd>
              <dt>Test accuracy</dt>
              <dd>{fmt(testMetrics.accuracy)}</dd>
              <dt>Macro-F1</dt>
              <dd>{fmt(testMetrics.macroF1)}</dd>
              <dt>Calibration error</dt>
              <dd>{fmt(testMetrics.ece)}</dd>
            </dl>
          )}
        </Section>

        <DeskLearningSection />
      </div>
    </section>
  );
}
