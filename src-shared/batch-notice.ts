// Pure, so the shell's native notification and browser mode's toast say the same thing.
// What the desk sees when the night's batch is done: one native notification (an in-app toast in
// browser mode) with totals, failures and the low-confidence count; a failed run says so plainly.
import type { BatchRun } from './domain.ts';

export interface BatchNotice {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
  /** Where a click leads. */
  opens: 'review' | 'alerts';
}

export function batchNotice(run: BatchRun): BatchNotice {
  if (run.status === 'failed') {
    return {
      title: 'Nightly batch FAILED',
      body: `${run.errorMessage ?? 'The batch could not run.'} Nothing was moved. Fix the cause, then run the batch again.`,
      urgency: 'critical',
      opens: 'alerts',
    };
  }
  const parts = [`${run.totalImages} photos: ${run.successful} filed`];
  if (run.failed) parts.push(`${run.failed} failed`);
  parts.push(`${run.lowConfidence} to review`);
  return {
    title: run.failed ? `Batch done with ${run.failed} error${run.failed === 1 ? '' : 's'}` : 'Batch done',
    body: `${parts.join(' · ')} (${run.successRate.toFixed(1)} % success, ${Math.round(run.durationSeconds)} s).`,
    urgency: 'normal',
    opens: 'review',
  };
}
