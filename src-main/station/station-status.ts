// The status bar's figures (getStatus), and the model as the classifier reports it once loaded.
import type { StationStatus } from '../../src-shared/contract.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { nextRunAt } from './batch/batch-schedule.ts';
import type { BatchRunner } from './batch/batch-runner.ts';
import type { ClassifierService } from './classify/classifier-service.ts';
import type { ModelInfo } from './classify/classifier-protocol.ts';
import type { StationDb } from './db/station-db.ts';
import { stationCategories } from './desk/desk-categories.ts';
import type { WatchControl } from './intake/watch-control.ts';
import { readSettings } from './db/stored-settings.ts';

export interface ModelState {
  readonly model: ModelInfo | null;
  readonly error: string | null;
}

export function trackModel(classifier: ClassifierService): ModelState {
  const state = { model: null as ModelInfo | null, error: null as string | null };
  classifier.ready().then(
    (m) => (state.model = m),
    (e: Error) => (state.error = e.message),
  );
  return state;
}

export interface StatusDeps {
  root: string;
  db: StationDb;
  clock: () => Date;
  classifier: ClassifierService;
  model: ModelState;
  watch: WatchControl;
  batches: BatchRunner;
  scheduled: boolean;
}

/** A status asked for right after start waits up to this long for the model's name. */
const MODEL_WAIT_MS = 2000;

export async function stationStatus(d: StatusDeps): Promise<StationStatus> {
  const settings = readSettings(d.db);
  await Promise.race([d.classifier.ready().catch(() => null), new Promise((r) => setTimeout(r, MODEL_WAIT_MS))]);
  const { model, error } = d.model;
  return {
    root: d.root,
    model: model
      ? { name: model.name, version: model.version, sha256: model.sha256, labels: model.labels, metrics: model.metrics }
      : { name: error ? `unavailable: ${error}` : 'loading', version: '', sha256: '', labels: [], metrics: {} },
    categories: stationCategories(d.db, model?.labels ?? null),
    watching: d.watch.watching,
    batch: d.batches.progress,
    nextBatchAt: d.scheduled ? nextRunAt(d.clock(), settings.batchTime).toISOString() : null,
    lastRun: d.db.runs.listBatchRuns(1)[0] ?? null,
    unacknowledgedAlerts: d.db.alerts.countUnacknowledgedAlerts(),
    today: d.db.items.dayCounts(localDay(d.clock())),
  };
}
