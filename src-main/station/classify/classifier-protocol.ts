// Messages between the classifier worker and the station's main thread. Plain structured-clone
// data: no classes cross the boundary.
import type { ClassifyErrorCode } from './classify-errors.ts';
import type { Prediction } from './classifier.ts';

export interface ModelInfo {
  name: string;
  version: string;
  sha256: string;
  labels: string[];
  metrics: Record<string, unknown>;
  dir: string;
}

export interface ClassifierWorkerData {
  modelDir: string;
  /** ONNX Runtime threads; the worker's decodes use sharp's own pool. */
  threads: number;
  decodeConcurrency: number;
}

export type ClassifyRequest = { type: 'classify'; id: number; files: string[] };

export type WireError = { code: ClassifyErrorCode | 'WORKER_FAILED'; message: string; file?: string };
export type WireResult = { ok: true; prediction: Prediction } | { ok: false; error: WireError };

export type WorkerReply =
  | { type: 'ready'; model: ModelInfo }
  | { type: 'fatal'; error: WireError }
  | { type: 'results'; id: number; results: WireResult[] };

