// StationDb: the one owner of the station's SQLite connection. Everything that reads or writes
// station.db goes through these typed methods; the query files behind them are plain functions
// over a shared context. Create it with openStationDb() (open-station-db.ts), never directly.
//
// Item-returning methods take optional band thresholds; left out, the stored settings' thresholds
// are used, so every screen bands items the same way.
import type BetterSqlite3 from 'better-sqlite3';
import type { DecisionWithItem } from '../../../src-shared/contract.ts';
import type {
  Alert,
  BandThresholds,
  BatchRun,
  Item,
  ItemLocation,
  ItemStatus,
  Prediction,
  ReviewDecision,
  WarehouseLocation,
} from '../../../src-shared/domain.ts';
import * as alerts from './alert-queries.ts';
import * as runs from './batch-run-queries.ts';
import * as bulk from './bulk-import.ts';
import { createDbContext, type DbContext } from './db-context.ts';
import * as history from './history-queries.ts';
import * as items from './item-queries.ts';
import { readUserVersion } from './migrations.ts';
import * as moves from './move-journal.ts';
import * as picklists from './picklist-queries.ts';
import * as review from './review-queries.ts';
import * as settings from './settings-queries.ts';

export type { BulkWriter, ImportedDecision } from './bulk-import.ts';
export type { FiledItem } from './picklist-queries.ts';
export type { NewItem } from './item-queries.ts';
export type { MoveJournalEntry } from './move-journal.ts';

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

  /** @internal — use openStationDb(). */
  constructor(
    db: BetterSqlite3.Database,
    readonly file: string,
    clock: () => Date = () => new Date(),
  ) {
    this.#db = db;
    this.#ctx = createDbContext(db, clock);
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  /** Runs fn in one transaction (nested calls become savepoints). fn must be synchronous: an await
   * inside would let other work interleave with a half-written transaction. */
  transaction<T>(fn: () => T): T {
    return this.#ctx.tx(fn);
  }

  // Items and predictions -------------------------------------------------------------------------
  insertItem(input: items.NewItem): Item {
    return items.insertItem(this.#ctx, input);
  }
  getItem(id: number, thresholds?: BandThresholds): Item | null {
    return items.getItem(this.#ctx, id, thresholds);
  }
  getItemBySha256(sha256: string, thresholds?: BandThresholds): Item | null {
    return items.getItemBySha256(this.#ctx, sha256, thresholds);
  }
  getItemByRelPath(relPath: string, thresholds?: BandThresholds): Item | null {
    return items.getItemByRelPath(this.#ctx, relPath, thresholds);
  }
  listItemsByDay(day: string, limit = 200, offset = 0, thresholds?: BandThresholds): Item[] {
    return items.listItemsByDay(this.#ctx, day, limit, offset, thresholds);
  }
  listUnfiledItems(thresholds?: BandThresholds): Item[] {
    return items.listUnfiledItems(this.#ctx, thresholds);
  }
  listItemsByBatchRun(batchRunId: number, thresholds?: BandThresholds): Item[] {
    return items.listItemsByBatchRun(this.#ctx, batchRunId, thresholds);
  }
  dayCounts(day: string): { received: number; classified: number; failed: number } {
    return items.dayCounts(this.#ctx, day);
  }
  updateItemLocation(
    id: number,
    location: ItemLocation,
    relPath: string,
    status: ItemStatus,
    error?: string | null,
    batchRunId?: number | null,
  ): Item {
    return items.updateItemLocation(this.#ctx, id, location, relPath, status, error, batchRunId);
  }
  addPrediction(itemId: number, prediction: items.NewPrediction, thresholds?: BandThresholds): Item {
    return items.addPrediction(this.#ctx, itemId, prediction, thresholds);
  }
  latestPrediction(itemId: number): Prediction | null {
    return items.latestPrediction(this.#ctx, itemId);
  }

  /** How many items are recorded at all (cheap: the table's primary key). */
  countItems(): number {
    return items.countItems(this.#ctx);
  }

  // Pick lists ------------------------------------------------------------------------------------
  filedItemsOfRun(batchRunId: number, thresholds?: BandThresholds): picklists.FiledItem[] {
    return picklists.filedItemsOfRun(this.#ctx, batchRunId, thresholds);
  }
  filedItemsBetween(from: string, to: string, thresholds?: BandThresholds): picklists.FiledItem[] {
    return picklists.filedItemsBetween(this.#ctx, from, to, thresholds);
  }

  // History ---------------------------------------------------------------------------------------
  dailyItemCounts(days: readonly history.DayRange[], thresholds: BandThresholds): history.DayItemCounts[] {
    return history.dailyItemCounts(this.#ctx, days, thresholds);
  }
  dailyAlertCounts(days: readonly history.DayRange[]): history.DayAlertCounts[] {
    return history.dailyAlertCounts(this.#ctx, days);
  }
  runsStartedBetween(from: string, to: string): history.RunRow[] {
    return history.runsStartedBetween(this.#ctx, from, to);
  }

  /** Raw rows with their own times, all in one transaction (see bulk-import.ts). */
  bulkImport<T>(fill: (w: bulk.BulkWriter) => T): T {
    return bulk.bulkImport(this.#ctx, fill);
  }

  // Review ----------------------------------------------------------------------------------------
  addDecision(input: review.NewDecision, thresholds?: BandThresholds): DecisionWithItem {
    return review.addDecision(this.#ctx, input, thresholds);
  }
  getDecision(id: number): ReviewDecision | null {
    return review.getDecision(this.#ctx, id);
  }
  undoDecision(decisionId: number, thresholds?: BandThresholds): DecisionWithItem | null {
    return review.undoDecision(this.#ctx, decisionId, thresholds);
  }
  recentDecisions(limit = 10, thresholds?: BandThresholds): DecisionWithItem[] {
    return review.recentDecisions(this.#ctx, limit, thresholds);
  }
  reviewQueue(band: 'low' | 'medium', thresholds?: BandThresholds, day?: string): Item[] {
    return review.reviewQueue(this.#ctx, band, thresholds, day);
  }

  // Batch runs ------------------------------------------------------------------------------------
  startBatchRun(input: runs.NewBatchRun): BatchRun {
    return runs.startBatchRun(this.#ctx, input);
  }
  finishBatchRun(id: number, result: runs.BatchRunResult): BatchRun {
    return runs.finishBatchRun(this.#ctx, id, result);
  }
  getBatchRun(id: number): BatchRun | null {
    return runs.getBatchRun(this.#ctx, id);
  }
  listBatchRuns(limit = 50): BatchRun[] {
    return runs.listBatchRuns(this.#ctx, limit);
  }
  lastFinishedBatchRun(): BatchRun | null {
    return runs.lastFinishedBatchRun(this.#ctx);
  }
  runningBatchRuns(): BatchRun[] {
    return runs.runningBatchRuns(this.#ctx);
  }

  // Move journal ----------------------------------------------------------------------------------
  planMove(move: moves.PlannedMove): moves.MoveJournalEntry {
    return moves.planMove(this.#ctx, move);
  }
  completeMove(id: number): moves.MoveJournalEntry {
    return moves.completeMove(this.#ctx, id);
  }
  movesForRun(batchRunId: number): moves.MoveJournalEntry[] {
    return moves.movesForRun(this.#ctx, batchRunId);
  }
  pendingMoves(): moves.MoveJournalEntry[] {
    return moves.pendingMoves(this.#ctx);
  }

  // Alerts ----------------------------------------------------------------------------------------
  insertAlert(alert: alerts.NewAlert): Alert {
    return alerts.insertAlert(this.#ctx, alert);
  }
  getAlert(id: number): Alert | null {
    return alerts.getAlert(this.#ctx, id);
  }
  listAlerts(includeAcknowledged = false): Alert[] {
    return alerts.listAlerts(this.#ctx, includeAcknowledged);
  }
  acknowledgeAlert(id: number, by: string): Alert | null {
    return alerts.acknowledgeAlert(this.#ctx, id, by);
  }
  countUnacknowledgedAlerts(): number {
    return alerts.countUnacknowledgedAlerts(this.#ctx);
  }

  // Settings and warehouse locations --------------------------------------------------------------
  /** key → stored JSON text. Whole settings, checked against the contract, come from
   * station/settings/stored-settings.ts (readSettings / writeSettings). */
  settingRows(): Map<string, string> {
    return settings.getSettingRows(this.#ctx);
  }
  /** @internal — rows already checked by writeSettings. */
  storeSettingRows(rows: ReadonlyMap<string, string>, locations?: readonly WarehouseLocation[]): void {
    settings.putSettingRows(this.#ctx, rows, locations);
  }
  /** The stored band thresholds, or the defaults when none (or no valid ones) are stored. */
  getThresholds(): BandThresholds {
    return settings.getThresholds(this.#ctx);
  }
  getLocations(): WarehouseLocation[] {
    return settings.getLocations(this.#ctx);
  }
  setLocations(locations: readonly WarehouseLocation[]): WarehouseLocation[] {
    return settings.setLocations(this.#ctx, locations);
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
