// What every phase of a batch run reads and advances: the run, its log and timeline, the model and
// thresholds it files with, and the two counters behind the log lines and the progress bar.
import path from 'node:path';
import type { BandThresholds, BatchProgress, BatchRun, Item } from '../../../src-shared/domain.ts';
import type { ModelInfo, WireResult } from '../classify/classifier-protocol.ts';
import type { StationDb } from '../db/station-db.ts';
import type { ActiveDeskHead } from '../desk/active-desk-head.ts';
import type { DeskKinds } from '../desk/desk-kinds.ts';
import type { BatchLog } from '../reports/batch-log.ts';
import type { TimelineEntry } from '../reports/report-types.ts';
import type { StepMeter } from '../step-meter.ts';

export interface BatchContext {
  root: string;
  db: StationDb;
  clock: () => Date;
  run: BatchRun;
  log: BatchLog;
  timeline: TimelineEntry[];
  model: ModelInfo;
  thresholds: BandThresholds;
  /** The desk head in use when the run started (null: the base model alone). */
  deskHead: ActiveDeskHead | null;
  /** The model's kinds the desk gave its own categories (desk-kinds.ts), as the run started. */
  deskKinds: DeskKinds;
  /** Photos this run handles, including those a resumed run had already done. */
  total: number;
  /** Photos taken in hand (the log's "processing n/total"). */
  done: number;
  /** Photos in their final place (the progress bar). */
  placed: number;
  progress(p: Omit<BatchProgress, 'runId'>): void;
  /** Times the filing steps (the bench's profile); NO_METER in the station. */
  meter: StepMeter;
}

/** A photo to handle: a file nobody has recorded yet, or a recorded item still waiting to be filed.
 * `current` is the item's prediction when it came from this run's model and desk head, or a person
 * has decided on it (no need to classify again). */
export type Work = { kind: 'new'; rel: string } | { kind: 'item'; item: Item; current: Item['prediction'] };

/** A photo with the classifier's answer (null: not classified again). */
export interface Classified {
  work: Work;
  result: WireResult | null;
}

export const workFileName = (w: Work) => (w.kind === 'new' ? path.posix.basename(w.rel) : w.item.fileName);
export const workRel = (w: Work) => (w.kind === 'new' ? w.rel : w.item.relPath);
