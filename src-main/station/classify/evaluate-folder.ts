// `npm run eval -- --data DIR [--label-map FILE]`: classify DIR/<folder>/<file> with the app's own
// classifier. Without a label map a folder is named after its category, and a folder whose name is
// not one of the model's labels holds out-of-set images. With one, folders are kinds (t-shirt, shoes,
// dress…) and the map says which categories count as right for each (none: out-of-set).
import { readdir, readFile } from 'node:fs/promises';
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

/** A folder or label map that cannot be evaluated: the person running eval must fix the input. */
export class EvalInputError extends Error {}

/** kind → the categories that count as right for it; `[]` = none of the model's categories. */
export type LabelMap = Record<string, string[]>;

/** Reads and checks a label map against the model's labels: a typo must not silently turn a kind
 * into out-of-set. */
export async function readLabelMap(file: string, labels: readonly string[]): Promise<LabelMap> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new EvalInputError(`--label-map ${file}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EvalInputError(`--label-map ${file}: expected an object of kind → list of categories`);
  }
  for (const [kind, cats] of Object.entries(parsed)) {
    if (!Array.isArray(cats) || cats.some((c) => typeof c !== 'string')) {
      throw new EvalInputError(`--label-map ${file}: "${kind}" must map to a list of category names`);
    }
    const unknown = cats.filter((c: string) => !labels.includes(c));
    if (unknown.length)
      throw new EvalInputError(`--label-map ${file}: "${kind}" names ${unknown.join(', ')}, not a category of this model`);
  }
  return parsed as LabelMap;
}

export interface EvalPhoto {
  file: string;
  /** The first acceptable label (-1: out-of-set). */
  truth: number;
  kind: string;
  /** Indexes into `labels` of the categories that count as right ([] out-of-set). */
  acceptable: number[];
}

/** Which photos of the folders count: all, or those a sender split keeps (file name without extension
 * → kept?). */
export type PhotoFilter = (imageId: string) => boolean;

/** The photos of DIR/<folder>/<file> for each DIR (folders of the same name are one kind), each with
 * the labels that count as right for it; `keep` leaves out the photos of other senders. */
export async function listEvalPhotos(
  dirs: string | readonly string[],
  labels: readonly string[],
  labelMap?: LabelMap,
  keep?: PhotoFilter,
): Promise<{ photos: EvalPhoto[]; folders: EvalReport['folders'] }> {
  const photos: EvalPhoto[] = [];
  const files = new Map<string, number>();
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const entries = await readdir(dir, { withFileTypes: true });
    const folders = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    if (folders.length === 0) throw new EvalInputError(`${dir} has no <Category>/ folders`);
    const missing = labelMap ? folders.filter((f) => !(f in labelMap)) : [];
    if (missing.length) throw new EvalInputError(`${dir}: folder(s) ${missing.join(', ')} not in the label map`);
    for (const name of folders) {
      const names = (await readdir(path.join(dir, name), { withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .filter((f) => !keep || keep(path.parse(f).name))
        .sort();
      const acceptable = labelMap ? labelMap[name]!.map((c) => labels.indexOf(c)) : [labels.indexOf(name)].filter((k) => k >= 0);
      files.set(name, (files.get(name) ?? 0) + names.length);
      for (const f of names) photos.push({ file: path.join(dir, name, f), truth: acceptable[0] ?? -1, kind: name, acceptable });
    }
  }
  const folders = [...files.keys()].sort().map((name) => {
    const acceptable = labelMap ? labelMap[name]! : [name].filter((l) => labels.includes(l));
    return { name, inSet: acceptable.length > 0, files: files.get(name)! };
  });
  return { photos, folders };
}

export async function evaluateFolder(
  classifier: Classifier,
  dirs: string | readonly string[],
  opts: { labelMap?: LabelMap; keep?: PhotoFilter } = {},
): Promise<EvalReport> {
  const labels = classifier.manifest.labels;
  const { photos: jobs, folders: folderInfo } = await listEvalPhotos(dirs, labels, opts.labelMap, opts.keep);
  // One folder: name unreadable files relative to it, as the person typed it; several: in full.
  const shown = (file: string) =>
    typeof dirs === 'string' ? path.relative(dirs, file) : dirs.length === 1 ? path.relative(dirs[0]!, file) : file;
  const t0 = performance.now();
  const results = await classifier.classifyMany(jobs.map((j) => j.file));
  const seconds = (performance.now() - t0) / 1000;
  const scored: Scored[] = [];
  const unreadable: EvalReport['unreadable']['files'] = [];
  results.forEach((r, i) => {
    const job = jobs[i]!;
    if (!r.ok) unreadable.push({ file: shown(job.file), error: `${r.error.code}: ${r.error.message}` });
    else
      scored.push({
        truth: job.truth,
        acceptable: job.acceptable,
        kind: job.kind,
        predicted: labels.indexOf(r.prediction.category),
        confidence: r.prediction.confidence,
      });
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
  lines.push(
    `Images: ${r.count} classified (${inSet} of the model's categories, ${r.outOfSet.count} out-of-set), ${r.unreadable.count} unreadable`,
  );
  lines.push('');
  lines.push(`Accuracy            ${pct(r.accuracy)}`);
  lines.push(`Auto-approved       ${pct(r.autoApprovedCoverage)} of in-set images; ${pct(r.wrongAutoApproved)} of auto-approved are wrong`);
  lines.push(`Macro-F1            ${r.macroF1.toFixed(4)}`);
  lines.push(`ECE (15 bins)       ${r.ece.toFixed(4)}`);
  lines.push(`High band (≥ 0.85)  coverage ${pct(r.highBand.coverage)}, precision ${pct(r.highBand.precision)}`);
  lines.push(`Low band (< 0.70)   ${pct(r.lowBandShare)} of images`);
  lines.push(`Review load         ${pct(r.reviewLoad)} of all images go to a person`);
  if (r.outOfSet.count) lines.push(`Out-of-set          ${r.outOfSet.count} images, ${pct(r.outOfSet.sentToReview)} sent to review`);
  lines.push(`Speed               ${r.imagesPerSecond.toFixed(1)} images/s (${r.seconds.toFixed(1)} s)`);
  lines.push('');
  const kinds = Object.keys(r.perKind).sort();
  const kw = Math.max(4, ...kinds.map((k) => k.length));
  lines.push(`${'kind'.padEnd(kw)}  count  right  auto-approved  wrong auto-approved`);
  for (const k of kinds) {
    const m = r.perKind[k]!;
    lines.push(
      `${k.padEnd(kw)}  ${String(m.count).padStart(5)}  ${pct(m.right / m.count).padStart(9)}  ${pct(m.autoApproved / m.count).padStart(13)}  ${String(m.wrongAutoApproved).padStart(19)}`,
    );
  }
  lines.push('');
  const w = Math.max(...labels.map((l) => l.length));
  lines.push(`${'class'.padEnd(w)}  precision  recall      f1  support`);
  for (const l of labels) {
    const c = r.perClass[l]!;
    lines.push(
      `${l.padEnd(w)}  ${c.precision.toFixed(4).padStart(9)}  ${c.recall.toFixed(4).padStart(6)}  ${c.f1.toFixed(4).padStart(6)}  ${String(c.support).padStart(7)}`,
    );
  }
  lines.push('');
  const abbrev = labels.map((l) =>
    l
      .split(' ')
      .map((p) => p.slice(0, 4))
      .join('')
      .slice(0, 6),
  );
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
