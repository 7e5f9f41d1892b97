// logs/batch_<stamp>.log — the run's story in the desk's familiar lines:
//   [2025-10-13 02:00:00] BATCH PROCESSING STARTED
//   [2025-10-13 02:00:02] Processing [1/247]: return_20251013_001.jpg
//   [2025-10-13 02:00:02]   Category: Tshirts (confidence: 95.3%)
// Each line is written synchronously and, by default, flushed to disk before the call returns:
// after a crash or a power cut the log shows exactly how far the run got. A resumed run reopens
// the same file and appends, after a RESUMED line.
import { closeSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { localDateTime } from '../../../src-shared/local-time.ts';
import { reportPaths } from './report-paths.ts';
import type { ReportModel } from './report-types.ts';

export interface BatchLogOptions {
  /** Station root; the log goes to <root>/logs/batch_<stamp>.log. */
  root: string;
  stamp: string;
  clock?: () => Date;
  /** fdatasync after every line (default true). A nightly run writes a few hundred lines; the
   * cost is small next to classification, and a power cut then loses nothing already logged. */
  fsync?: boolean;
}

export interface BatchLog {
  /** Absolute path of the log file. */
  readonly file: string;
  /** Relative to the root, as stored in BatchRun.outputs.log. */
  readonly relPath: string;
  /** Any line, timestamped. Newlines and control characters in it are shown escaped, so a file
   * name cannot forge log lines. */
  line(text: string): void;
  modelReady(model: ReportModel): void;
  found(count: number): void;
  processing(index: number, total: number, fileName: string): void;
  category(category: string, confidence: number): void;
  movedTo(relPath: string): void;
  /** An item's error, indented under its Processing line. */
  itemError(message: string): void;
  /** A run-level error (model unavailable, disk full …). */
  error(message: string): void;
  complete(totals: { total: number; successful: number; failed: number }, categories: Record<string, number> | [string, number][]): void;
  close(): void;
}

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
function oneLine(s: string): string {
  return s.replace(CONTROL, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** "Tshirts 87, Casual Shoes 45, …": most first; ties keep the order given. */
export function formatDistribution(categories: Record<string, number> | [string, number][]): string {
  const entries = Array.isArray(categories) ? [...categories] : Object.entries(categories);
  const sorted = entries.map((e, i) => [e, i] as const).sort((a, b) => b[0][1] - a[0][1] || a[1] - b[1]);
  return sorted.length ? sorted.map(([[c, n]]) => `${c} ${n}`).join(', ') : '(none)';
}

function open(o: BatchLogOptions, flags: 'wx' | 'a'): BatchLog {
  const relPath = reportPaths(o.stamp).log;
  const file = path.join(o.root, relPath);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, flags);
  const clock = o.clock ?? (() => new Date());
  const sync = o.fsync ?? true;
  let closed = false;

  const line = (text: string) => {
    if (closed) throw new Error(`Batch log is closed: ${file}`);
    const buf = Buffer.from(`[${localDateTime(clock())}] ${oneLine(text)}\n`, 'utf8');
    // writeSync may write less than asked (rare, but allowed): loop until all is out.
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (sync) fdatasyncSync(fd);
  };

  return {
    file,
    relPath,
    line,
    modelReady: (m) => line(`Model ready: ${m.name} ${m.version} (sha256 ${m.sha256.slice(0, 12)}…)`),
    found: (n) => line(`Found ${n} images to process`),
    processing: (i, n, name) => line(`Processing [${i}/${n}]: ${name}`),
    category: (c, conf) => line(`  Category: ${c} (confidence: ${(conf * 100).toFixed(1)}%)`),
    movedTo: (rel) => line(`  Moved to: ${rel}`),
    itemError: (msg) => line(`  ERROR: ${msg}`),
    error: (msg) => line(`ERROR: ${msg}`),
    complete: (t, categories) => {
      line('BATCH PROCESSING COMPLETE');
      line(`Total processed: ${t.total} · Successful: ${t.successful} · Failed: ${t.failed}`);
      line(`Category distribution: ${formatDistribution(categories)}`);
    },
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

/** Creates the log of a new run and writes its first line. Refuses an existing file: two runs
 * must never interleave in one log. */
export function startBatchLog(o: BatchLogOptions): BatchLog {
  const log = open(o, 'wx');
  log.line('BATCH PROCESSING STARTED');
  return log;
}

/** Reopens the log of an interrupted run (or creates it if it was lost) and appends a RESUMED
 * line, with an optional note such as "100 of 247 already done". */
export function resumeBatchLog(o: BatchLogOptions, note?: string): BatchLog {
  const log = open(o, 'a');
  log.line(note ? `BATCH PROCESSING RESUMED (${note})` : 'BATCH PROCESSING RESUMED');
  return log;
}
