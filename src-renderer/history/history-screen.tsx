// History: the trends the warehouse manager plans from. One `history` request per range gives
// every figure (aggregated in SQL by the core); each chart shows hover values and keeps its numbers
// in a table beside it (for people who want the figures, and for the specs that check them).
import { useEffect, useMemo, useState } from 'react';
import { ScreenHeading } from '../common/screen-heading.tsx';
import type { HistoryReport } from '../../src-shared/history-types.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { useStation, useStationEvent } from '../station-context.tsx';
import { HistoryCharts } from './history-charts.tsx';
import { StationHealthPanel } from './station-health-panel.tsx';

const RANGES = [7, 30, 90, 365] as const;

function daysBack(n: number): { from: string; to: string } {
  const to = new Date();
  const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - (n - 1));
  return { from: localDay(from), to: localDay(to) };
}

/** One end of the custom range: From never after To, To never before From; a cleared field is ignored. */
function RangeEnd({ end, range, onPick }: { end: 'from' | 'to'; range: { from: string; to: string }; onPick(day: string): void }) {
  return (
    <input
      type="date"
      aria-label={end === 'from' ? 'From' : 'To'}
      value={range[end]}
      min={end === 'to' ? range.from : undefined}
      max={end === 'from' ? range.to : undefined}
      onChange={(e) => e.target.value && onPick(e.target.value)}
      data-testid={`range-${end}`}
    />
  );
}

export function HistoryScreen() {
  const { client } = useStation();
  const [range, setRange] = useState<number | 'custom'>(30);
  const [custom, setCustom] = useState(() => daysBack(30));
  const [report, setReport] = useState<HistoryReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const span = useMemo(() => (range === 'custom' ? custom : daysBack(range)), [range, custom]);

  useEffect(() => {
    let live = true;
    client.call('history', span).then(
      (r) => live && (setReport(r), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [client, span, tick]);
  useStationEvent('batch-finished', () => setTick((t) => t + 1));
  // A desk head fitted (nightly or Retrain now) joins the desk-head chart.
  useStationEvent('desk-learning', (s) => !s.fitting && setTick((t) => t + 1));

  async function exportCsv() {
    try {
      const { fileName, csv } = await client.call('historyCsv', span);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const t = report?.totals;
  return (
    <section className="history" aria-labelledby="history-title">
      <header className="screen-header">
        <ScreenHeading id="history-title">History</ScreenHeading>
        <div className="row" role="group" aria-label="Range">
          {RANGES.map((n) => (
            <button
              key={n}
              type="button"
              className={range === n ? 'primary' : undefined}
              aria-pressed={range === n}
              onClick={() => setRange(n)}
              data-testid={`range-${n}`}
            >
              {n === 365 ? '1 year' : `${n} days`}
            </button>
          ))}
          <button
            type="button"
            className={range === 'custom' ? 'primary' : undefined}
            aria-pressed={range === 'custom'}
            onClick={() => setRange('custom')}
          >
            Custom
          </button>
          {range === 'custom' && (
            <>
              <RangeEnd end="from" range={custom} onPick={(day) => setCustom((c) => ({ ...c, from: day }))} />
              <RangeEnd end="to" range={custom} onPick={(day) => setCustom((c) => ({ ...c, to: day }))} />
            </>
          )}
          <button type="button" onClick={() => void exportCsv()} data-testid="export-csv">
            Export CSV
          </button>
        </div>
      </header>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {t && report && (
        <>
          <dl className="kpis" data-testid="history-totals">
            <div>
              <dt>Received</dt>
              <dd data-testid="kpi-received">{t.received.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Success rate</dt>
              <dd>{t.successRate === null ? '—' : `${t.successRate.toFixed(1)} %`}</dd>
            </div>
            <div>
              <dt>Reviewed</dt>
              <dd>{t.reviewRate === null ? '—' : `${t.reviewRate.toFixed(1)} %`}</dd>
            </div>
            <div>
              <dt>Changed by review</dt>
              <dd title="Share of reviewed items whose category was changed: the real-world error estimate">
                {t.overrideRate === null ? '—' : `${t.overrideRate.toFixed(1)} %`}
              </dd>
            </div>
            <div>
              <dt>Batch runs</dt>
              <dd>{report.runs.length}</dd>
            </div>
          </dl>
          <p className="muted">
            {report.from} to {report.to}. Item figures count photos by the day they were received; bands use the current thresholds (high ≥{' '}
            {report.thresholds.high}, low &lt; {report.thresholds.low}).
          </p>
          <HistoryCharts report={report} />
        </>
      )}
      {!report && !error && <p className="muted">Loading…</p>}
      <StationHealthPanel />
    </section>
  );
}
