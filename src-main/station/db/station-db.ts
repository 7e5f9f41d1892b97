// StationDb: the one owner of the station's SQLite connection. Everything that reads or writes
// station.db goes through it: one namespace per query module (db.items.getItem(id),
// db.runs.listBatchRuns()), the module's plain functions over a shared context with the context
// filled in. Create it with openStationDb() (open-station-db.ts), never directly.
//
// Item-returning queries take optional band thresholds; left out, the stored settings' thresholds
// are used, so every screen bands items the same way.
import type BetterSqlite3 from 'better-sqlite3';
import * as alerts from './alert-queries.ts';
import * as runs from './batch-run-queries.ts';
import * as bulk from './bulk-import.ts';
import { bindQueries } from './bind-queries.ts';
import { createDbContext, type DbContext } from './db-context.ts';
import * as desk from './desk-queries.ts';
import * as drift from './drift-queries.ts';
import * as driftInputs from './drift-input-queries.ts';
import * as history from './history-queries.ts';
import * as items from './item-queries.ts';
import { readUserVersion } from './migrations.ts';
import * as moves from './move-journal.ts';
import * as outbox from './outbox-queries.ts';
import * as picklists from './picklist-queries.ts';
import * as receiving from './receiving-queries.ts';
import * as review from './review-queries.ts';
import * as settings from './settings-queries.ts';

export type { BulkWriter, ImportedDecision } from './bulk-import.ts';
export type { FiledItem } from './picklist-queries.ts';
export type { NewItem } from './item-queries.ts';
export type { DeskHeadRecord, StoredDeskHead, StoredExample } from './desk-queries.ts';
export type { MoveJournalEntry } from './move-journal.ts';

// Each namespace is its query module with this connection's context filled in.
const itemsQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    insertItem: items.insertItem,
    getItem: items.getItem,
    getItemBySha256: items.getItemBySha256,
    getItemByRelPath: items.getItemByRelPath,
    listItemsByDay: items.listItemsByDay,
    listUnfiledItems: items.listUnfiledItems,
    listItemsByBatchRun: items.listItemsByBatchRun,
    dayCounts: items.dayCounts,
    updateItemLocation: items.updateItemLocation,
    addPrediction: items.addPrediction,
    latestPrediction: items.latestPrediction,
    latestReading: items.latestReading,
    countItems: items.countItems,
  });
const pickListsQueries = (ctx: DbContext) =>
  bindQueries(ctx, { filedItemsOfRun: picklists.filedItemsOfRun, filedItemsBetween: picklists.filedItemsBetween });
const historyQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    dailyItemCounts: history.dailyItemCounts,
    dailyAlertCounts: history.dailyAlertCounts,
    runsStartedBetween: history.runsStartedBetween,
  });
const reviewQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    addDecision: review.addDecision,
    getDecision: review.getDecision,
    undoDecision: review.undoDecision,
    recentDecisions: review.recentDecisions,
    reviewQueue: review.reviewQueue,
  });
const runsQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    startBatchRun: runs.startBatchRun,
    finishBatchRun: runs.finishBatchRun,
    getBatchRun: runs.getBatchRun,
    listBatchRuns: runs.listBatchRuns,
    lastFinishedBatchRun: runs.lastFinishedBatchRun,
    runningBatchRuns: runs.runningBatchRuns,
  });
const movesQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    planMove: moves.planMove,
    completeMove: moves.completeMove,
    movesForRun: moves.movesForRun,
    pendingMoves: moves.pendingMoves,
  });
const alertsQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    insertAlert: alerts.insertAlert,
    getAlert: alerts.getAlert,
    listAlerts: alerts.listAlerts,
    acknowledgeAlert: alerts.acknowledgeAlert,
    countUnacknowledgedAlerts: alerts.countUnacknowledgedAlerts,
  });
const settingsQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    getSettingRows: settings.getSettingRows,
    putSettingRows: settings.putSettingRows,
    getThresholds: settings.getThresholds,
    getLocations: settings.getLocations,
    setLocations: settings.setLocations,
  });

const deskQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    listDeskCategories: desk.listDeskCategories,
    addDeskCategory: desk.addDeskCategory,
    deskCategoryKinds: desk.deskCategoryKinds,
    deskExamples: desk.deskExamples,
    deskExampleCounts: desk.deskExampleCounts,
    recordDeskHead: desk.recordDeskHead,
    getDeskHead: desk.getDeskHead,
    listDeskHeads: desk.listDeskHeads,
    deskHeadsBetween: desk.deskHeadsBetween,
    deskHeadInUse: desk.deskHeadInUse,
    useDeskHead: desk.useDeskHead,
  });

const receivingQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    upsertExpectedReturns: receiving.upsertExpectedReturns,
    getExpectedReturn: receiving.getExpectedReturn,
    findExpectedFile: receiving.findExpectedFile,
    takeExpectedFile: receiving.takeExpectedFile,
    addCondition: receiving.addCondition,
    chosenDisposition: receiving.chosenDisposition,
    recordPickListCopy: receiving.recordPickListCopy,
    inventoryExportOf: receiving.inventoryExportOf,
    recordInventoryExport: receiving.recordInventoryExport,
    findReturnIds: receiving.findReturnIds,
    itemIdsOfReturn: receiving.itemIdsOfReturn,
    itemTrail: receiving.itemTrail,
    receivingCounts: receiving.receivingCounts,
  });
const outboxQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    enqueue: outbox.enqueue,
    dueMessages: outbox.dueMessages,
    nextDueAt: outbox.nextDueAt,
    markDelivered: outbox.markDelivered,
    markFailed: outbox.markFailed,
    outboxState: outbox.outboxState,
  });

const driftQueries = (ctx: DbContext) =>
  bindQueries(ctx, {
    auditSettings: drift.auditSettings,
    raiseFlag: drift.raiseFlag,
    clearDriftFlag: drift.clearDriftFlag,
    clearByAudit: drift.clearByAudit,
    getDriftFlag: drift.getDriftFlag,
    listDriftFlags: drift.listDriftFlags,
    flagOfAlert: drift.flagOfAlert,
    driftFlagView: drift.driftFlagView,
    recordNight: drift.recordNight,
    nightEstimates: drift.nightEstimates,
    recordCheck: drift.recordCheck,
    latestCheck: drift.latestCheck,
    auditFigures: drift.auditFigures,
    stationHealth: drift.stationHealth,
    nightPhotos: driftInputs.nightPhotos,
    settledNights: driftInputs.settledNights,
    deskReference: driftInputs.deskReference,
    storeDeskReference: driftInputs.storeDeskReference,
  });

export interface DbPragmas {
  journalMode: string;
  foreignKeys: boolean;
  busyTimeoutMs: number;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  userVersion: number;
}

export class StationDb {
  readonly #db: BetterSqlite3.Database;
  readonly #ctx: DbContext;
  /** Items and their predictions. */
  readonly items: ReturnType<typeof itemsQueries>;
  /** Filed items in warehouse order, for pick lists. */
  readonly pickLists: ReturnType<typeof pickListsQueries>;
  /** Daily figures for the History screen. */
  readonly history: ReturnType<typeof historyQueries>;
  /** Review decisions and the queue. */
  readonly review: ReturnType<typeof reviewQueries>;
  /** Batch runs. */
  readonly runs: ReturnType<typeof runsQueries>;
  /** The move journal: every move planned before it happens. */
  readonly moves: ReturnType<typeof movesQueries>;
  /** Alerts. */
  readonly alerts: ReturnType<typeof alertsQueries>;
  /** Setting rows (whole settings, checked against the contract, come from station/db/stored-settings.ts), thresholds and warehouse locations. */
  readonly settings: ReturnType<typeof settingsQueries>;
  /** Desk learning: the desk's categories, the examples, the desk heads and the one in use. */
  readonly desk: ReturnType<typeof deskQueries>;
  /** Receiving: announced returns and their files, item conditions, saved pick lists, exports. */
  readonly receiving: ReturnType<typeof receivingQueries>;
  /** The outbound webhook's outbox. */
  readonly outbox: ReturnType<typeof outboxQueries>;
  /** The station checking itself: the audit sample, drift flags, night estimates and drift checks. */
  readonly drift: ReturnType<typeof driftQueries>;

  /** @internal — use openStationDb(). */
  constructor(
    db: BetterSqlite3.Database,
    readonly file: string,
    clock: () => Date = () => new Date(),
  ) {
    this.#db = db;
    this.#ctx = createDbContext(db, clock);
    this.items = itemsQueries(this.#ctx);
    this.pickLists = pickListsQueries(this.#ctx);
    this.history = historyQueries(this.#ctx);
    this.review = reviewQueries(this.#ctx);
    this.runs = runsQueries(this.#ctx);
    this.moves = movesQueries(this.#ctx);
    this.alerts = alertsQueries(this.#ctx);
    this.settings = settingsQueries(this.#ctx);
    this.desk = deskQueries(this.#ctx);
    this.receiving = receivingQueries(this.#ctx);
    this.outbox = outboxQueries(this.#ctx);
    this.drift = driftQueries(this.#ctx);
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  /** Runs fn in one transaction (nested calls become savepoints). fn must be synchronous: an await
   * inside would let other work interleave with a half-written transaction. */
  transaction<T>(fn: () => T): T {
    return this.#ctx.tx(fn);
  }

  /** Raw rows with their own times, all in one transaction (see bulk-import.ts). */
  bulkImport<T>(fill: (w: bulk.BulkWriter) => T): T {
    return bulk.bulkImport(this.#ctx, fill);
  }

  // Health and maintenance ------------------------------------------------------------------------
  /** The rows of PRAGMA integrity_check: ['ok'] when the file is sound. */
  integrityCheck(): string[] {
    return (this.#db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  pragmas(): DbPragmas {
    const p = (name: string) => this.#db.pragma(name, { simple: true });
    return {
      journalMode: String(p('journal_mode')),
      foreignKeys: p('foreign_keys') === 1,
      busyTimeoutMs: Number(p('busy_timeout')),
      synchronous: Number(p('synchronous')),
      userVersion: readUserVersion(this.#db),
    };
  }

  /** An online, consistent copy of the whole database (SQLite's backup API: safe while the station
   * keeps writing). Used by backup.ts. */
  async backupTo(destFile: string): Promise<void> {
    await this.#db.backup(destFile);
  }

  /** Closes the connection. PRAGMA optimize first, as SQLite recommends before closing a
   * long-lived connection: it refreshes the planner's statistics where they went stale. */
  close(): void {
    if (!this.#db.open) return;
    try {
      this.#db.pragma('optimize');
    } finally {
      this.#db.close();
    }
  }
}
