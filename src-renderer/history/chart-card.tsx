// One History chart: its title, the chart itself, an optional note, and its numbers in a table
// underneath; and the axis, tooltip and animation settings every chart shares.
import type { ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

export type Row = Record<string, string | number | null>;

export function ChartCard({
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
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title}: table`}>
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

export const axis = { stroke: 'var(--muted)', fontSize: 12 };
/** A percent axis from a little under the lowest value to 100, so figures close together (a
 * head's 91 % beside the base model's 88 %) stay apart, with round ticks. */
export function percentAxis(values: number[]): { domain: [number, number]; ticks: number[] } {
  const lo = values.length ? Math.max(0, Math.floor(Math.min(...values) / 5) * 5 - 5) : 0;
  const step = 100 - lo <= 30 ? 5 : 10;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= 100; t += step) ticks.push(t);
  return { domain: [lo, 100], ticks };
}

export const tooltip = { contentStyle: { background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--text)' } };
export const noAnim = { isAnimationActive: false } as const;
