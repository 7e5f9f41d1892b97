// Writes a run's three result files into <root>/results/ — CSV, summary JSON, HTML report — each
// atomically (see fs/atomic-write.ts), and returns their paths relative to the root.
//
// Existing files, decided:
// - Same name, same bytes: fine, left as is. Every writer is deterministic, so regenerating a
//   report from the same run history gives the same bytes.
// - Same name, different bytes: refused with FileExistsError, and checked for all three files
//   before any is written, so a clash leaves results/ untouched rather than half-replaced.
// - `replace: true` lets a run supersede its OWN earlier output: a resumed run (its first attempt
//   may have written some files before the crash, and now has more rows), or "regenerate the
//   report from the database" after a corrupted file. The stamp identifies the run, so this
//   never touches another run's files. Even then the swap is atomic: readers see old or new.
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FileExistsError, sameContent, writeFileAtomic, type WriteOutcome } from '../fs/atomic-write.ts';
import { renderHtmlReport } from './html-report.ts';
import { reportPaths } from './report-paths.ts';
import type { BatchReportInput } from './report-types.ts';
import { resultsCsv } from './results-csv.ts';
import { summaryJson } from './summary-json.ts';

export interface BatchOutputs {
  csv: string;
  summary: string;
  report: string;
}

export interface WriteBatchOutputsOptions {
  /** Supersede this run's own earlier files (resume, regenerate). Default false. */
  replace?: boolean;
  /** Where the rows' photo paths are resolved for thumbnails; defaults to `root`. */
  photoRoot?: string;
  /** Called with each file's outcome, for the log and timeline. */
  onWritten?: (relPath: string, outcome: WriteOutcome) => void;
}

export async function writeBatchOutputs(root: string, input: BatchReportInput, opts: WriteBatchOutputsOptions = {}): Promise<BatchOutputs> {
  const paths = reportPaths(input.stamp);
  const files: [keyof BatchOutputs, string, Buffer][] = [
    ['csv', paths.csv, Buffer.from(resultsCsv(input.rows, { thresholds: input.thresholds }), 'utf8')],
    ['summary', paths.summary, Buffer.from(summaryJson(input), 'utf8')],
    ['report', paths.report, Buffer.from(await renderHtmlReport(input, { stationRoot: opts.photoRoot ?? root }), 'utf8')],
  ];
  await mkdir(path.join(root, 'results'), { recursive: true });

  if (!opts.replace) {
    for (const [, rel, data] of files) {
      const abs = path.join(root, rel);
      if ((await exists(abs)) && !(await sameContent(abs, data))) throw new FileExistsError(abs);
    }
  }
  for (const [, rel, data] of files) {
    const outcome = await writeFileAtomic(path.join(root, rel), data, { replace: opts.replace ?? false });
    opts.onWritten?.(rel, outcome);
  }
  return { csv: paths.csv, summary: paths.summary, report: paths.report };
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
