// Receiving in one piece for the composition root: the expected/ folder, the contract requests
// (announcing returns, what a scanned return id expects, condition and disposition, find a
// return, the outbox's state), the inventory export after each batch and the outbound webhook's
// sender. Plain Node, like the rest of the core.
import type { StationHandlers } from '../../../src-shared/contract.ts';
import type { BatchRun, Item } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import type { CollectedPickList } from '../picklists/build-pick-list.ts';
import { readSettings } from '../db/stored-settings.ts';
import { createExpectedFolder, type ExpectedFolderOptions } from './expected-folder.ts';
import { checkExpectedRows } from './expected-rows.ts';
import { findReturn } from './find-return.ts';
import { exportBatchRun, exportMissedRun, exportRowOf, webhookBodyOf } from './inventory-export.ts';
import { setItemCondition } from './item-condition.ts';
import { createOutboxSender, type OutboxSenderOptions } from './outbox-sender.ts';

type ReceivingHandlers = Pick<StationHandlers, 'addExpectedReturns' | 'expectedReturn' | 'setItemCondition' | 'findReturn' | 'outboxState'>;

export interface ReceivingOptions {
  root: string;
  db: StationDb;
  clock: () => Date;
  /** The station's categories now. */
  categories: () => string[];
  onItemUpdated?: (item: Item) => void;
  /** Test knobs: how soon files and retries are looked at. */
  folder?: Pick<ExpectedFolderOptions, 'stableMs' | 'pollMs'>;
  outbox?: Pick<OutboxSenderOptions, 'backoffMs' | 'maxBackoffMs' | 'idleMs'>;
}

export interface Receiving {
  handlers: ReceivingHandlers;
  /** Exports a finished run and queues its messages. */
  afterBatch(run: BatchRun): Promise<void>;
  /** Records a saved pick list's items (find-a-return's timeline). */
  pickListSaved(collected: CollectedPickList, relPath: string): void;
  /** The start-up work: a run a crash left unexported, then the folder and the sender. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createReceiving(opts: ReceivingOptions): Receiving {
  const { root, db, clock } = opts;
  const settings = () => readSettings(db);
  const folder = createExpectedFolder({ root, db, categories: opts.categories, ...opts.folder });
  const sender = createOutboxSender({ db, url: () => settings().inventoryWebhookUrl, ...opts.outbox });

  let exporting: Promise<void> = Promise.resolve();
  const afterBatch = (run: BatchRun) => (exporting = exporting.then(() => exportRun(run)));
  async function exportRun(run: BatchRun) {
    try {
      if (await exportBatchRun(root, db, run, settings(), clock())) sender.kick();
    } catch (e) {
      // The run stays unexported; the next start exports it (exportMissedRun).
      console.error(`[station] inventory export of run ${run.id} failed:`, e);
    }
  }

  const handlers: ReceivingHandlers = {
    async addExpectedReturns({ rows }) {
      const checked = checkExpectedRows(rows, opts.categories());
      db.receiving.upsertExpectedReturns(checked.good, 'request');
      return { stored: checked.good.length, errors: checked.errors };
    },
    expectedReturn: async ({ returnId }) => db.receiving.getExpectedReturn(returnId.trim().toUpperCase()),
    async setItemCondition({ itemId, grade, disposition, clerk }) {
      const s = settings();
      const { item, condition } = setItemCondition(
        db,
        s.dispositionRules,
        { itemId, grade, disposition, clerk },
        (changed, conditionId) => {
          // An item already reported settled is reported again with its new condition.
          if (changed.location !== 'processed' || changed.batchRunId === null || !db.receiving.inventoryExportOf(changed.batchRunId))
            return;
          const key = `item-${changed.id}-condition-${conditionId}`;
          db.outbox.enqueue(key, changed.id, webhookBodyOf(key, exportRowOf(db, changed, s), clock().toISOString()));
        },
      );
      sender.kick();
      opts.onItemUpdated?.(item);
      return condition;
    },
    async findReturn({ query, limit }) {
      const s = settings();
      return findReturn({ db, rules: s.dispositionRules, locations: s.locations }, query, limit);
    },
    outboxState: async () => db.outbox.outboxState(settings().inventoryWebhookUrl !== ''),
  };

  return {
    handlers,
    afterBatch,
    pickListSaved(collected, relPath) {
      const ids = collected.list.groups.flatMap((g) => g.lines.map((l) => l.itemId));
      db.receiving.recordPickListCopy(relPath, collected.list.title, ids);
    },
    async start() {
      await exportMissedRun(root, db, settings(), clock()).catch((e: unknown) => console.error('[station] inventory export failed:', e));
      folder.start();
      sender.start();
    },
    async close() {
      await exporting;
      await folder.close();
      await sender.close();
    },
  };
}
