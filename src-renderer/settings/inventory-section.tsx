// Settings → Inventory webhook: where each settled item is posted (its own draft), and the outbox
// those posts wait in: how many are queued and delivered, since when the oldest waits, the latest
// failure and the next try. The outbox is asked again every few seconds while the screen is open.
import { useEffect, useState } from 'react';
import type { OutboxState } from '../../src-shared/receiving.ts';
import { webhookHost } from '../../src-shared/webhook-host.ts';
import { useStation } from '../station-context.tsx';
import { UrlField, type SectionProps } from './settings-fields.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

const REFRESH_MS = 5000;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function useOutbox(): { outbox: OutboxState | null; error: string | null } {
  const { client } = useStation();
  const [outbox, setOutbox] = useState<OutboxState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      client.call('outboxState', {}).then(
        (o) => (setOutbox(o), setError(null)),
        (e: Error) => setError(e.message),
      );
    void load();
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(t);
  }, [client]);
  return { outbox, error };
}

export function InventorySection({ settings, save }: SectionProps) {
  const url = useDraft(settings.inventoryWebhookUrl);
  const { outbox, error } = useOutbox();
  const host = webhookHost(settings.inventoryWebhookUrl);
  return (
    <Section
      title="Inventory webhook"
      id="inventory"
      onSave={() => url.commit((u) => save({ inventoryWebhookUrl: u.trim() }))}
      note="Each settled item is posted there as JSON with an Idempotency-Key header, retried until it is delivered. Empty: the messages wait."
    >
      <UrlField draft={url} placeholder="https://inventory.example/returns" testId="inventory-webhook-url" />
      <p className="note">{host ? `Settled items are sent to ${host}.` : 'Settled items are not sent anywhere yet.'}</p>
      {error && <p className="error">{error}</p>}
      {outbox && (
        <dl className="outbox" data-testid="outbox">
          <dt>Queued</dt>
          <dd data-testid="outbox-pending">{outbox.pending}</dd>
          <dt>Delivered</dt>
          <dd data-testid="outbox-delivered">{outbox.delivered}</dd>
          <dt>Waiting since</dt>
          <dd>{when(outbox.oldestPendingAt)}</dd>
          <dt>Failing</dt>
          <dd data-testid="outbox-error">{outbox.lastError ?? 'no'}</dd>
          <dt>Next try</dt>
          <dd>{when(outbox.nextAttemptAt)}</dd>
        </dl>
      )}
    </Section>
  );
}
