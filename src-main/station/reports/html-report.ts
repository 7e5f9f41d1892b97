// results/batch_report_<stamp>.html — the morning report. Self-contained on purpose: inline CSS,
// inline SVG charts, thumbnails as data: URIs, no scripts and no URLs, so it opens offline, can be
// mailed or archived, prints on one light page set, and cannot phone home. A Content-Security-Policy
// meta tag backs the escaping up: even a missed escape could not run a script or load anything.
//
// The output depends only on the input (no "generated at now"), so regenerating the report of a
// run gives the same bytes and write-batch-outputs can tell a harmless rewrite from a clash.
import type { BatchStatus, ConfidenceBand } from '../../../src-shared/domain.ts';
import { esc } from './html-escape.ts';
import { displayTime, formatDuration } from './display-time.ts';
import { computeStats, type ReportStats } from './report-stats.ts';
import type { BatchReportInput, BatchResultRow } from './report-types.ts';
import { svgBarChart } from './svg-bar-chart.ts';
import { thumbnailDataUri } from './thumbnail.ts';

export interface HtmlReportOptions {
  /** Folder the rows' relative photo paths are resolved against (the station root). */
  stationRoot: string;
  /** At most this many review items get a thumbnail; the rest are listed without (file size). */
  maxThumbnails?: number;
  /** Longer side of a thumbnail, in pixels. */
  thumbnailSize?: number;
}

const STATUS_TEXT: Record<BatchStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
};

const BAND_COLOR: Record<ConfidenceBand, string> = { high: '#3d8b5a', medium: '#d4a017', low: '#c0504d' };

const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)} %` : '0.0 %');
const pctOf = (x: number) => `${Math.round(x * 1000) / 10} %`;
/** A confidence, truncated (not rounded) to one decimal: 0.6999 must read 69.9 %, not a "70 %"
 * that looks like it passed the threshold. */
const confPct = (x: number) => `${(Math.floor(x * 1000 + 1e-9) / 10).toFixed(1)} %`;

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2328; background: #fff; margin: 24px auto; max-width: 980px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; break-after: avoid; }
.meta { color: #57606a; margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 20px; }
.card span { color: #57606a; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eaeef2; vertical-align: middle; }
th { font-size: 12px; color: #57606a; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.name { word-break: break-all; }
.thumb { width: 64px; height: 64px; object-fit: contain; border: 1px solid #d0d7de; border-radius: 4px; background: #f6f8fa; display: block; }
.noimg { width: 64px; height: 64px; border: 1px dashed #afb8c1; border-radius: 4px; color: #6e7781; font-size: 10px; display: flex; align-items: center; justify-content: center; text-align: center; }
.chart text { fill: #1f2328; }
.empty { color: #57606a; font-style: italic; }
.alert { border-left: 4px solid #afb8c1; padding: 4px 10px; margin: 6px 0; background: #f6f8fa; }
.alert.critical { border-color: #8b0000; } .alert.error { border-color: #c0504d; } .alert.warning { border-color: #d4a017; } .alert.info { border-color: #4a78b5; }
.sev { font-size: 11px; text-transform: uppercase; font-weight: 600; margin-right: 6px; }
.status-failed { color: #8b0000; } .status-completed_with_errors { color: #9a6700; } .status-completed { color: #1a7f37; }
footer { margin-top: 32px; color: #6e7781; font-size: 12px; }
@media print { body { margin: 0; max-width: none; font-size: 12px; } .card, .alert { break-inside: avoid; } a { color: inherit; } }
@page { margin: 12mm; }
`;

function summarySection(input: BatchReportInput, s: ReportStats): string {
  const { run } = input;
  const card = (label: string, value: string, cls = '') => `<div class="card${cls}"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
  const alerts = input.alerts.length
    ? `<h3>Alerts</h3>${input.alerts
        .map(
          (a) =>
            `<div class="alert ${esc(a.severity)}"><span class="sev">${esc(a.severity)}</span><strong>${esc(a.title)}</strong> — ${esc(a.message)}</div>`,
        )
        .join('')}`
    : '';
  const runError = run.errorMessage ? `<p class="status-failed"><strong>Run error:</strong> ${esc(run.errorMessage)}</p>` : '';
  return `<section id="summary"><h2>Executive summary</h2>
<div class="cards">${card('Total processed', String(s.total))}${card('Successful', String(s.successful))}${card('Failed', String(s.failed))}${card(
    'Success rate',
    `${s.successRate.toFixed(2)} %`,
  )}${card('Duration', formatDuration(run.durationSeconds))}${card('Needs review', String(s.bands.low))}</div>
<p>Status: <strong class="status-${esc(run.status)}">${esc(STATUS_TEXT[run.status] ?? run.status)}</strong></p>${runError}${alerts}</section>`;
}

function categorySection(input: BatchReportInput, s: ReportStats): string {
  const counts = new Map(s.categories);
  // Every label of the model, in its order, zeros included (a category that got nothing tonight is
  // news too); then anything the rows name that the model does not.
  const labels = [...input.categories, ...s.categories.map(([c]) => c).filter((c) => !input.categories.includes(c))];
  if (!labels.length) return `<section id="categories"><h2>Category distribution</h2><p class="empty">No categories.</p></section>`;
  const chart = svgBarChart(
    labels.map((c) => ({ label: c, value: counts.get(c) ?? 0, note: `${counts.get(c) ?? 0} (${pct(counts.get(c) ?? 0, s.successful)})` })),
    { title: 'Successful items per category' },
  );
  return `<section id="categories"><h2>Category distribution</h2>${chart}</section>`;
}

function confidenceSection(input: BatchReportInput, s: ReportStats): string {
  const t = input.thresholds;
  const bands: { band: ConfidenceBand; label: string; range: string; meaning: string }[] = [
    { band: 'high', label: 'High', range: `≥ ${pctOf(t.high)}`, meaning: 'auto-approved' },
    { band: 'medium', label: 'Medium', range: `${pctOf(t.low)} – ${pctOf(t.high)}`, meaning: 'quick check' },
    { band: 'low', label: 'Low', range: `< ${pctOf(t.low)}`, meaning: 'review' },
  ];
  const chart = svgBarChart(
    bands.map((b) => ({
      label: b.label,
      value: s.bands[b.band],
      note: `${s.bands[b.band]} (${pct(s.bands[b.band], s.successful)})`,
      color: BAND_COLOR[b.band],
    })),
    { title: 'Successful items per confidence band' },
  );
  const rows = bands
    .map(
      (b) =>
        `<tr><td>${esc(b.label)}</td><td>${esc(b.range)}</td><td>${esc(b.meaning)}</td><td class="num">${s.bands[b.band]}</td><td class="num">${esc(pct(s.bands[b.band], s.successful))}</td></tr>`,
    )
    .join('');
  return `<section id="confidence"><h2>Confidence distribution</h2>${chart}
<table><thead><tr><th>Band</th><th>Confidence</th><th>Meaning</th><th class="num">Items</th><th class="num">Share</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function reviewSection(input: BatchReportInput, s: ReportStats, o: HtmlReportOptions): Promise<string> {
  const t = input.thresholds;
  const items = input.rows
    .filter((r) => r.status === 'success' && r.confidence < t.low)
    .sort((a, b) => a.confidence - b.confidence || a.fileName.localeCompare(b.fileName));
  if (!items.length) {
    return `<section id="review"><h2>Items requiring review</h2><p class="empty">No item is below ${esc(pctOf(t.low))} confidence.</p></section>`;
  }
  const max = o.maxThumbnails ?? 200;
  // Two at a time: the station shares its cores with the classifier.
  const thumbs = await mapLimited(items, 2, (r: BatchResultRow, i) => {
    const rel = r.thumbnail ?? r.destination;
    return i < max && rel ? thumbnailDataUri(o.stationRoot, rel, o.thumbnailSize ?? 96) : Promise.resolve(null);
  });
  const rows = items
    .map((r, i) => {
      const uri = thumbs[i];
      const img = uri
        ? `<img class="thumb" src="${esc(uri)}" alt="${esc(r.fileName)}">`
        : `<div class="noimg">${i < max ? 'No preview' : 'Not shown'}</div>`;
      return `<tr><td>${img}</td><td class="name">${esc(r.fileName)}</td><td>${esc(r.returnId ?? '')}</td><td>${esc(r.category ?? '')}</td><td class="num">${esc(confPct(r.confidence))}</td><td class="name">${esc(r.destination ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<section id="review"><h2>Items requiring review</h2><p>${items.length} item${items.length === 1 ? '' : 's'} below ${esc(pctOf(t.low))} confidence, least sure first.</p>
<table><thead><tr><th>Photo</th><th>Name</th><th>Return</th><th>Guess</th><th class="num">Confidence</th><th>Filed at</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

function timelineSection(input: BatchReportInput): string {
  if (!input.timeline.length)
    return `<section id="timeline"><h2>Processing timeline</h2><p class="empty">No events recorded.</p></section>`;
  const rows = input.timeline.map((e) => `<tr><td>${esc(displayTime(e.at))}</td><td>${esc(e.event)}</td></tr>`).join('');
  return `<section id="timeline"><h2>Processing timeline</h2><table><thead><tr><th>Time</th><th>Event</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function errorSection(input: BatchReportInput, s: ReportStats): string {
  if (!s.errors.length) return `<section id="errors"><h2>Error summary</h2><p class="empty">No errors.</p></section>`;
  const byReason = new Map<string, number>();
  for (const e of s.errors) byReason.set(e.error, (byReason.get(e.error) ?? 0) + 1);
  const reasons = [...byReason]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `<tr><td>${esc(reason)}</td><td class="num">${n}</td></tr>`)
    .join('');
  const failed = input.rows.filter((r) => r.status === 'error');
  const files = failed
    .map(
      (r) =>
        `<tr><td class="name">${esc(r.fileName)}</td><td>${esc(r.error ?? '')}</td><td class="name">${esc(r.destination ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<section id="errors"><h2>Error summary</h2><p>${s.errors.length} image${s.errors.length === 1 ? '' : 's'} failed.</p>
<table><thead><tr><th>Reason</th><th class="num">Images</th></tr></thead><tbody>${reasons}</tbody></table>
<h3>Failed images</h3><table><thead><tr><th>Name</th><th>Error</th><th>Moved to</th></tr></thead><tbody>
${files}
</tbody></table></section>`;
}

export async function renderHtmlReport(input: BatchReportInput, o: HtmlReportOptions): Promise<string> {
  const s = computeStats(input.rows, input.thresholds, input.categories);
  const { run, model } = input;
  const started = displayTime(run.startedAt);
  const finished = run.finishedAt ? displayTime(run.finishedAt) : '—';
  const sha = model.sha256 ? `${model.sha256.slice(0, 12)}…` : 'unknown';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>Batch report ${esc(input.stamp)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Batch report ${esc(input.stamp)}</h1>
<p class="meta">Run #${esc(run.id)} (${esc(run.trigger)}) · started ${esc(started)} · finished ${esc(finished)} · model ${esc(model.name)} ${esc(model.version)} (sha256 ${esc(sha)})</p></header>
${summarySection(input, s)}
${categorySection(input, s)}
${confidenceSection(input, s)}
${await reviewSection(input, s, o)}
${timelineSection(input)}
${errorSection(input, s)}
<footer>Returns Station · batch ${esc(input.stamp)} · thresholds: high ≥ ${esc(pctOf(input.thresholds.high))}, low &lt; ${esc(pctOf(input.thresholds.low))}</footer>
</body>
</html>
`;
}
