// History's desk head chart: each head's check accuracy beside the base model's on the same check
// decisions, filled where the head was used and hollow red where it was refused, with its table.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis, type DotItemDotProps } from 'recharts';
import type { HistoryReport } from '../../src-shared/history-types.ts';
import { timeOf } from '../common/format.ts';
import { axis, ChartCard, noAnim, percentAxis, tooltip, type Row } from './chart-card.tsx';

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

export function DeskHeadChart({ report }: { report: HistoryReport }) {
  const heads = report.deskHeads.map((h) => ({
    fitted: `${h.day} ${timeOf(h.createdAt)}`,
    head: `#${h.id}`,
    examples: h.examples,
    checkExamples: h.checkExamples,
    checkAccuracy: h.checkAccuracy,
    baseCheckAccuracy: h.baseCheckAccuracy,
    used: h.accepted ? 'yes' : 'no',
  }));
  return (
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
  );
}
