// History's receiving charts over the whole range: how many items were not what was expected, and
// the grade and disposition mixes, each with its table like the other charts.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryReceiving } from '../../src-shared/history-types.ts';
import { axis, ChartCard, noAnim, tooltip } from './chart-card.tsx';

const GRADE_COLOURS: Record<string, string> = {
  New: '#2e9e5b',
  Good: '#4e79a7',
  Damaged: '#d9a21b',
  Unsellable: '#d64545',
  ungraded: '#bab0ac',
};
const DISPOSITION_COLOURS = ['#2e9e5b', '#76b7b2', '#edc948', '#b07aa1', '#4e79a7', '#d64545', '#bab0ac'];

/** One bar per key, with its count and its share of the whole. */
function mixRows(counts: Record<string, number>): { name: string; items: number; share: string }[] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.entries(counts).map(([name, items]) => ({ name, items, share: total ? `${((items / total) * 100).toFixed(1)} %` : '—' }));
}

const MIX_COLUMNS: [string, string][] = [
  ['name', 'Kind'],
  ['items', 'Items'],
  ['share', 'Share'],
];

function MixChart({ rows, colour }: { rows: { name: string; items: number }[]; colour(name: string, i: number): string }) {
  return (
    <BarChart data={rows}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
      {/* Every bar named, even the long "Return to vendor". */}
      <XAxis dataKey="name" {...axis} interval={0} fontSize={11} />
      <YAxis {...axis} allowDecimals={false} />
      <Tooltip {...tooltip} />
      <Bar dataKey="items" name="Items" {...noAnim}>
        {rows.map((r, i) => (
          <Cell key={r.name} fill={colour(r.name, i)} />
        ))}
      </Bar>
    </BarChart>
  );
}

export function ReceivingCharts({ receiving: r }: { receiving: HistoryReceiving }) {
  const checked = [
    { name: 'as expected', items: r.checked - r.mismatched },
    { name: 'not what was expected', items: r.mismatched },
    { name: 'not announced', items: r.unexpected },
  ];
  const grades = mixRows(r.grades);
  const dispositions = mixRows(r.dispositions);
  return (
    <>
      <ChartCard
        id="mismatch"
        title={`Expected against received: ${r.mismatchRate === null ? 'no checked items' : `${r.mismatchRate} % not what was expected`}`}
        rows={checked}
        columns={[
          ['name', 'Items'],
          ['items', 'Count'],
        ]}
        note="Items compared with an announced return; “not announced” came with a return id nobody sent."
      >
        <MixChart rows={checked} colour={(_, i) => ['#2e9e5b', '#d64545', '#d9a21b'][i]!} />
      </ChartCard>
      <ChartCard id="grades" title="Grade mix" rows={grades} columns={MIX_COLUMNS}>
        <MixChart rows={grades} colour={(name) => GRADE_COLOURS[name] ?? '#bab0ac'} />
      </ChartCard>
      <ChartCard id="dispositions" title="Disposition mix" rows={dispositions} columns={MIX_COLUMNS}>
        <MixChart rows={dispositions} colour={(_, i) => DISPOSITION_COLOURS[i % DISPOSITION_COLOURS.length]!} />
      </ChartCard>
    </>
  );
}
