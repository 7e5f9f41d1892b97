// Alerts: what the station raised (the core's rules: failed batch, error rate, low-confidence
// count, slow run, no batch in 36 h), newest first, with severity, time and the suggested actions.
// Acknowledging stores who did it; the sidebar counts what is still unacknowledged. A drift alert
// shows its flag's state (open, or cleared by whom and when), the look-alike photos of a new kind,
// and a link to History's "Is the station still right?", where a flag is cleared.
import { useCallback, useEffect, useState } from 'react';
import { DriftGroup, flagClearedText, useDriftFlagView } from '../common/drift-group.tsx';
import { ScreenHeading } from '../common/screen-heading.tsx';
import type { Alert, AlertSeverity } from '../../src-shared/domain.ts';
import { useStation, useStationEvent } from '../station-context.tsx';

const SEVERITY_ORDER: AlertSeverity[] = ['critical', 'error', 'warning', 'info'];

function DriftAlertFlag({ alertId }: { alertId: number }) {
  const view = useDriftFlagView({ alertId });
  if (!view) return null;
  const cleared = flagClearedText(view.flag);
  return (
    <div className="drift-alert" data-testid="drift-alert-flag" data-open={cleared === null}>
      <DriftGroup group={view.group} />
      <p>
        <strong>{cleared === null ? 'Flag open' : 'Flag cleared'}</strong>
        {cleared !== null && <span className="muted"> — {cleared}</span>}{' '}
        <a href="#/history" data-testid="drift-alert-history">
          Is the station still right? (History)
        </a>
      </p>
    </div>
  );
}

export function AlertsScreen() {
  const { client, clerk, setClerk, refreshStatus } = useStation();
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [name, setName] = useState(clerk);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.call('listAlerts', { includeAcknowledged: showAll }).then(
      (a) => (setAlerts(a), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [client, showAll]);
  useEffect(load, [load]);
  useStationEvent('alert-raised', load);

  async function acknowledge(a: Alert) {
    const by = name.trim();
    if (!by) return setError('Type your name first: acknowledgements are stored with it.');
    try {
      await client.call('acknowledgeAlert', { id: a.id, by });
      if (!clerk) setClerk(by);
      load();
      refreshStatus();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const counts = Object.fromEntries(
    SEVERITY_ORDER.map((s) => [s, alerts?.filter((a) => a.severity === s && !a.acknowledgedAt).length ?? 0]),
  );
  return (
    <section className="alerts" aria-labelledby="alerts-title">
      <header className="screen-header">
        <ScreenHeading id="alerts-title">Alerts</ScreenHeading>
        <div className="row">
          <label>
            Acknowledge as{' '}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} placeholder="your name" data-testid="ack-name" />
          </label>
          <label>
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> show acknowledged
          </label>
        </div>
      </header>
      <p className="counts">
        {SEVERITY_ORDER.map((s) => (
          <span key={s} className={`sev sev-${s}`}>
            {counts[s]} {s}
          </span>
        ))}
      </p>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {alerts && alerts.length === 0 && <p className="muted">No {showAll ? '' : 'unacknowledged '}alerts. The nightly runs went well.</p>}
      <ul className="alert-list" data-testid="alert-list">
        {alerts?.map((a) => (
          <li key={a.id} className={`alert sev-border-${a.severity}${a.acknowledgedAt ? ' acked' : ''}`} data-testid="alert">
            <div className="alert-head">
              <span className={`sev sev-${a.severity}`}>{a.severity}</span>
              <strong>{a.title}</strong>
              <time dateTime={a.createdAt} className="muted">
                {new Date(a.createdAt).toLocaleString()}
              </time>
            </div>
            <p>{a.message}</p>
            {a.rule === 'drift' && <DriftAlertFlag alertId={a.id} />}
            {a.actions.length > 0 && (
              <ul className="alert-actions">
                {a.actions.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            )}
            <div className="row">
              {a.batchRunId !== null && <span className="muted">batch #{a.batchRunId}</span>}
              {a.acknowledgedAt ? (
                <span className="muted">
                  acknowledged by {a.acknowledgedBy} at {new Date(a.acknowledgedAt).toLocaleString()}
                </span>
              ) : (
                <button type="button" onClick={() => void acknowledge(a)}>
                  Acknowledge
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
