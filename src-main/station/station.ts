// The composition root of the station core: createStation({ root, … }) → { handlers, events, close }.
// Plain Node: the Electron shell and the browser-mode server both reach these handlers through
// request-dispatch.ts (which validates payloads against src-shared/contract.ts) and forward these events. It only wires the
// parts; each part lives in the module named beside its import.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StationHandlers } from '../../src-shared/contract.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { createAlertDispatcher } from './alerts/alert-dispatch.ts';
import { createAlertHandlers } from './alerts/alert-handlers.ts';
import { raiseNoBatchAlert } from './alerts/no-batch-alert.ts';
import { createBatchRunner } from './batch/batch-runner.ts';
import { createNightlySchedule } from './batch/nightly-schedule.ts';
import { startClassifierService } from './classify/classifier-service.ts';
import { defaultModelDir } from './classify/model-manifest.ts';
import { openCheckedStationDb } from './recovery/open-checked-db.ts';
import type { StationDb } from './db/station-db.ts';
import { stationCategories } from './desk/desk-categories.ts';
import { createDeskLearning } from './desk/desk-learning-service.ts';
import { buildHistoryReport } from './history/history-report.ts';
import { historyCsv, historyCsvFileName } from './history/history-csv.ts';
import { createStationHealthHandlers } from './history/station-health.ts';
import { createIntakeService } from './intake/intake-service.ts';
import { createWatchControl } from './intake/watch-control.ts';
import { buildPickList } from './picklists/build-pick-list.ts';
import { savePickListPdf } from './picklists/save-pick-list-pdf.ts';
import { createReceiving, type ReceivingOptions } from './receiving/receiving-service.ts';
import { finishInterruptedMoves } from './review/finish-interrupted-moves.ts';
import { createReviewHandlers } from './review/review-handlers.ts';
import { createSettingsHandlers } from './settings/settings-handlers.ts';
import { readSettings } from './db/stored-settings.ts';
import { createEventBus, type StationEventBus } from './station-events.ts';
import { STATION_SUBFOLDERS } from './station-layout.ts';
import { stationStatus, trackModel } from './station-status.ts';
import { windowOnlyHandlers } from './window-only-handlers.ts';

export type { StationEventBus } from './station-events.ts';

export interface StationOptions {
  root: string;
  modelDir?: string;
  clock?: () => Date;
  /** Start watching incoming/ (default true). */
  watch?: boolean;
  /** Run the nightly schedule, including a missed night at start (default true). */
  schedule?: boolean;
  /** How long a file must be unchanged before intake takes it (ms). */
  stableMs?: number;
  /** Given by a host that can move the station (app, browser mode): open a station on `root` and
   * serve it from now on; rejects (and changes nothing) when it cannot be opened. The old station
   * is closed by the host after the setStationRoot reply has gone out. */
  switchRoot?: (root: string) => Promise<void>;
  /** How soon expected/ files and outbox retries are looked at (tests). */
  receiving?: Pick<ReceivingOptions, 'folder' | 'outbox'>;
}

export interface Station {
  root: string;
  handlers: StationHandlers;
  events: StationEventBus;
  db: StationDb;
  /** Resolves when start-up work (reconcile, catch-up batch decision) is done. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function createStation(opts: StationOptions): Promise<Station> {
  const root = path.resolve(opts.root);
  const clock = opts.clock ?? (() => new Date());
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new Error(`Station folder not found: ${root}`);
  for (const d of STATION_SUBFOLDERS) await mkdir(path.join(root, d), { recursive: true });

  const { db, restored } = await openCheckedStationDb(root, { clock });
  const events = createEventBus();
  const raiseAlert = createAlertDispatcher(
    () => db,
    (alert) => events.emit('alert-raised', alert),
  ).dispatch;
  const classifier = startClassifierService({ modelDir: opts.modelDir ?? defaultModelDir() });
  const model = trackModel(classifier);
  const intake = createIntakeService(root, db, classifier, { onItemAdded: (item) => events.emit('item-added', item) });
  const desk = createDeskLearning({ root, db, events, model: () => model.model });
  const batches = createBatchRunner({ root, db, classifier, events, raiseAlert, onDeskHeadFit: desk.fitted });
  const watch = createWatchControl({ root, db, events, stableMs: opts.stableMs, onPhoto: (file) => void intake.register(file) });
  const receiving = createReceiving({
    root,
    db,
    clock,
    categories: () => stationCategories(db, model.model?.labels ?? null),
    onItemUpdated: (item) => events.emit('item-updated', item),
    ...opts.receiving,
  });
  events.on('batch-finished', (run) => void receiving.afterBatch(run));
  const runInBackground = (trigger: 'schedule' | 'catch-up') => void batches.run(trigger).catch(() => {});
  const onWake = () => raiseNoBatchAlert(db, clock(), raiseAlert);
  const schedule =
    opts.schedule === false ? null : createNightlySchedule({ db, clock, isRunning: () => batches.running, run: runInBackground, onWake });

  const ready = (async () => {
    if (restored) raiseAlert(restored.alertId);
    await finishInterruptedMoves(root, db);
    if (opts.watch !== false) await watch.start();
    await intake.reconcile().catch(() => []);
    await receiving.start();
    schedule?.start();
  })();

  const handlers: StationHandlers = {
    ...windowOnlyHandlers,
    ...createAlertHandlers(db),
    ...createStationHealthHandlers(db),
    ...createReviewHandlers({ root, db, events, labels: () => (model.model ? stationCategories(db, model.model.labels) : null) }),
    ...desk.handlers,
    ...receiving.handlers,
    ...createSettingsHandlers({
      root,
      db,
      clock,
      events,
      watch,
      reconcile: () => intake.reconcile(),
      reschedule: () => schedule?.reschedule(),
      switchRoot: opts.switchRoot,
    }),
    getStatus: () => stationStatus({ root, db, clock, classifier, model, watch, batches, scheduled: schedule !== null }),
    listItems: async ({ day, limit, offset }) => db.items.listItemsByDay(day ?? localDay(clock()), limit, offset),
    savePhoto: async (args) => intake.savePhoto(args, clock()),
    runBatchNow: () => batches.runNow(),
    listBatchRuns: async ({ limit }) => db.runs.listBatchRuns(limit),
    pickList: async (args) => buildPickList(db, args, clock()).list,
    async savePickListPdf(args) {
      const now = clock();
      const collected = buildPickList(db, args, now);
      const saved = await savePickListPdf(root, collected, now);
      receiving.pickListSaved(collected, saved.relPath);
      return saved;
    },
    history: async ({ from, to }) => buildHistoryReport(db, from, to, undefined, readSettings(db).dispositionRules),
    historyCsv: async ({ from, to }) => ({ fileName: historyCsvFileName(from, to), csv: historyCsv(buildHistoryReport(db, from, to)) }),
  };

  async function close() {
    schedule?.stop();
    // A batch in progress finishes (an interrupted one would resume at the next start anyway, but
    // a clean finish keeps the night's report in one piece).
    const idle = batches.close();
    await ready.catch(() => {});
    await watch.close();
    await idle;
    await receiving.close();
    await desk.close();
    await classifier.close();
    db.close();
  }
  return { root, handlers, events, db, ready, close };
}
