// `npm run eval -- --data DIR`: classify DIR/<Category>/<file> with the app's own classifier.
// A folder whose name is not one of the model's labels holds out-of-set images.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Classifier } from './classifier.ts';
import { computeMetrics, type EvalMetrics, type Scored } from './eval-metrics.ts';

export interface EvalReport extends EvalMetrics {
  model: { name: string; version: string; sha256: string };
  imagesPerSecond: number;
  seconds: number;
  unreadable: { count: number; files: { file: string; error: string }[] };
  folders: { name: string; inSet: boolean; files: number }[];
}

export async function evaluateFolder(classifier: Classifier, dir: string): Promise<EvalReport> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (folders.length === 0) throw new Error(`${dir} has no <Category>/ folders`);
  const labels = classifier.manifest.labels;
  const jobs: { file: string; truth: number }[] = [];
  const folderInfo: EvalReport['folders'] = [];
  for (const name of folders) {
    const files = (await readdir(path.join(dir, name), { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    const truth = labels.indexOf(name);
    folderInfo.push({ name, inSet: truth >= 0, files: files.length });
    for (const f of files) jobs.push({ file: path.join(dir, name, f), truth });
  }
  const t0 = performance.now();
  const results = await classifier.classifyMany(jobs.map((j) => j.file));
  const seconds = (performance.now() - t0) / 1000;
  const scored: Scored[] = [];
  const unreadable: EvalReport['unreadable']['files'] = [];
  results.forEach((r, i) => {
    const job = jobs[i]!;
    if (!r.ok) unreadable.push({ file: path.relative(dir, job.file), error: `${r.error.code}: ${r.error.message}` });
    else scored.push({ truth: job.truth, predicted: labels.indexOf(r.prediction.category), confidence: r.prediction.confidence });
  });
  const { name, version, sha256 } = classifier.manifest;
  return {
    model: { name, version, sha256 },
    ...computeMetrics(scored, labels),
    imagesPerSecond: scored.length / Math.max(seconds, 1e-9),
    seconds,
    unreadable: { count: unreadable.length, files: unreadable },
    folders: folderInfo,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The human-readable report (the last line of `--json` output is the machine-readable one). */
export function formatReport(r: EvalReport, labels: readonly string[]): string {
  const lines: string[] = [];
  const inSet = r.folders.filter((f) => f.inSet).reduce((a, f) => a + f.files, 0);
  lines.push(`Model ${r.model.name} v${r.model.version} (sha256 ${r.model.sha256.slice(0, 12)}…)`);
  lines.push(`Images: ${r.count} classified (${inSet} of the model's categories, ${r.outOfSet.count} out-of-set), ${r.unreadable.count} unreadable`);
  lines.push('');
  lines.push(`Accuracy            ${pct(r.accuracy)}`);
  lines.push(`Macro-F1            ${r.macroF1.toFixed(4)}`);
  lines.push(`ECE (15 bins)       ${r.ece.toFixed(4)}`);
  lines.push(`High band (≥ 0.85)  coverage ${pct(r.highBand.coverage)}, precision ${pct(r.highBand.precision)}`);
  lines.push(`Low band (< 0.70)   ${pct(r.lowBandShare)} of images`);
  if (r.outOfSet.count) lines.push(`Out-of-set          ${r.outOfSet.count} images, ${pct(r.outOfSet.sentToReview)} sent to review`);
  lines.push(`Speed               ${r.imagesPerSecond.toFixed(1)} images/s (${r.seconds.toFixed(1)} s)`);
  lines.push('');
  const w = Math.max(...labels.map((l) => l.length));
  lines.push(`${'class'.padEnd(w)}  precision  recall      f1  support`);
  for (const l of labels) {
    const c = r.perClass[l]!;
    lines.push(`${l.padEnd(w)}  ${c.precision.toFixed(4).padStart(9)}  ${c.recall.toFixed(4).padStart(6)}  ${c.f1.toFixed(4).padStart(6)}  ${String(c.support).padStart(7)}`);
  }
  lines.push('');
  const abbrev = labels.map((l) => l.split(' ').map((p) => p.slice(0, 4)).join('').slice(0, 6));
  lines.push(`Confusion (rows: true, columns: predicted)`);
  lines.push(`${''.padEnd(w)} ${abbrev.map((a) => a.padStart(6)).join(' ')}`);
  r.confusion.forEach((row, k) => lines.push(`${labels[k]!.padEnd(w)} ${row.map((v) => String(v).padStart(6)).join(' ')}`));
  if (r.unreadable.count) {
    lines.push('');
    lines.push('Unreadable files:');
    for (const u of r.unreadable.files) lines.push(`  ${u.file}: ${u.error}`);
  }
  return lines.join('\n');
}
