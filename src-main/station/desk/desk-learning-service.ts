// Desk learning in the station: the requests of Review's "new category…" and Settings' desk-head
// section, the fit behind "Retrain now" (one at a time, in desk-fit-worker.ts), and the state both
// screens show, announced as 'desk-learning' whenever it changes (a nightly fit included).
import type { StationHandlers } from '../../../src-shared/contract.ts';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { DeskHead, DeskLearningState } from '../../../src-shared/desk-learning.ts';
import type { ModelInfo } from '../classify/classifier-protocol.ts';
import type { DeskHeadRecord, StationDb } from '../db/station-db.ts';
import type { StationEventBus } from '../station-events.ts';
import { spawnModuleWorker } from '../workers/spawn-module-worker.ts';
import { addStationCategory, stationCategories } from './desk-categories.ts';
import type { DeskFitReply, DeskFitWorkerData } from './desk-fit-worker.ts';
import type { FitOutcome } from './fit-and-record.ts';

const entry = new URL('./desk-fit-worker.ts', import.meta.url);

export type DeskHandlers = Pick<StationHandlers, 'addCategory' | 'deskLearning' | 'retrainDeskHead' | 'useDeskHead'>;

export interface DeskLearning {
  handlers: DeskHandlers;
  /** A nightly fit's outcome (from the batch worker): remembered and announced. */
  fitted(outcome: FitOutcome): void;
  /** Waits for a fit in progress. */
  close(): Promise<void>;
}

export interface DeskLearningDeps {
  root: string;
  db: StationDb;
  events: StationEventBus;
  /** The loaded model, or null while it loads (or cannot). */
  model: () => ModelInfo | null;
}

export function publicHead({ weights: _w, modelSha256: _m, lastDecisionId: _l, ...head }: DeskHeadRecord & { weights?: Buffer }): DeskHead {
  return head;
}

export function createDeskLearning({ root, db, events, model }: DeskLearningDeps): DeskLearning {
  let fitting: Promise<FitOutcome> | null = null;
  let lastProblem: string | null = null;

  function state(): DeskLearningState {
    const m = model();
    const counts = m ? db.desk.deskExampleCounts(m.sha256) : {};
    return {
      inUse: db.desk.deskHeadInUse(),
      heads: m ? db.desk.listDeskHeads(m.sha256).map(publicHead) : [],
      examples: Object.values(counts).reduce((a, n) => a + n, 0),
      examplesByCategory: counts,
      fitting: fitting !== null,
      lastProblem,
    };
  }
  const announce = () => events.emit('desk-learning', state());

  function fitted(outcome: FitOutcome) {
    lastProblem = outcome.problem;
    announce();
  }

  function fitInWorker(m: ModelInfo): Promise<FitOutcome> {
    const data: DeskFitWorkerData = { root, modelSha256: m.sha256, labels: m.labels, trigger: 'manual' };
    const worker = spawnModuleWorker(entry, data as unknown as Record<string, unknown>);
    return new Promise<FitOutcome>((resolve, reject) => {
      worker.once('message', (r: DeskFitReply) => (r.ok ? resolve(r.outcome) : reject(new Error(r.message))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The desk head fit stopped (exit code ${code}); the head in use is unchanged.`)));
    });
  }

  const handlers: DeskHandlers = {
    async addCategory({ name, clerk, kind }) {
      const m = model();
      const added = addStationCategory(db, m, name, clerk, kind);
      const categories = stationCategories(db, m?.labels ?? null);
      events.emit('categories-changed', { categories });
      return { ...added, categories };
    },
    async deskLearning() {
      return state();
    },
    async retrainDeskHead() {
      const m = model();
      if (!m) throw new StationRequestError('UNAVAILABLE', 'The model is not loaded yet; try again in a moment.');
      if (fitting) throw new StationRequestError('CONFLICT', 'A desk head is being fitted already.');
      fitting = fitInWorker(m);
      announce();
      try {
        const outcome = await fitting;
        lastProblem = outcome.problem;
        return { head: outcome.head ? publicHead(outcome.head) : null, state: { ...state(), fitting: false } };
      } finally {
        fitting = null;
        announce();
      }
    },
    async useDeskHead({ headId }) {
      if (headId !== null) {
        const head = db.desk.getDeskHead(headId);
        if (!head || head.modelSha256 !== model()?.sha256)
          throw new StationRequestError('NOT_FOUND', `No desk head ${headId} for this model.`);
        if (!head.accepted) throw new StationRequestError('CONFLICT', `Desk head #${headId} was not used: ${head.reason}`);
      }
      db.desk.useDeskHead(headId);
      announce();
      return state();
    },
  };

  return {
    handlers,
    fitted,
    async close() {
      await fitting?.catch(() => {});
    },
  };
}
