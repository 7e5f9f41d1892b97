// History's "Is the station still right?": the audit's measured wrong-auto-approved rate (per week
// and overall, with its 95 % interval), the nights' estimated accuracy beside the audit's measured
// one, the latest drift check and the drift flags (an open one cleared here by a person, recorded
// with their name; an open new-kind flag with its look-alike photos, asked with `getDriftFlag`).
// One `getStationHealth` request, whatever the range above it.
import { useCallback, useEffect, useState } from 'react';
import { CartesianGrid, ErrorBar, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import {
  AUDIT_CLEAR_MAX_WRONG,
  AUDIT_CLEAR_MIN_DECIDED,
  driftGroupIds,
  type AuditFigure,
  type DriftFlag,
  type StationHealth,
} from '../../src-shared/audit.ts';
import { localDateTime } from '../../src-shared/local-time.ts';
import { DriftGroup, flagClearedText, useDriftFlagView } from '../common/drift-group.tsx';
import { pct } from '../common/format.ts';
import { useStation, useStationEvent } from '../station-context.tsx';
import { axis, ChartCard, noAnim, percentAxis, tooltip } from './chart-card.tsx';

const rateText = (f: AuditFigure) =>
  f.rate === null
    ? 'no audited decisions yet'
    : `${pct(f.rate, 1)} wrong (95 % interval ${pct(f.interval!.low, 1)} to ${pct(f.interval!.high, 1)})`;

function FlagItem({ flag, onClear }: { flag: DriftFlag; onClear?: (flag: DriftFlag) => void }) {
  const open = flag.clearedAt === null;
  return (
    <li className={`drift-flag${open ? '' : ' cleared'}`} data-testid="drift-flag" data-flag-id={flag.id} data-open={open}>
      <strong>{open ? 'Open' : 'Cleared'}: </strong>
      {flag.message}{' '}
      <span className="muted">
        ({flag.cause}, raised {localDateTime(new Date(flag.raisedAt))})
      </span>
      {!open && (
        <span className="muted" data-testid="flag-cleared">
          {' '}
          — {flagClearedText(flag)}
        </span>
      )}
      {open && onClear && (
        <>
          {' '}
          <button type="button" onClick={() => onClear(flag)} data-testid="clear-flag">
            Clear
          </button>
        </>
      )}
      {open && driftGroupIds(flag.details).length > 0 && <FlagGroup id={flag.id} />}
    </li>
  );
}

/** An open new-kind flag's look-alike photos. */
function FlagGroup({ id }: { id: number }) {
  const view = useDriftFlagView({ id });
  return view && <DriftGroup group={view.group} />;
}

export function StationHealthPanel() {
  const { client, clerk, setClerk } = useStation();
  const [health, setHealth] = useState<StationHealth | null>(null);
  const [name, setName] = useState(clerk);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.call('getStationHealth', {}).then(
      (h) => (setHealth(h), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [client]);
  useEffect(load, [load]);
  useStationEvent('batch-finished', load);
  useStationEvent('alert-raised', load);

  async function clear(flag: DriftFlag) {
    const by = name.trim();
    if (!by) return setError('Type your name first: clearing a flag is stored with it.');
    try {
      await client.call('clearDriftFlag', { id: flag.id, clerk: by });
      if (!clerk) setClerk(by);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const a = health?.audit;
  const weekRows = (a?.weeks ?? []).map((w) => ({
    week: w.week,
    decided: w.decided,
    wrong: w.wrong,
    rate: w.rate === null ? null : pct(w.rate, 1),
    interval: w.interval ? `${pct(w.interval.low, 1)} – ${pct(w.interval.high, 1)}` : null,
    ratePct: w.rate === null ? null : +(w.rate * 100).toFixed(2),
    err:
      w.interval && w.rate !== null
        ? [+((w.rate - w.interval.low) * 100).toFixed(2), +((w.interval.high - w.rate) * 100).toFixed(2)]
        : null,
  }));
  const estimateRows = (health?.estimates ?? []).map((e) => ({
    week: e.week,
    nights: e.nights,
    estimate: e.estimate === null ? null : pct(e.estimate, 1),
    audited: e.audited === null ? null : pct(e.audited, 1),
    interval: e.auditedInterval ? `${pct(e.auditedInterval.low, 1)} – ${pct(e.auditedInterval.high, 1)}` : null,
    decided: e.auditDecided,
    estimatePct: e.estimate === null ? null : +(e.estimate * 100).toFixed(2),
    auditedPct: e.audited === null ? null : +(e.audited * 100).toFixed(2),
  }));
  const open = health?.flags.filter((f) => f.clearedAt === null) ?? [];
  const cleared = health?.flags.filter((f) => f.clearedAt !== null) ?? [];
  const percents = estimateRows.flatMap((r) => [r.estimatePct, r.auditedPct]).filter((v): v is number => v !== null);

  return (
    <section className="station-health" aria-labelledby="station-health-title" data-testid="station-health">
      <h2 id="station-health-title">Is the station still right?</h2>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {!health && !error && <p className="muted">Loading…</p>}
      {health && a && (
        <>
          <dl className="kpis">
            <div>
              <dt>Wrong auto-approvals (audit)</dt>
              <dd data-testid="audit-overall">{rateText(a.overall)}</dd>
            </div>
            <div>
              <dt>Audited decisions</dt>
              <dd data-testid="audit-decided">{a.overall.decided.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Audit share</dt>
              <dd data-testid="audit-share">{a.share === 0 ? 'off' : pct(a.share, 1)}</dd>
            </div>
            <div>
              <dt>Drift flags open</dt>
              <dd data-testid="flags-open">{open.length}</dd>
            </div>
          </dl>
          <p className="muted" data-testid="audit-rule">
            {a.share === 0
              ? 'The audit is off (Settings).'
              : `${pct(a.share, 1)} of the photos the station would auto-approve go to Review marked “Audit”; their decisions measure how often an auto-approval is wrong here. `}
            {a.share > 0 && a.seed !== '' && <>The rule: {a.rule}</>} Waiting in Review: {a.waiting.audit} audit, {a.waiting.drift} held
            after a drift alert.
          </p>
          <ChartCard
            id="audit"
            title={`Audit: ${rateText(a.overall)}`}
            rows={weekRows.map(({ err: _err, ...r }) => r)}
            columns={[
              ['week', 'Week'],
              ['decided', 'Decided'],
              ['wrong', 'Wrong'],
              ['rate', 'Wrong rate'],
              ['interval', '95 % interval'],
            ]}
            note="Audited and held photos a person decided, by the week of the decision. Wrong: put in another category, or Other. Interval: Wilson, 95 %."
          >
            <LineChart data={weekRows}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="week" {...axis} />
              <YAxis {...axis} unit=" %" />
              <Tooltip {...tooltip} />
              <Line dataKey="ratePct" name="Wrong %" stroke="#d64545" {...noAnim}>
                <ErrorBar dataKey="err" width={4} stroke="#d64545" />
              </Line>
            </LineChart>
          </ChartCard>
          <ChartCard
            id="estimate-vs-audit"
            title="Estimated against audited accuracy of auto-approvals"
            rows={estimateRows}
            columns={[
              ['week', 'Week'],
              ['nights', 'Nights'],
              ['estimate', 'Estimated'],
              ['audited', 'Audited'],
              ['interval', 'Audited 95 % interval'],
              ['decided', 'Audited decisions'],
            ]}
            note="Estimated: each night's estimate for the photos it would auto-approve, averaged over the week. Audited: 1 − the audit's wrong rate."
          >
            <LineChart data={estimateRows}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
              <XAxis dataKey="week" {...axis} />
              <YAxis {...axis} unit=" %" {...percentAxis(percents)} />
              <Tooltip {...tooltip} />
              <Legend />
              <Line dataKey="estimatePct" name="Estimated %" stroke="#4e79a7" connectNulls {...noAnim} />
              <Line dataKey="auditedPct" name="Audited %" stroke="#2e9e5b" strokeDasharray="4 2" connectNulls {...noAnim} />
            </LineChart>
          </ChartCard>
          <h3>Drift</h3>
          {health.latestCheck ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Latest drift check">
              <table data-testid="drift-signals">
                <caption>
                  The night of {localDateTime(new Date(health.latestCheck.startedAt))}, against{' '}
                  {health.latestCheck.reference === 'model' ? 'the model’s own photos' : 'the desk’s own first settled nights'}
                </caption>
                <thead>
                  <tr>
                    <th>Signal</th>
                    <th>Measured</th>
                    <th>Threshold</th>
                    <th>Flagged</th>
                  </tr>
                </thead>
                <tbody>
                  {health.latestCheck.signals.map((s) => (
                    <tr key={s.name}>
                      <td>{s.label}</td>
                      <td>{s.value}</td>
                      <td>{s.threshold}</td>
                      <td>{s.flagged ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No drift check recorded yet.</p>
          )}
          {open.length > 0 && (
            <p data-testid="drift-protecting">
              {health.protectOnDrift
                ? 'While a flag is open, photos the station would auto-approve go to Review (“Held: drift”). '
                : 'Auto-approval is not held back for drift (Settings). '}
              The audit clears every open flag once {AUDIT_CLEAR_MIN_DECIDED} held photos are decided with at most{' '}
              {pct(AUDIT_CLEAR_MAX_WRONG)} wrong
              {health.clearing ? ` (so far ${health.clearing.decided} decided, ${health.clearing.wrong} wrong)` : ''}; or a person clears a
              flag here.
            </p>
          )}
          {open.length > 0 && (
            <label>
              Clear as{' '}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={64}
                placeholder="your name"
                data-testid="clear-name"
              />
            </label>
          )}
          <ul className="drift-flags" data-testid="drift-flags">
            {open.map((f) => (
              <FlagItem key={f.id} flag={f} onClear={(fl) => void clear(fl)} />
            ))}
            {cleared.map((f) => (
              <FlagItem key={f.id} flag={f} />
            ))}
          </ul>
          {health.flags.length === 0 && <p className="muted">No drift flags raised.</p>}
        </>
      )}
    </section>
  );
}
