// The History charts (recharts), each with its numbers in a table underneath.
import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import type { HistoryReport } from '../../src-shared/history-types.ts';
import { timeOf } from '../common/format.ts';

// Ten distinguishable category colours (Tableau 10), readable on light and dark.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const BAND_COLOURS = { high: '#2e9e5b', medium: '#d9a21b', low: '#d64545' };
const SEVERITY_COLOURS = { critical: '#7a0d05', error: '#d64545', warning: '#d9a21b', info: '#4e79a7' };

type Row = Record<string, string | number | null>;

function ChartCard({
  id,
  title,
  rows,
  columns,
  note,
  children,
}: {
  id: string;
  title: string;
  rows: Row[];
  columns: [key: string, label: string][];
  /** A line under the chart, for what its legend cannot say. */
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="chart-card" data-testid={`chart-${id}`} aria-labelledby={`chart-${id}-title`}>
      <figcaption id={`chart-${id}-title`}>{title}</figcaption>
      <div className="chart">
        <ResponsiveContainer width="100%" height={220}>
          {children as never}
        </ResponsiveContainer>
      </div>
      {note && <p className="chart-note muted">{note}</p>}
      <details>
        <summary>Table</summary>
        <div className="table-scroll">
          <table data-testid={`table-${id}`}>
            <thead>
              <tr>
                {columns.map(([k, label]) => (
                  <th key={k}>{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {columns.map(([k]) => (
                    <td key={k} data-col={k}>
                      {r[k] ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

const axis = { stroke: 'var(--muted)', fontSize: 12 };
/** A percent axis from a little under the lowest value to 100, so figures close together (a
 * head's 91 % beside the base model's 88 %) stay apart, with round ticks. */
function percentAxis(values: number[]): { domain: [number, number]; ticks: number[] } {
  const lo = values.length ? Math.max(0, Math.floor(Math.min(...values) / 5) * 5 - 5) : 0;
  const step = 100 - lo <= 30 ? 5 : 10;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= 100; t += step) ticks.push(t);
  return { domain: [lo, 100], ticks };
}

/** A desk head's point: filled when it beat the base model and was used, hollow and red when refused. */
function HeadDot({ cx, cy, index, payload }: DotItemDotProps) {
  if (cx == null || cy == null) return null;
  const used = (payload as Row).used === 'yes';
  return (
    <circle
      key={index}
      cx={cx}
      cy={cy}
      r={used ? 5 : 4.5}
      stroke={used ? 'var(--accent)' : 'var(--low)'}
      strokeWidth={2}
      fill={used ? 'var(--accent)' : 'var(--panel)'}
    />
  );
}
const tooltip = { contentStyle: { background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--text)' } };

export function HistoryCharts({ report }: { report: HistoryReport }) {
  const days = report.days;
  const cats = [...new Set(days.flatMap((d) => Object.keys(d.categories)))].sort();
  const short = (day: string) => day.slice(5);
  const volume = days.map((d) => ({ day: d.day, received: d.received, filed: d.filed, failed: d.failed }));
  const success = days.map((d) => ({ day: d.day, successRate: d.successRate }));
  const mix = days.map((d) => ({ day: d.day, ...Object.fromEntries(cats.map((c) => [c, d.categories[c] ?? 0])) }));
  const bands = days.map((d) => ({ day: d.day, ...d.bands }));
  const review = days.map((d) => ({
    day: d.day,
    reviewed: d.reviewed,
    overridden: d.overridden,
    reviewRate: d.reviewRate,
    overrideRate: d.overrideRate,
  }));
  const runs = report.runs.map((r) => ({
    run: r.timestamp,
    id: r.id,
    seconds: Math.round(r.durationSeconds * 10) / 10,
    total: r.total,
    status: r.status,
  }));
  const alerts = days.map((d) => ({ day: d.day, ...d.alerts }));
  const heads = report.deskHeads.map((h) => ({
    fitted: `${h.day} ${timeOf(h.createdAt)}`,
    head: `#${h.id}`,
    examples: h.examples,
    checkExamples: h.checkExamples,
    checkAccuracy: h.checkAccuracy,
    baseCheckAccuracy: h.baseCheckAccuracy,
    used: h.accepted ? 'yes' : 'no',
  }));
  const noAnim = { isAnimationActive: false } as const;

  return (
    <div className="charts">
      <ChartCard
        id="volume"
        title="Daily volume"
        rows={volume}
        columns={[
          ['day', 'Day'],
          ['received', 'Received'],
          ['filed', 'Filed'],
          ['failed', 'Failed'],
        ]}
      >
        <BarChart data={volume}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend />
          <Bar dataKey="filed" stackId="v" fill="#4e79a7" name="Filed" {...noAnim} />
          <Bar dataKey="failed" stackId="v" fill="#d64545" name="Failed" {...noAnim} />
        </BarChart>
      </ChartCard>

      <ChartCard
        id="success"
        title="Success rate (%)"
        rows={success}
        columns={[
          ['day', 'Day'],
          ['successRate', 'Success %'],
        ]}
      >
        <LineChart data={success}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis domain={[0, 100]} {...axis} />
          <Tooltip {...tooltip} />
          <Line dataKey="successRate" stroke="#2e9e5b" dot={false} name="Success %" connectNulls {...noAnim} />
        </LineChart>
      </ChartCard>

      <ChartCard id="categories" title="Category mix" rows={mix} columns={[['day', 'Day'], ...cats.map((c) => [c, c] as [string, string])]}>
        <AreaChart data={mix}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend />
          {cats.map((c, i) => (
            <Area key={c} dataKey={c} stackId="c" stroke={PALETTE[i % 10]} fill={PALETTE[i % 10]} fillOpacity={0.75} {...noAnim} />
          ))}
        </AreaChart>
      </ChartCard>

      <ChartCard
        id="bands"
        title="Confidence bands"
        rows={bands}
        columns={[
          ['day', 'Day'],
          ['high', 'High'],
          ['medium', 'Medium'],
          ['low', 'Low'],
        ]}
      >
        <BarChart data={bands}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend />
          <Bar dataKey="high" stackId="b" fill={BAND_COLOURS.high} name="High" {...noAnim} />
          <Bar dataKey="medium" stackId="b" fill={BAND_COLOURS.medium} name="Medium" {...noAnim} />
          <Bar dataKey="low" stackId="b" fill={BAND_COLOURS.low} name="Low" {...noAnim} />
        </BarChart>
      </ChartCard>

      <ChartCard
        id="review"
        title="Review and override rates (%)"
        rows={review}
        columns={[
          ['day', 'Day'],
          ['reviewed', 'Reviewed'],
          ['overridden', 'Changed'],
          ['reviewRate', 'Review %'],
          ['overrideRate', 'Changed %'],
        ]}
      >
        <LineChart data={review}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis domain={[0, 100]} {...axis} />
          <Tooltip {...tooltip} />
          <Legend />
          <Line dataKey="reviewRate" stroke="#4e79a7" dot={false} name="Reviewed %" connectNulls {...noAnim} />
          <Line dataKey="overrideRate" stroke="#e15759" dot={false} name="Changed by review %" connectNulls {...noAnim} />
        </LineChart>
      </ChartCard>

      <ChartCard
        id="runs"
        title="Processing time per run (s)"
        rows={runs}
        columns={[
          ['run', 'Run'],
          ['total', 'Photos'],
          ['seconds', 'Seconds'],
          ['status', 'Status'],
        ]}
      >
        <BarChart data={runs}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="run" tickFormatter={(r: string) => `${r.slice(4, 6)}-${r.slice(6, 8)}`} {...axis} />
          <YAxis {...axis} />
          <Tooltip {...tooltip} />
          <Bar dataKey="seconds" fill="#76b7b2" name="Seconds" {...noAnim} />
        </BarChart>
      </ChartCard>

      <ChartCard
        id="desk-heads"
        title="Desk head check accuracy (%)"
        rows={heads}
        columns={[
          ['fitted', 'Fitted'],
          ['head', 'Head'],
          ['examples', 'Decisions'],
          ['checkExamples', 'Check decisions'],
          ['checkAccuracy', 'Head %'],
          ['baseCheckAccuracy', 'Base model %'],
          ['used', 'Used'],
        ]}
        note={
          heads.length
            ? 'Each head beside the base model on the same check decisions. Filled dot: beat the base model and used; hollow red: refused.'
            : 'No desk head was fitted in this range.'
        }
      >
        <LineChart data={heads}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="fitted" tickFormatter={(f: string) => f.slice(5, 10)} {...axis} />
          <YAxis {...percentAxis(heads.flatMap((h) => [h.checkAccuracy, h.baseCheckAccuracy]))} {...axis} />
          <Tooltip {...tooltip} formatter={(v) => `${String(v)} %`} />
          <Legend />
          <Line dataKey="checkAccuracy" stroke="var(--accent)" strokeWidth={2} dot={HeadDot} name="Desk head" {...noAnim} />
          <Line
            dataKey="baseCheckAccuracy"
            stroke="var(--muted)"
            strokeDasharray="5 4"
            dot={{ r: 3, fill: 'var(--muted)' }}
            name="Base model"
            {...noAnim}
          />
        </LineChart>
      </ChartCard>

      <ChartCard
        id="alerts"
        title="Alerts"
        rows={alerts}
        columns={[
          ['day', 'Day'],
          ['critical', 'Critical'],
          ['error', 'Error'],
          ['warning', 'Warning'],
          ['info', 'Info'],
        ]}
      >
        <BarChart data={alerts}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
          <XAxis dataKey="day" tickFormatter={short} {...axis} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend />
          {(['critical', 'error', 'warning', 'info'] as const).map((s) => (
            <Bar key={s} dataKey={s} stackId="a" fill={SEVERITY_COLOURS[s]} name={s} {...noAnim} />
          ))}
        </BarChart>
      </ChartCard>
    </div>
  );
}
