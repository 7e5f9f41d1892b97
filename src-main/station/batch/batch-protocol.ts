// Messages between the batch worker thread and the station's main thread. Classification goes
// through the main thread to the one classifier worker (which owns the only ONNX session).
import type { BatchProgress, BatchRun, BatchTrigger } from '../../../src-shared/domain.ts';
import type { ModelInfo, WireError, WireResult } from '../classify/classifier-protocol.ts';
import type { FitOutcome } from '../desk/fit-and-record.ts';

export interface BatchWorkerData {
  root: string;
  trigger: BatchTrigger;
}

export type FromBatch =
  | { type: 'model'; id: number }
  | { type: 'classify'; id: number; files: string[]; hash: boolean }
  | { type: 'started'; run: BatchRun }
  | { type: 'progress'; progress: BatchProgress }
  | { type: 'alert'; alertId: number }
  | { type: 'finished'; run: BatchRun }
  /** After 'finished': the desk head fit of the night (the worker ends after it). */
  | { type: 'desk-head'; outcome: FitOutcome }
  /** busyPid: the process whose batch holds the station's lock (the run never started). */
  | { type: 'crashed'; message: string; name: string; busyPid?: number };

export type ToBatch =
  | { type: 'model'; id: number; ok: true; model: ModelInfo }
  | { type: 'model'; id: number; ok: false; error: WireError }
  | { type: 'classified'; id: number; results: WireResult[] }
  | { type: 'classified'; id: number; error: string };
