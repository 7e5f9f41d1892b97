// The composition root of the station core: createStation({ root, … }) → { handlers, events, close }.
// Plain Node: the Electron shell and the browser-mode server both adapt these handlers (after
// validating payloads against src-shared/contract.ts) and forward these events.
import { EventEmitter } from 'node:events';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  StationRequestError,
  type EventName,
  type StationEvents,
  type StationHandlers,
  type StationStatus,
} from '../../src-shared/contract.ts';
import type { BatchProgress, BatchRun, BatchTrigger, Item } from '../../src-shared/domain.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { noBatchAlert } from './alerts/alert-rules.ts';
import { createAlertDispatcher } from './alerts/alert-dispatch.ts';
import { sendTestWebhook } from './alerts/send-test-webhook.ts';
import { acquireBatchLock, BatchBusyError } from './batch/batch-lock.ts';
import { missedRun, nextRunAt } from './batch/batch-schedule.ts';
import { createBatchService } from './batch/batch-service.ts';
import { failRunningRun } from './batch/fail-running-run.ts';
import { recoverMoves } from './batch/recover-moves.ts';
import { startClassifierService, type ClassifierService } from './classify/classifier-service.ts';
import type { ModelInfo } from './classify/classifier-protocol.ts';
import { defaultModelDir } from './classify/model-manifest.ts';
import { openCheckedStationDb } from './db/open-checked-db.ts';
import type { StationDb } from './db/station-db.ts';
import { buildHistoryReport } from './history/history-report.ts';
import { historyCsv, historyCsvFileName } from './history/history-csv.ts';
import { watchIncoming, type IncomingWatcher } from './intake/incoming-watcher.ts';
import { createIntakeService } from './intake/intake-service.ts';
import { buildPickList } from './picklists/build-pick-list.ts';
import { savePickListPdf } from './picklists/save-pick-list-pdf.ts';
import { decideAndFile, undoAndFile } from './review/decide-and-file.ts';
import { readSettings } from './settings/stored-settings.ts';
import { writeSettingsChecked } from './settings/write-settings-checked.ts';
import { prepareStationFolder } from './station-folder.ts';
import { STATION_SUBFOLDERS } from './station-layout.ts';

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
}

/** A typed event emitter over StationEvents. */
export interface StationEventBus {
  on<K extends EventName>(name: K, fn: (payload: StationEvents[K]) => void): () => void;
  emit<K extends EventName>(name: K, payload: StationEvents[K]): void;
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

function createBus(): StationEventBus {
  const ee = new EventEmitter();
  ee.setMaxListeners(100);
  return {
    on(name, fn) {
      ee.on(name, fn);
      return () => ee.off(name, fn);
    },
    emit(name, payload) {
      ee.emit(name, payload);
    },
  };
}

export async function createStation(opts: StationOptions): Promise<Station> {
  const root = path.resolve(opts.root);
  const clock = opts.clock ?? (() => new Date());
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) throw new Error(`Station folder not found: ${root}`);
  for (const d of STATION_SUBFOLDERS) await mkdir(path.join(root, d), { recursive: true });

  const { db, restored } = await openCheckedStationDb(root, { clock });
  const events = createBus();
  const alerts = createAlertDispatcher(
    () => db,
    (alert) => events.emit('alert-raised', alert),
  );
  const classifier: ClassifierService = startClassifierService({ modelDir: opts.modelDir ?? defaultModelDir() });
  let model: ModelInfo | null = null;
  let modelError: string | null = null;
  classifier.ready().then(
    (m) => (model = m),
    (e: Error) => (modelError = e.message),
  );

  const intake = createIntakeService(root, db, classifier, { onItemAdded: (item) => events.emit('item-added', item) });
  let progress: BatchProgress | null = null;
  const batch = createBatchService(root, classifier, {
    onStarted: (run) => events.emit('batch-started', run),
    onProgress: (p) => {
      progress = p;
      events.emit('batch-progress', p);
    },
    onAlert: (id) => raiseAlert(id),
  });
  const raiseAlert = (id: number) => alerts.dispatch(id);

  // ---- watching
  let watcher: IncomingWatcher | null = null;
  let watchError: string | null = null;
  async function startWatching() {
    await watcher?.close();
    const { pollIntervalMs } = readSettings(db);
    watcher = watchIncoming({
      dir: path.join(root, 'incoming'),
      pollIntervalMs,
      stableMs: opts.stableMs,
      onPhoto: (file) => void intake.register(file),
      onError: (e) => {
        watchError = e.message;
        events.emit('watcher-state', { watching: true, error: e.message });
      },
    });
    await watcher.ready;
    watchError = null;
    events.emit('watcher-state', { watching: true, error: null });
  }
  async function stopWatching() {
    await watcher?.close();
    watcher = null;
    events.emit('watcher-state', { watching: false, error: null });
  }

  // ---- batches and the nightly schedule
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  function runBatch(trigger: BatchTrigger): Promise<BatchRun> {
    const p = batch.run(trigger);
    p.then(
      (run) => {
        progress = null;
        events.emit('batch-finished', run);
      },
      (e: unknown) => {
        progress = null;
        // Another process's batch is its own business; anything else ends this run as failed.
        if (e instanceof BatchBusyError || closed) return;
        const failed = failRunningRun(db, null, `The batch stopped: ${e instanceof Error ? e.message : String(e)}`, null);
        if (!failed) return;
        failed.alertIds.forEach(raiseAlert);
        events.emit('batch-finished', failed.run);
      },
    );
    return p;
  }
  function schedule() {
    if (timer) clearTimeout(timer);
    if (closed || opts.schedule === false) return;
    const due = nextRunAt(clock(), readSettings(db).batchTime);
    // Timers drift and machines sleep: wake at most hourly and check again.
    const wait = Math.min(due.getTime() - clock().getTime(), 3_600_000);
    timer = setTimeout(
      () => {
        const now = clock();
        const last = db.listBatchRuns(1)[0];
        if (missedRun(now, readSettings(db).batchTime, last ? new Date(last.startedAt) : null, new Date(0)) && !batch.running) {
          runBatch('schedule').catch(() => {});
        }
        checkNoBatch();
        schedule();
      },
      Math.max(1000, wait),
    );
    timer.unref?.();
  }
  function checkNoBatch() {
    const last = db.lastFinishedBatchRun();
    const draft = noBatchAlert(last?.finishedAt ?? null, clock());
    if (!draft) return;
    // One open "no batch" alert at a time.
    if (db.listAlerts(false).some((a) => a.rule === 'no-batch')) return;
    raiseAlert(db.insertAlert({ ...draft, batchRunId: null }).id);
  }

  const ready = (async () => {
    if (restored) raiseAlert(restored.alertId);
    await finishInterruptedMoves();
    if (opts.watch !== false) await startWatching();
    await intake.reconcile().catch(() => []);
    if (opts.schedule !== false) {
      const now = clock();
      const settings = readSettings(db);
      const last = db.listBatchRuns(1)[0];
      const firstUse = db.listBatchRuns(1).length === 0 && db.listUnfiledItems().length === 0;
      const interrupted = db.runningBatchRuns().length > 0;
      // A run cut short resumes now; a night missed while the machine was off runs now.
      if (interrupted || (!firstUse && missedRun(now, settings.batchTime, last ? new Date(last.startedAt) : null, new Date(0)))) {
        runBatch('catch-up').catch(() => {});
      }
      schedule();
    }
  })();

  /** A decision whose move a crash cut short is finished now (the batch does the same for its own
   * moves, under the same lock, so the two never replay one entry at once). */
  async function finishInterruptedMoves() {
    if (db.pendingMoves().length === 0) return;
    const lock = await acquireBatchLock(root).catch(() => null);
    if (!lock) return; // a batch is running: it recovers every pending move first
    try {
      await recoverMoves(root, db);
    } catch (e) {
      // Left planned: the next batch retries it under the same lock before anything else.
      console.error('[station] finishing an interrupted move failed:', e);
    } finally {
      await lock.release();
    }
  }

  const requireItem = (id: number): Item => {
    const item = db.getItem(id);
    if (!item) throw new StationRequestError('NOT_FOUND', `No item ${id}.`);
    return item;
  };

  const handlers: StationHandlers = {
    async getStatus() {
      const settings = readSettings(db);
      await Promise.race([classifier.ready().catch(() => null), new Promise((r) => setTimeout(r, 2000))]);
      const status: StationStatus = {
        root,
        model: model
          ? { name: model.name, version: model.version, sha256: model.sha256, labels: model.labels, metrics: model.metrics }
          : { name: modelError ? `unavailable: ${modelError}` : 'loading', version: '', sha256: '', labels: [], metrics: {} },
        watching: watcher !== null && watchError === null,
        batch: batch.running ? progress : null,
        nextBatchAt: opts.schedule === false ? null : nextRunAt(clock(), settings.batchTime).toISOString(),
        lastRun: db.listBatchRuns(1)[0] ?? null,
        unacknowledgedAlerts: db.countUnacknowledgedAlerts(),
        today: db.dayCounts(localDay(clock())),
      };
      return status;
    },
    async listItems({ day, limit, offset }) {
      return db.listItemsByDay(day ?? localDay(clock()), limit, offset);
    },
    async getItem({ id }) {
      return requireItem(id);
    },
    async savePhoto(args) {
      return intake.savePhoto(args, clock());
    },
    async reviewQueue({ band, day }) {
      return db.reviewQueue(band, undefined, day);
    },
    async decide({ itemId, action, category, clerk, durationMs }) {
      const item = requireItem(itemId);
      if (category && model && !model.labels.includes(category))
        throw new StationRequestError('BAD_REQUEST', `Unknown category "${category}".`);
      if (!item.prediction && action === 'accept')
        throw new StationRequestError('CONFLICT', `Item ${itemId} has no prediction to accept yet.`);
      const decision = await decideAndFile(root, db, { itemId, action, category, clerk, durationMs });
      events.emit('item-updated', decision.item);
      return decision;
    },
    async undoDecision({ decisionId }) {
      const undone = await undoAndFile(root, db, decisionId);
      if (!undone) throw new StationRequestError('NOT_FOUND', `No decision ${decisionId}.`);
      events.emit('item-updated', undone.item);
      return undone.item;
    },
    async recentDecisions({ limit }) {
      return db.recentDecisions(limit);
    },
    async runBatchNow() {
      return new Promise<{ runId: number }>((resolve, reject) => {
        const off = events.on('batch-started', (run) => {
          off();
          resolve({ runId: run.id });
        });
        runBatch('manual').catch((e: unknown) => {
          off();
          reject(e instanceof BatchBusyError ? new StationRequestError('CONFLICT', e.message) : e);
        });
      });
    },
    async listBatchRuns({ limit }) {
      return db.listBatchRuns(limit);
    },
    async listAlerts({ includeAcknowledged }) {
      return db.listAlerts(includeAcknowledged);
    },
    async acknowledgeAlert({ id, by }) {
      const a = db.acknowledgeAlert(id, by);
      if (!a) throw new StationRequestError('NOT_FOUND', `No alert ${id}.`);
      return a;
    },
    async getSettings() {
      return readSettings(db);
    },
    async updateSettings(patch) {
      const before = readSettings(db);
      const after = writeSettingsChecked(db, patch);
      // Applied without a restart.
      if (after.batchTime !== before.batchTime) schedule();
      if (after.pollIntervalMs !== before.pollIntervalMs && watcher) {
        await startWatching();
        // A photo that arrived while the watcher was being swapped raised no event in either one.
        await intake.reconcile().catch(() => []);
      }
      events.emit('settings-changed', after);
      return after;
    },
    async setWatching({ paused }) {
      if (paused) await stopWatching();
      else {
        await startWatching();
        await intake.reconcile();
      }
      return { watching: !paused };
    },
    async pickList(args) {
      return buildPickList(db, args, clock()).list;
    },
    async savePickListPdf(args) {
      const now = clock();
      return savePickListPdf(root, buildPickList(db, args, now), now);
    },
    async history({ from, to }) {
      return buildHistoryReport(db, from, to);
    },
    async historyCsv({ from, to }) {
      return { fileName: historyCsvFileName(from, to), csv: historyCsv(buildHistoryReport(db, from, to)) };
    },
    async sendTestWebhook() {
      // The saved URL, read now: a URL changed a moment ago is the one tested.
      return sendTestWebhook(readSettings(db).webhookUrl, clock());
    },
    async setStationRoot(args) {
      const target = await prepareStationFolder(args.root);
      if (target === root) return { root };
      const switchRoot = opts.switchRoot;
      if (!switchRoot)
        throw new StationRequestError('UNAVAILABLE', 'This station was started on a fixed folder; start it again with the other folder.');
      // "Moved" only once the new folder is open and served; if it cannot be opened, this station
      // stays and the screen shows why.
      try {
        await switchRoot(target);
      } catch (e) {
        throw new StationRequestError(
          'CONFLICT',
          `The station stays in ${root}: ${target} could not be opened (${e instanceof Error ? e.message : String(e)}).`,
        );
      }
      return { root: target };
    },
    // Printing belongs to the app window; the shell replaces these two (browser mode prints itself).
    async listPrinters() {
      return [];
    },
    async printWindow() {
      throw new StationRequestError('UNAVAILABLE', "Printing goes through the app window; in browser mode use the browser's Print.");
    },
  };

  return {
    root,
    handlers,
    events,
    db,
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await ready.catch(() => {});
      await watcher?.close();
      // A batch in progress finishes (an interrupted one would resume at the next start anyway,
      // but a clean finish keeps the night's report in one piece).
      await batch.whenIdle();
      await classifier.close();
      db.close();
    },
  };
}
