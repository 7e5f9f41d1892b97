// The plain Settings sections: each holds its own draft (use-draft.ts) and saves only its own
// fields, so saving one never touches what is being typed in another.
import type { StationSettings } from '../../src-shared/domain.ts';
import { webhookHost } from '../../src-shared/webhook-host.ts';
import { useStation } from '../station-context.tsx';
import { Section, ThresholdInput } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';
import type { SettingsPatch } from './use-stored-settings.ts';
import { useState } from 'react';

export interface SectionProps {
  settings: StationSettings;
  save(patch: SettingsPatch): Promise<void>;
}

function num(v: string, what: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${what} must be a number.`);
  return n;
}

export function BatchTimeSection({ settings, save }: SectionProps) {
  const { status } = useStation();
  const time = useDraft(settings.batchTime);
  return (
    <Section
      title="Nightly batch"
      id="batch"
      onSave={() => time.commit((batchTime) => save({ batchTime }))}
      note={status?.nextBatchAt ? `Next run: ${new Date(status.nextBatchAt).toLocaleString()}` : 'No scheduled run in this mode.'}
    >
      <label>
        Time (24 h) <input type="time" value={time.value} onChange={(e) => time.set(e.target.value)} required data-testid="batch-time" />
      </label>
    </Section>
  );
}

export function ThresholdsSection({ settings, save }: SectionProps) {
  const bands = useDraft({ high: String(settings.thresholds.high), low: String(settings.thresholds.low) });
  return (
    <Section
      title="Confidence bands"
      id="thresholds"
      onSave={() => bands.commit((b) => save({ thresholds: { high: num(b.high, 'High'), low: num(b.low, 'Low') } }))}
      note="At or above “high”: auto-approved. Below “low”: the review queue. Between: medium band."
    >
      <div className="row">
        <ThresholdInput
          label="High ≥"
          value={bands.value.high}
          onChange={(high) => bands.set((b) => ({ ...b, high }))}
          testId="threshold-high"
        />
        <ThresholdInput
          label="Low <"
          value={bands.value.low}
          onChange={(low) => bands.set((b) => ({ ...b, low }))}
          testId="threshold-low"
        />
      </div>
    </Section>
  );
}

export function WebhookSection({ settings, save }: SectionProps) {
  const { client } = useStation();
  const url = useDraft(settings.webhookUrl);
  const [test, setTest] = useState<string | null>(null);
  const host = webhookHost(settings.webhookUrl);
  return (
    <Section
      title="Alert webhook"
      id="webhook"
      onSave={() => url.commit((u) => save({ webhookUrl: u.trim() }))}
      note="A Slack-style incoming webhook; alerts are posted there as they are raised. Empty: off."
    >
      <UrlField draft={url} placeholder="https://hooks.slack.com/services/…" testId="webhook-url" />
      <div className="row">
        <button
          type="button"
          onClick={() => {
            setTest('Sending…');
            client.call('sendTestWebhook', {}).then(
              (r) => setTest(r.message),
              (e: Error) => setTest(e.message),
            );
          }}
          data-testid="webhook-test"
        >
          Send test (saved URL)
        </button>
        {test && (
          <span role="status" data-testid="webhook-test-result">
            {test}
          </span>
        )}
      </div>
      <p className="note" data-testid="webhook-host">
        {host ? `Alerts are sent to ${host}.` : 'Alerts are not sent anywhere.'}
      </p>
    </Section>
  );
}

export function ClerksSection({ settings, save }: SectionProps) {
  const clerks = useDraft(settings.clerks.join('\n'));
  return (
    <Section
      title="Clerks"
      id="clerks"
      onSave={() =>
        clerks.commit((text) =>
          save({
            clerks: text
              .split('\n')
              .map((c) => c.trim())
              .filter(Boolean),
          }),
        )
      }
      note="One name per line; offered when someone starts a review."
    >
      <textarea rows={4} aria-label="Clerk names" value={clerks.value} onChange={(e) => clerks.set(e.target.value)} data-testid="clerks" />
    </Section>
  );
}

export function WatchSection({ settings, save }: SectionProps) {
  const poll = useDraft(String(settings.pollIntervalMs));
  return (
    <Section
      title="Watching incoming/"
      id="watch"
      onSave={() => poll.commit((p) => save({ pollIntervalMs: num(p, 'Poll interval') }))}
      note="0 = native file events. On a network share, poll every N ms (e.g. 2000)."
    >
      <label>
        Poll interval (ms){' '}
        <input
          type="number"
          min="0"
          max="60000"
          step="100"
          value={poll.value}
          onChange={(e) => poll.set(e.target.value)}
          data-testid="poll-interval"
        />
      </label>
    </Section>
  );
}

/** A webhook's URL field over its section's draft (the alert and the inventory webhooks). */
export function UrlField({
  draft,
  placeholder,
  testId,
}: {
  draft: { value: string; set(v: string): void };
  placeholder: string;
  testId: string;
}) {
  return (
    <label className="wide">
      URL{' '}
      <input type="url" value={draft.value} onChange={(e) => draft.set(e.target.value)} placeholder={placeholder} data-testid={testId} />
    </label>
  );
}
