// A horizontal bar chart as inline SVG: the report must open offline, print, and carry no scripts,
// so no chart library. Inline <svg> in HTML needs no xmlns (and so no URL at all).
import { esc } from './html-escape.ts';

export interface Bar {
  label: string;
  value: number;
  /** Text after the bar; defaults to the value. */
  note?: string;
  color?: string;
}

export interface BarChartOptions {
  /** Accessible name of the chart. */
  title: string;
  width?: number;
  labelWidth?: number;
  rowHeight?: number;
  color?: string;
}

export function svgBarChart(bars: readonly Bar[], o: BarChartOptions): string {
  const width = o.width ?? 640;
  const labelWidth = o.labelWidth ?? 140;
  const noteWidth = 110;
  const rowHeight = o.rowHeight ?? 26;
  const barArea = Math.max(10, width - labelWidth - noteWidth);
  const max = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const v = Number.isFinite(b.value) ? Math.max(0, b.value) : 0;
    // A zero bar still gets a hairline so the row does not look missing.
    const w = max > 0 ? Math.max(v > 0 ? 2 : 1, (v / max) * barArea) : 1;
    const mid = y + rowHeight / 2;
    return (
      `<text x="${labelWidth - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle">${esc(b.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" rx="2" fill="${esc(b.color ?? o.color ?? '#4a78b5')}"/>` +
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${mid}" dominant-baseline="middle">${esc(b.note ?? String(b.value))}</text>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-label="${esc(o.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="13">` +
    `<title>${esc(o.title)}</title>${rows.join('')}</svg>`
  );
}
