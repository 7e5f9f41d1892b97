// File names of a run's outputs, exactly as the desk knows them. The stamp goes into file names,
// so it is checked here: a malformed one could otherwise point a write outside results/ or logs/.

const STAMP = /^\d{8}_\d{6}$/;

export function assertStamp(stamp: string): void {
  if (!STAMP.test(stamp)) throw new Error(`Not a batch stamp: "${stamp}" (expected YYYYMMDD_HHMMSS)`);
}

/** Relative to the station root, forward slashes (the form stored in BatchRun.outputs). */
export function reportPaths(stamp: string): { csv: string; summary: string; report: string; log: string } {
  assertStamp(stamp);
  return {
    csv: `results/batch_results_${stamp}.csv`,
    summary: `results/summary_${stamp}.json`,
    report: `results/batch_report_${stamp}.html`,
    log: `logs/batch_${stamp}.log`,
  };
}
