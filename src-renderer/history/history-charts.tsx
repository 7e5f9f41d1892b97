// The History charts (recharts), each with its numbers in a table underneath.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryReport } from '../../src-shared/history-types.ts';
import { axis, ChartCard, noAnim, tooltip } from './chart-card.tsx';
import { DeskHeadChart } from './desk-head-chart.tsx';
import { ReceivingCharts } from './receiving-charts.tsx';

// Ten distinguishable category colours (Tableau 10), readable on light and dark.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const BAND_COLOURS = { high: '#2e9e5b', medium: '#d9a21b', low: '#d64545' };
const SEVERITY_COLOURS = { critical: '#7a0d05', error: '#d64545', warning: '#d9a21b', info: '#4e79a7' };

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

      <DeskHeadChart report={report} />

      <ReceivingCharts receiving={report.receiving} />

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
